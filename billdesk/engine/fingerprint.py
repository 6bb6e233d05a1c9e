"""Fingerprints of a bill's inputs, so a later run can tell whether anything changed."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

import numpy as np

from billdesk.domain.tariff import TariffVersion

ENGINE_RULES = "billdesk-engine/1"  # bump when the billing rules change results


def array_digest(a: np.ndarray | None) -> str:
    """sha256 of a float array's values (little-endian float64; -0.0 and NaN normalised)."""
    if a is None:
        return ""
    v = np.ascontiguousarray(a, dtype="<f8") + 0.0
    v[np.isnan(v)] = np.nan
    return hashlib.sha256(v.tobytes()).hexdigest()


@lru_cache(maxsize=1024)
def tariff_digest(version: TariffVersion) -> str:
    text = json.dumps(version.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def bill_fingerprint(parts: dict) -> str:
    """sha256 hex of the canonical JSON of ``parts`` (plain strings, lists, dicts)."""
    text = json.dumps({"rules": ENGINE_RULES, **parts}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()



_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))   # what json.dumps uses


def encode(value) -> str:
    """One part's canonical JSON, exactly as ``bill_fingerprint`` writes it."""
    return _ENCODER.encode(value)


_RULES = encode(ENGINE_RULES)


class FingerprintTemplate:
    """``bill_fingerprint`` of bills whose parts are mostly shared (period, zone, tariffs,
    prices): the shared parts' JSON is laid out once, in key order, around slots for each
    bill's own parts — the same text, so the same hash."""

    def __init__(self, shared: dict[str, str], own: tuple[str, ...]):
        """``shared``: encoded values by key; ``own``: the keys each bill fills in."""
        self.pieces: list[str] = []
        self.order: list[str] = []
        text, sep = "{", ""
        for key in sorted({"rules", *shared, *own}):
            head = f"{sep}{encode(key)}:"
            sep = ","
            if key in own:
                self.pieces.append(text + head)
                self.order.append(key)
                text = ""
            else:
                text += head + (_RULES if key == "rules" else shared[key])
        self.tail = text + "}"

    def fingerprint(self, own: dict[str, str]) -> str:
        """The fingerprint with the bill's own encoded parts filled in."""
        text = "".join([p + own[k] for p, k in zip(self.pieces, self.order)]) + self.tail
        return hashlib.sha256(text.encode()).hexdigest()


def fingerprint_encoded(parts: dict[str, str]) -> str:
    """``bill_fingerprint`` of parts whose values are already ``encode``d."""
    return FingerprintTemplate(parts, ()).fingerprint({})
