"""Fingerprints of a bill's inputs, so a later run can tell whether anything changed."""

from __future__ import annotations

import hashlib
import json
import threading
from functools import lru_cache
from json.encoder import encode_basestring_ascii

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
    if type(value) is str:            # what JSONEncoder.encode does for a str (ensure_ascii)
        return encode_basestring_ascii(value)
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

    def fingerprint_of(self, values: tuple[str, ...]) -> str:
        """``fingerprint`` of the own parts' encoded values in key order (``order``)."""
        text = "".join([p + v for p, v in zip(self.pieces, values)]) + self.tail
        return hashlib.sha256(text.encode()).hexdigest()


def fingerprint_encoded(parts: dict[str, str]) -> str:
    """``bill_fingerprint`` of parts whose values are already ``encode``d."""
    return FingerprintTemplate(parts, ()).fingerprint({})


_OWN_PARTS = ("account", "data", "local_price", "local", "export")
_OWN_ORDER = ("account", "data", "export", "local", "local_price")   # sorted: the text's order
assert sorted(_OWN_PARTS) == list(_OWN_ORDER)


class BatchFingerprints:
    """The fingerprint of each bill of a batch (``bill_fingerprint``'s text): the parts that many
    bills share (period, zone, tariff segments, price series) are encoded once per segments."""

    def __init__(self, batch, g, local, export, has_local, has_export):
        self.batch, self.g = batch, g
        self.local, self.export = local, export
        self.has_local, self.has_export = has_local, has_export
        self.price_digests: dict[tuple, str] = {}
        self.by_segs: dict[tuple[int, bool], FingerprintTemplate] = {}
        self.digests: dict[tuple[str, int, int, int], str] = {}
        self._thread: threading.Thread | None = None
        self.common = {"period": encode([batch.period.start.isoformat(),
                                         batch.period.end.isoformat()]),
                       "timezone": encode(batch.timezone),
                       "round_payable": encode(batch.round_payable)}

    def _template(self, segs, spec) -> FingerprintTemplate:
        key = (id(segs), spec.vat_registered)
        got = self.by_segs.get(key)
        if got is not None:
            return got
        prices = {}
        for seg in segs:
            a, b = int(self.g.day_first[seg.d0]), int(self.g.day_first[seg.d1])
            for comp in seg.version.components:
                if comp.series:
                    pk = (comp.series, a, b)
                    if pk not in self.price_digests:
                        arr = self.batch.prices.get(comp.series)
                        self.price_digests[pk] = "absent" if arr is None else array_digest(
                            np.asarray(arr)[a:b])
                    prices[f"{comp.series}@{seg.start}"] = self.price_digests[pk]
        got = self.by_segs[key] = FingerprintTemplate({
            **self.common,
            "supply": encode([spec.supply_start.isoformat(),
                              spec.supply_end.isoformat() if spec.supply_end else None]),
            "tariffs": encode([[s.start.isoformat(), s.end.isoformat(), tariff_digest(s.version)]
                               for s in segs]),
            "prices": encode(prices),
            # only when set, so the fingerprints of everything else stay as they were
            **({"vat_registered": encode(True)} if spec.vat_registered else {})}, _OWN_PARTS)
        return got

    def hash_rows(self, spans: list[tuple[int, int, int]]) -> None:
        """Start hashing, on a thread of its own, the local and export rows that the
        fingerprints of accounts ``(i, i0, i1)`` need: hashlib and numpy release the GIL,
        so this runs beside the billing. ``of`` waits for it (or hashes what is missing)."""
        jobs = [(name, i, i0, i1) for i, i0, i1 in spans
                for name, has in (("local", self.has_local), ("export", self.has_export))
                if has[i]]
        if not jobs:
            return

        def run():
            for name, i, i0, i1 in jobs:
                self.digests[(name, i, i0, i1)] = self._digest(name, i, i0, i1)

        self._thread = threading.Thread(target=run, name="billdesk-fingerprints", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Wait for the rows started by ``hash_rows``."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def of(self, i: int, segs, i0: int, i1: int) -> str:
        """Account ``i``'s fingerprint: its tariff ``segs`` and supplied intervals [i0, i1)
        (those given to ``hash_rows``; call ``wait`` first)."""
        spec = self.batch.accounts[i]
        # the own parts in key order (_OWN_ORDER): account, data, export, local, local_price
        return self._template(segs, spec).fingerprint_of((
            encode(spec.account), encode(spec.data_token),
            self._row("export", i, i0, i1) if self.has_export[i] else '""',
            self._row("local", i, i0, i1) if self.has_local[i] else '""',
            local_price_part(spec)))

    def _row(self, name: str, i: int, i0: int, i1: int) -> str:
        got = self.digests.get((name, i, i0, i1))
        return got if got is not None else self._digest(name, i, i0, i1)

    def _digest(self, name: str, i: int, i0: int, i1: int) -> str:
        """``encode(array_digest(matrix[i, i0:i1]))``. A stretch of little-endian float64 with
        neither -0.0 nor NaN is what array_digest would hash: hashed where it lies, no copy."""
        row = getattr(self, name)[i, i0:i1]
        if row.dtype == _F8 and row.flags.c_contiguous and not (
                np.isnan(row).any() or (row.view(np.uint64) == _NEG_ZERO).any()):
            return f'"{hashlib.sha256(row).hexdigest()}"'
        return f'"{array_digest(row)}"'


_F8 = np.dtype("<f8")
_NEG_ZERO = np.uint64(0x8000000000000000)


def local_price_part(spec) -> str:
    """The local price in the fingerprint; a community's type and rules join it when they
    are not today's flat generic price (so those fingerprints stay as they were)."""
    t = spec.community
    if t is None or (t.type.value == "generic" and t.local_price.flat is not None):
        return "null" if spec.local_price is None else encode(str(spec.local_price))
    return encode(f"{spec.local_price}|{t.fingerprint_part()}")
