"""Each account's state while a batch is billed, and preparing it: tariff segments (equal
tariff versions interned, so accounts group by identity), data quality counted for whole rows
in numpy (the flags on a thread of their own) and gaps filled on the slices that need it
(billdesk.engine.quality). billdesk.engine.batch bills the prepared accounts."""

from __future__ import annotations

import threading

import numpy as np

from billdesk.domain.quality import Quality, QualityCounts, Thresholds
from billdesk.domain.run import ErrorCode
from billdesk.engine.inputs import BatchInput
from billdesk.engine.quality import fill_gaps
from billdesk.engine.quantities import BatchData
from billdesk.engine.segments import NoTariff, Segment, segments
from billdesk.engine.timegrid import TimeGrid

class AccountError(Exception):
    def __init__(self, code: ErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class AccountState:
    """Per-account state while the batch is billed."""

    __slots__ = ("segs", "d0", "d1", "i0", "i1", "counts", "filled", "error", "lines", "totals",
                 "saving", "table")

    def __init__(self):
        self.segs: tuple[Segment, ...] = ()
        self.d0 = self.d1 = 0           # supplied days (period offsets)
        self.i0 = self.i1 = 0           # supplied intervals
        self.counts: QualityCounts = _NO_COUNTS
        self.filled: np.ndarray | None = None   # consumption over [i0, i1) with gaps filled
        self.error: AccountError | None = None
        self.lines: list = []           # BillLine, or (sort key, BillLine) when split
        self.table = None               # one segment: (BlockLines, row) of its lines instead
        self.totals: tuple | None = None  # from the block (engine/totals.py), when one segment
        self.saving = None              # Decimal: a community member's saving against the
                                        # standard product


_NO_COUNTS = QualityCounts()


class Interner:
    """Equal tariff versions become one object, so accounts group by identity (fast)."""

    def __init__(self):
        self.by_id: dict[int, object] = {}
        self.by_value: dict = {}
        self.segments: dict[tuple, tuple[Segment, ...] | NoTariff] = {}
        # (id of a versions list, supply) -> (segments, the list: kept alive, so its id stays)
        self.by_list: dict[tuple, tuple] = {}

    def segs(self, spec, period) -> tuple[Segment, ...]:
        # accounts of one tariff usually share the list of its versions: one lookup
        quick = (id(spec.tariff_versions), spec.supply_start, spec.supply_end)
        got = self.by_list.get(quick)
        if got is None:
            got = self.by_list[quick] = (self._segs(spec, period), spec.tariff_versions)
        if isinstance(got[0], NoTariff):
            raise got[0]
        return got[0]

    def _segs(self, spec, period) -> tuple[Segment, ...] | NoTariff:
        try:
            return self._segments(spec, period)
        except NoTariff as exc:
            return exc

    def _segments(self, spec, period) -> tuple[Segment, ...]:
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


class FlagCounts:
    """Per row of ``flags``: the intervals missing, measured and substituted, counted on a
    thread of its own while the caller scans the other matrices."""

    def __init__(self, flags: np.ndarray):
        self.flags, self.out, self.error = flags, None, None
        self.thread = threading.Thread(target=self._run, name="billdesk-quality", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            f = self.flags
            self.out = (np.count_nonzero(f > Quality.ESTIMATED, axis=1),
                        np.count_nonzero(f == Quality.MEASURED, axis=1),
                        np.count_nonzero(f == Quality.SUBSTITUTED, axis=1))
        except BaseException as exc:  # noqa: BLE001 - raised again by result()
            self.error = exc

    def result(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.out


def prepare(batch: BatchInput, data: BatchData, flags, counts, thresholds: Thresholds
             ) -> list[AccountState]:
    """Segments, data quality and gap filling of every account.

    Whole rows are counted in one numpy pass; an account supplied for part of the period or
    with a missing value is recounted on its own slice. The thresholds are checked in numpy
    for whole rows (``Thresholds.check`` words the reason where one fails)."""
    g, cons, local = data.grid, data.consumption, data.local
    row_missing, m0, m1 = counts        # FlagCounts
    total = data.consumption_total
    unknown = (np.arange(len(cons)) if total is None
               else np.flatnonzero(~np.isfinite(total)))   # rows that may hold a NaN
    for r in unknown.tolist():
        row_missing[r] = np.count_nonzero((flags[r] > Quality.ESTIMATED) | np.isnan(cons[r]))
    worst = np.where(m0 + m1 < g.n, Quality.ESTIMATED, np.where(m1 > 0, Quality.SUBSTITUTED,
                                                                 Quality.MEASURED))
    may_fail = (worst > thresholds.min_quality) | (
        m0 / max(g.n, 1) + 1e-12 < thresholds.min_measured_share)
    counts_of: dict[tuple, QualityCounts] = {}
    canon = Interner()
    states = []
    day_first = g.day_first.tolist()
    n = g.n
    # plain lists: indexing them is cheaper than indexing numpy arrays one value at a time
    whole_ok = (row_missing == 0).tolist()
    m0l, m1l, may_fail = m0.tolist(), m1.tolist(), may_fail.tolist()
    for i, spec in enumerate(batch.accounts):
        st = AccountState()
        states.append(st)
        try:
            st.segs = segs = canon.segs(spec, batch.period)
        except NoTariff as exc:
            st.error = AccountError(ErrorCode.NO_TARIFF, str(exc))
            continue
        st.d0, st.d1 = segs[0].d0, segs[-1].d1
        st.i0, st.i1 = day_first[st.d0], day_first[st.d1]
        if whole_ok[i] and st.i0 == 0 and st.i1 == n:
            key = (m0l[i], m1l[i])
            counts = counts_of.get(key)
            if counts is None:
                counts = counts_of[key] = QualityCounts(key[0], key[1], n - key[0] - key[1], 0)
            st.counts = counts
            if may_fail[i]:
                reason = thresholds.check(counts)
                if reason:
                    st.error = AccountError(ErrorCode.DATA_QUALITY, reason)
            continue
        _prepare_slice(i, st, g, cons, flags, local, thresholds)
        if st.filled is not None:
            data.filled[i] = (st.i0, st.filled)
    return states


def _prepare_slice(i: int, st: AccountState, g: TimeGrid, cons, flags, local,
                   thresholds: Thresholds) -> None:
    """Quality and gap filling of account ``i`` over its supplied intervals only."""
    f = flags[i, st.i0:st.i1]
    c = cons[i, st.i0:st.i1]
    missing = (f > 2) | np.isnan(c)
    n_miss = int(np.count_nonzero(missing))
    if n_miss:
        st.counts = QualityCounts(*(int(x) for x in
                                    np.bincount(np.where(missing, 3, f), minlength=4)[:4]))
    else:
        a = int(np.count_nonzero(f == 0))
        b = int(np.count_nonzero(f == 1))
        st.counts = QualityCounts(a, b, len(f) - a - b, 0)
    if n_miss == len(f):
        st.error = AccountError(ErrorCode.NO_METER_DATA,
                                f"all {len(f)} intervals of the supplied period are missing")
        return
    reason = thresholds.check(st.counts)
    if reason:
        st.error = AccountError(ErrorCode.DATA_QUALITY, reason)
        return
    if n_miss:
        floor = None if local is None else np.nan_to_num(local[i, st.i0:st.i1])
        st.filled = fill_gaps(c, missing, g.minute[st.i0:st.i1], floor)
