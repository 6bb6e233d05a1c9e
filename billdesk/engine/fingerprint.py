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
_KEYS: dict[str, str] = {}


def fingerprint_encoded(parts: dict[str, str]) -> str:
    """``bill_fingerprint`` of parts whose values are already ``encode``d (the same text, so
    the same hash): parts shared by many bills are encoded once."""
    items = sorted({"rules": _RULES, **parts}.items())
    keys = _KEYS
    text = "{" + ",".join([(keys.get(k) or keys.setdefault(k, encode(k))) + ":" + v
                           for k, v in items]) + "}"
    return hashlib.sha256(text.encode()).hexdigest()
