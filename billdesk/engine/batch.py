"""Bill a batch of accounts for one period in one vectorised pass."""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from billdesk.domain.bill import BillDraft, BillLine
from billdesk.domain.quality import QualityCounts, Thresholds
from billdesk.domain.run import ErrorCode
from billdesk.domain.tariff import ComponentType
from billdesk.engine.fingerprint import array_digest, bill_fingerprint, tariff_digest
from billdesk.engine.inputs import AccountOutcome, BatchInput
from billdesk.engine.lines import LineContext, component_lines, synthetic_local_component
from billdesk.engine.money import ZERO, minor_unit, payable_rounding, quantity, vat_per_rate
from billdesk.engine.quality import fill_gaps, filled_counts
from billdesk.engine.quantities import Block, compute, month_slices
from billdesk.engine.segments import NoTariff, Segment, segments
from billdesk.engine.timegrid import TimeGrid, time_grid

log = logging.getLogger(__name__)

CHUNK_ROWS = 2048       # accounts per block: bounds the temporary arrays
LOCAL_TOLERANCE = 1e-6  # kWh: local energy may exceed consumption by float noise only


class AccountError(Exception):
    def __init__(self, code: ErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class _Account:
    """Per-account state while the batch is billed."""

    segs: tuple[Segment, ...] = ()
    d0: int = 0             # supplied days (period offsets)
    d1: int = 0
    i0: int = 0             # supplied intervals
    i1: int = 0
    counts: QualityCounts = field(default_factory=QualityCounts)
    filled: np.ndarray | None = None   # consumption over [i0, i1) with gaps filled
    error: AccountError | None = None
    lines: list = field(default_factory=list)   # (sort key, BillLine)
    kwh: np.ndarray = field(default_factory=lambda: np.zeros(4))  # cons, local, grid, export


@contextmanager
def _gc_paused():
    """The engine makes many small acyclic objects (Decimals, lines): skip cycle collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def bill_batch(batch: BatchInput, thresholds: Thresholds) -> list[AccountOutcome]:
    """One AccountOutcome per account of ``batch``, in order; errors stay per account."""
    with _gc_paused():
        return _bill_batch(batch, thresholds)


def _bill_batch(batch: BatchInput, thresholds: Thresholds) -> list[AccountOutcome]:
    g = time_grid(batch.period, batch.timezone)
    n_acc = len(batch.accounts)
    cons = _matrix(batch.consumption, "consumption", n_acc, g.n)
    flags = _matrix(batch.flags, "flags", n_acc, g.n)
    local = None if batch.local is None else _matrix(batch.local, "local", n_acc, g.n)
    export = None if batch.export is None else _matrix(batch.export, "export", n_acc, g.n)
    has_local = _nonzero_rows(local, n_acc)
    has_export = _nonzero_rows(export, n_acc)

    # data quality of whole rows in one pass; accounts supplied for part of the period or
    # with missing values are recounted on their own slice in _prepare
    missing = flags > 2
    missing |= np.isnan(cons)
    row_missing = np.count_nonzero(missing, axis=1)
    del missing
    row_m0 = np.count_nonzero(flags == 0, axis=1)
    row_m1 = np.count_nonzero(flags == 1, axis=1)
    canon = _Interner()
    states = []
    for i in range(n_acc):
        whole = None if row_missing[i] else (int(row_m0[i]), int(row_m1[i]))
        states.append(_prepare(i, batch, g, cons, flags, local, thresholds, canon, whole))

    groups: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for i, st in enumerate(states):
        if st.error is None:
            for k, seg in enumerate(st.segs):
                groups[(id(seg), bool(has_local[i]), bool(has_export[i]))].append((i, k))
    for (_, with_local, with_export), members in groups.items():
        seg = states[members[0][0]].segs[members[0][1]]
        for c in range(0, len(members), CHUNK_ROWS):
            chunk = members[c:c + CHUNK_ROWS]
            try:
                _bill_block(batch, g, seg, chunk, states, cons,
                            local if with_local else None, export if with_export else None)
            except Exception as exc:  # a bug must not break the other blocks
                log.exception("billing block %s %s..%s failed", seg.version.code, seg.start, seg.end)
                for i, _ in chunk:
                    states[i].error = states[i].error or AccountError(
                        ErrorCode.INTERNAL, f"{type(exc).__name__}: {exc}")

    price_digests: dict[tuple, str] = {}
    tariff_digests: dict[int, str] = {}
    out = []
    for i, st in enumerate(states):
        spec = batch.accounts[i]
        try:
            fp = _fingerprint(batch, g, i, st, local if has_local[i] else None,
                              export if has_export[i] else None, price_digests,
                              tariff_digests) if st.segs else ""
        except Exception as exc:  # pragma: no cover - defensive
            log.exception("fingerprint of %s failed", spec.account)
            st.error = st.error or AccountError(ErrorCode.INTERNAL, f"fingerprint: {exc}")
            fp = ""
        if st.error is not None:
            out.append(AccountOutcome(spec.account, None, st.error.code.value, st.error.message,
                                      st.counts, fp))
            continue
        try:
            bill = _assemble(batch, st, spec.account, fp)
            msg = (f"{st.counts.missing} missing interval(s) filled (estimated)"
                   if st.counts.missing else "")
            out.append(AccountOutcome(spec.account, bill, None, msg, st.counts, fp))
        except Exception as exc:
            log.exception("assembling the bill of %s failed", spec.account)
            out.append(AccountOutcome(spec.account, None, ErrorCode.INTERNAL.value,
                                      f"{type(exc).__name__}: {exc}", st.counts, fp))
    return out


def _matrix(a, name: str, n_acc: int, n_int: int) -> np.ndarray:
    a = np.asarray(a)
    if a.shape != (n_acc, n_int):
        raise ValueError(f"{name} has shape {a.shape}, expected ({n_acc}, {n_int}): one row "
                         "per account, one column per 15-minute interval of the period")
    return a


def _nonzero_rows(a: np.ndarray | None, n: int) -> np.ndarray:
    if a is None:
        return np.zeros(n, dtype=bool)
    return np.count_nonzero(a, axis=1) > 0   # NaN counts as non-zero (and fails later)


class _Interner:
    """Equal tariff versions become one object, so accounts group by identity (fast)."""

    def __init__(self):
        self.by_id: dict[int, object] = {}
        self.by_value: dict = {}
        self.segments: dict[tuple, tuple[Segment, ...] | NoTariff] = {}

    def segs(self, spec, period) -> tuple[Segment, ...]:
        vs = []
        for v in spec.tariff_versions:
            c = self.by_id.get(id(v))
            if c is None:
                c = self.by_id[id(v)] = self.by_value.setdefault(v, v)
            vs.append(c)
        key = (tuple(id(v) for v in vs), spec.supply_start, spec.supply_end)
        got = self.segments.get(key)
        if got is None:
            try:
                got = segments(vs, spec.supply_start, spec.supply_end, period)
            except NoTariff as exc:
                got = exc
            self.segments[key] = got
        if isinstance(got, NoTariff):
            raise got
        return got


def _prepare(i: int, batch: BatchInput, g: TimeGrid, cons, flags, local,
             thresholds: Thresholds, canon: _Interner, whole: tuple[int, int] | None
             ) -> _Account:
    """Segments, data quality and gap filling of account ``i``.

    ``whole``: (measured, substituted) counts of the whole row when it has no missing value.
    """
    spec = batch.accounts[i]
    st = _Account()
    try:
        st.segs = canon.segs(spec, batch.period)
    except NoTariff as exc:
        st.error = AccountError(ErrorCode.NO_TARIFF, str(exc))
        return st
    st.d0, st.d1 = st.segs[0].d0, st.segs[-1].d1
    st.i0, st.i1 = int(g.day_first[st.d0]), int(g.day_first[st.d1])
    if whole is not None and st.i0 == 0 and st.i1 == g.n:
        st.counts = QualityCounts(whole[0], whole[1], g.n - whole[0] - whole[1], 0)
        reason = thresholds.check(st.counts)
        if reason:
            st.error = AccountError(ErrorCode.DATA_QUALITY, reason)
        return st
    f = flags[i, st.i0:st.i1]
    c = cons[i, st.i0:st.i1]
    missing = (f > 2) | np.isnan(c)
    n_miss = int(np.count_nonzero(missing))
    counts = np.bincount(np.where(missing, 3, f), minlength=4) if n_miss else None
    if counts is None:
        m0 = int(np.count_nonzero(f == 0))
        m1 = int(np.count_nonzero(f == 1))
        st.counts = QualityCounts(m0, m1, len(f) - m0 - m1, 0)
    else:
        st.counts = QualityCounts(*(int(x) for x in counts[:4]))
    if n_miss == len(f):
        st.error = AccountError(ErrorCode.NO_METER_DATA,
                                f"all {len(f)} intervals of the supplied period are missing")
        return st
    reason = thresholds.check(st.counts)
    if reason:
        st.error = AccountError(ErrorCode.DATA_QUALITY, reason)
        return st
    if n_miss:
        floor = None if local is None else np.nan_to_num(local[i, st.i0:st.i1])
        st.filled = fill_gaps(c, missing, g.minute[st.i0:st.i1], floor)
    return st


def _bill_block(batch: BatchInput, g: TimeGrid, seg: Segment, chunk: list[tuple[int, int]],
                states: list[_Account], cons, local, export) -> None:
    """Quantities of every component for the accounts in ``chunk`` over ``seg``, then lines."""
    rows = np.fromiter((i for i, _ in chunk), dtype=np.int64, count=len(chunk))
    i0, i1 = int(g.day_first[seg.d0]), int(g.day_first[seg.d1])
    c = np.asarray(cons[rows, i0:i1], dtype=np.float64)   # fancy indexing copies already
    for j, (i, _) in enumerate(chunk):
        st = states[i]
        if st.filled is not None:
            c[j] = st.filled[i0 - st.i0:i1 - st.i0]
    bad: dict[int, AccountError] = {}
    lo = ex = None
    if local is not None:
        lo = np.asarray(local[rows, i0:i1], dtype=np.float64)
        wrong = np.isnan(lo).any(axis=1) | (lo < 0).any(axis=1) | \
            (lo > c + LOCAL_TOLERANCE).any(axis=1)
        for j in np.flatnonzero(wrong):
            bad[j] = AccountError(ErrorCode.ALLOCATION_ERROR, "allocated local energy is unknown, "
                                  "negative or more than the consumption in some interval(s)")
        lo = np.clip(np.nan_to_num(lo), 0.0, c)
        gk = c - lo
    else:
        gk = c
    if export is not None:
        ex = np.asarray(export[rows, i0:i1], dtype=np.float64)
        wrong = np.isnan(ex).any(axis=1) | (ex < 0).any(axis=1)
        for j in np.flatnonzero(wrong):
            bad.setdefault(j, AccountError(ErrorCode.ALLOCATION_ERROR,
                                           "exported energy is unknown or negative"))
        ex = np.nan_to_num(ex)
    block = Block(g, seg, i0, i1, c, gk, lo, ex)
    comps = list(seg.version.components)
    has_local_comp = any(x.type is ComponentType.COMMUNITY_ENERGY for x in comps)
    qs = [compute(block, comp, batch.prices) for comp in comps]
    local_total = lo.sum(axis=1) if lo is not None else np.zeros(len(rows))
    synth = None
    if not has_local_comp and lo is not None:
        synth = synthetic_local_component(seg)
        comps.append(synth)
        qs.append(compute(block, synth, batch.prices))
    for comp, q in zip(comps, qs):
        if q.no_price is not None:
            for j in np.flatnonzero(q.no_price):
                bad.setdefault(j, AccountError(
                    ErrorCode.NO_TARIFF, f"price series {comp.series!r} has no price for "
                    f"{int(q.no_price[j])} interval(s) of {seg.start}..{seg.end}"))
    sums = np.stack([c.sum(axis=1), local_total, gk.sum(axis=1),
                     ex.sum(axis=1) if ex is not None else np.zeros(len(rows))], axis=1)
    slices = month_slices(block)
    unit = minor_unit(seg.version.currency)
    multi_month = len(g.months) > 1
    for j, (i, k) in enumerate(chunk):
        st = states[i]
        if st.error is not None:
            continue
        if j in bad:
            st.error = bad[j]
            continue
        spec = batch.accounts[i]
        if synth is not None and spec.local_price is None and local_total[j] > 0:
            st.error = AccountError(ErrorCode.ALLOCATION_ERROR,
                                    "community energy allocated but no local price is known")
            continue
        ctx = LineContext(unit, batch.period.start, seg, len(st.segs) > 1, multi_month,
                          st.d0, st.d1, spec.local_price, spec.vat_registered)
        st.kwh += sums[j]
        for n, (comp, q) in enumerate(zip(comps, qs)):
            if comp is synth and local_total[j] <= 0:
                continue
            for m, ln in enumerate(component_lines(comp, q, j, ctx, slices)):
                st.lines.append(((n, k, m), ln))


def _fingerprint(batch: BatchInput, g: TimeGrid, i: int, st: _Account, local, export,
                 price_digests: dict, tariff_digests: dict) -> str:
    spec = batch.accounts[i]
    prices = {}
    for seg in st.segs:
        if id(seg.version) not in tariff_digests:
            tariff_digests[id(seg.version)] = tariff_digest(seg.version)
        a, b = int(g.day_first[seg.d0]), int(g.day_first[seg.d1])
        for comp in seg.version.components:
            if comp.series:
                key = (comp.series, a, b)
                if key not in price_digests:
                    arr = batch.prices.get(comp.series)
                    price_digests[key] = "absent" if arr is None else array_digest(
                        np.asarray(arr)[a:b])
                prices[f"{comp.series}@{seg.start}"] = price_digests[key]
    return bill_fingerprint({
        "account": spec.account,
        "period": [batch.period.start.isoformat(), batch.period.end.isoformat()],
        "timezone": batch.timezone,
        "data": spec.data_token,
        "supply": [spec.supply_start.isoformat(),
                   spec.supply_end.isoformat() if spec.supply_end else None],
        "tariffs": [[s.start.isoformat(), s.end.isoformat(), tariff_digests[id(s.version)]]
                    for s in st.segs],
        "prices": prices,
        "local_price": None if spec.local_price is None else str(spec.local_price),
        "local": array_digest(local[i, st.i0:st.i1]) if local is not None else "",
        "export": array_digest(export[i, st.i0:st.i1]) if export is not None else "",
        "round_payable": batch.round_payable,
        # only when set, so the fingerprints of everything else stay as they were
        **({"vat_registered": True} if spec.vat_registered else {}),
    })


def _assemble(batch: BatchInput, st: _Account, account: str, fp: str) -> BillDraft:
    version = st.segs[0].version
    unit = minor_unit(version.currency)
    lines: tuple[BillLine, ...] = tuple(ln for _, ln in sorted(st.lines, key=lambda t: t[0]))
    net_total = sum((ln.net_amount for ln in lines), ZERO)
    vat = vat_per_rate(lines, unit)
    vat_total = sum((v.vat for v in vat), ZERO)
    total = net_total + vat_total
    rounding = ZERO
    if batch.round_payable and version.currency == "CHF":
        rounding = payable_rounding(total)
        total += rounding
    cons, loc, grid, exp = (quantity(float(x)) for x in st.kwh)
    return BillDraft(account, batch.period.start, batch.period.end, version.currency, lines,
                     net_total, vat, vat_total, total, rounding, filled_counts(st.counts), fp,
                     cons, loc, grid, exp, version.code)
