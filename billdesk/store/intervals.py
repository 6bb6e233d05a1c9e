"""Interval data in chunks: one row per metering point, local month and version.

Values are int32 in units of 0.0001 kWh (``SCALE``), flags uint8 ``Quality`` values. A chunk
covers one local month of the utility's time zone (92/100-interval DST days included), from
``start_utc`` for ``n_intervals`` 15-minute intervals. Intervals not delivered are ``missing``.
A delivery that changes anything in a month adds version n+1 (a full copy of the month with
the new values laid over the old) and keeps version n; a delivery that changes nothing adds
nothing, so re-importing a file is harmless.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from billdesk.domain.period import INTERVAL, add_months, local_midnight_utc
from billdesk.domain.quality import Quality
from billdesk.store.models import IntervalChunk, utcnow

SCALE = 10_000  # int32 units per kWh: 0.1 Wh resolution, at most 214,748 kWh per interval
MAX_KWH = (2**31 - 1) / SCALE
MISSING = np.uint8(Quality.MISSING)


@dataclass(frozen=True)
class MonthSlot:
    month: date          # first day of the local month
    start_utc: datetime  # local midnight of that day, in UTC
    n: int               # 15-minute intervals in the month


def month_slot(month: date, tz: ZoneInfo) -> MonthSlot:
    a = local_midnight_utc(month, tz)
    b = local_midnight_utc(add_months(month, 1), tz)
    return MonthSlot(month, a, int((b - a) / INTERVAL))


def slots_between(start_utc: datetime, end_utc: datetime, tz: ZoneInfo) -> list[MonthSlot]:
    """The local months that intersect [start_utc, end_utc)."""
    local = start_utc.astimezone(tz)
    cur = date(local.year, local.month, 1)
    out = []
    while True:
        s = month_slot(cur, tz)
        if s.start_utc >= end_utc:
            break
        out.append(s)
        cur = add_months(cur, 1)
    return out


def interval_index(start_utc: datetime, t: datetime) -> int:
    return int((t - start_utc) // INTERVAL)


def to_units(kwh: np.ndarray) -> np.ndarray:
    """kWh (float) to int32 storage units, rounding half away from zero at 0.0001 kWh."""
    return np.round(np.asarray(kwh, dtype=np.float64) * SCALE).astype(np.int32)


class ChunkWriter:
    """Collects deliveries for many metering points and writes them as chunk versions in bulk.

    ``add`` takes int32 units and flags for a run of intervals starting at ``start_utc``; a
    boolean ``mask`` marks the intervals actually delivered (default: all).
    """

    def __init__(self, session: Session, tz: ZoneInfo, import_id: int | None = None,
                 received_at: datetime | None = None, assume_new: bool = False):
        self.session = session
        self.tz = tz
        self.import_id = import_id
        self.received_at = received_at or utcnow()
        self.assume_new = assume_new  # caller guarantees no chunk exists yet (demo fast path)
        self._pending: dict[tuple[int, date], list] = defaultdict(list)
        self._slots: dict[date, MonthSlot] = {}
        self.stats = {"new": 0, "versions": 0, "unchanged": 0}

    def add(self, mp_id: int, start_utc: datetime, units: np.ndarray, flags: np.ndarray,
            mask: np.ndarray | None = None) -> None:
        n = len(units)
        end_utc = start_utc + n * INTERVAL
        for slot in slots_between(start_utc, end_utc, self.tz):
            self._slots[slot.month] = slot
            a = max(0, interval_index(start_utc, slot.start_utc))
            b = min(n, interval_index(start_utc, slot.start_utc + slot.n * INTERVAL))
            if a >= b:
                continue
            off = interval_index(slot.start_utc, start_utc + a * INTERVAL)
            m = None if mask is None else mask[a:b]
            if m is not None and not m.any():
                continue
            self._pending[(mp_id, slot.month)].append((off, units[a:b], flags[a:b], m))

    def flush(self) -> dict:
        if not self._pending:
            return self.stats
        current: dict[tuple[int, date], IntervalChunk] = {}
        if not self.assume_new:
            by_month: dict[date, list[int]] = defaultdict(list)
            for mp_id, month in self._pending:
                by_month[month].append(mp_id)
            for month, ids in by_month.items():
                for i in range(0, len(ids), 5000):
                    rows = self.session.execute(
                        select(IntervalChunk.id, IntervalChunk.metering_point_id,
                               IntervalChunk.version, IntervalChunk.kwh, IntervalChunk.flags)
                        .where(IntervalChunk.month == month, IntervalChunk.is_current.is_(True),
                               IntervalChunk.metering_point_id.in_(ids[i:i + 5000]))).all()
                    for r in rows:
                        current[(r.metering_point_id, month)] = r
        inserts, superseded = [], []
        for (mp_id, month), parts in self._pending.items():
            slot = self._slots[month]
            cur = current.get((mp_id, month))
            if cur is not None:
                units = np.frombuffer(cur.kwh, dtype="<i4").copy()
                flags = np.frombuffer(cur.flags, dtype=np.uint8).copy()
            else:
                units = np.zeros(slot.n, dtype="<i4")
                flags = np.full(slot.n, MISSING, dtype=np.uint8)
            for off, u, f, m in parts:
                if m is None:
                    units[off:off + len(u)] = u
                    flags[off:off + len(f)] = f
                else:
                    units[off:off + len(u)][m] = u[m]
                    flags[off:off + len(f)][m] = f[m]
            kb, fb = units.astype("<i4").tobytes(), flags.tobytes()
            if cur is not None and cur.kwh == kb and cur.flags == fb:
                self.stats["unchanged"] += 1
                continue
            if cur is not None:
                superseded.append(cur.id)
                self.stats["versions"] += 1
            else:
                self.stats["new"] += 1
            inserts.append({"metering_point_id": mp_id, "month": month,
                            "start_utc": slot.start_utc, "n_intervals": slot.n,
                            "version": (cur.version + 1) if cur is not None else 1,
                            "is_current": True, "received_at": self.received_at,
                            "import_id": self.import_id, "kwh": kb, "flags": fb})
        for i in range(0, len(superseded), 5000):
            self.session.execute(update(IntervalChunk)
                                 .where(IntervalChunk.id.in_(superseded[i:i + 5000]))
                                 .values(is_current=False))
        for i in range(0, len(inserts), 2000):
            self.session.execute(insert(IntervalChunk), inserts[i:i + 2000])
        self._pending.clear()
        return self.stats


@dataclass
class IntervalBlock:
    """Interval data of many metering points for one stretch of time, ready for the engine."""

    point_ids: list[int]
    start_utc: datetime
    kwh: np.ndarray      # float64 [n_points, n_intervals]
    flags: np.ndarray    # uint8 [n_points, n_intervals]; never delivered = missing
    tokens: list[str]    # per point: "YYYY-MM:version,…" of the chunks read (for fingerprints)

    @property
    def n_intervals(self) -> int:
        return self.kwh.shape[1]

    def row(self, point_id: int) -> int:
        return self._index[point_id]

    def __post_init__(self):
        self._index = {p: i for i, p in enumerate(self.point_ids)}


def read_block(session: Session, point_ids: list[int], start_utc: datetime,
               end_utc: datetime, tz: ZoneInfo) -> IntervalBlock:
    """Current values of ``point_ids`` for [start_utc, end_utc) in one query per local month."""
    n = interval_index(start_utc, end_utc)
    ids = list(dict.fromkeys(point_ids))
    index = {p: i for i, p in enumerate(ids)}
    kwh_units = np.zeros((len(ids), n), dtype=np.int32)
    flags = np.full((len(ids), n), MISSING, dtype=np.uint8)
    tokens: list[list[str]] = [[] for _ in ids]
    slots = slots_between(start_utc, end_utc, tz)
    cols = (IntervalChunk.metering_point_id, IntervalChunk.start_utc, IntervalChunk.n_intervals,
            IntervalChunk.version, IntervalChunk.kwh, IntervalChunk.flags)
    # A few thousand points: filter in SQL (IN lists of <= 5,000). Many: read the whole
    # month once and drop the rows not asked for, which is faster than long IN lists.
    groups = [ids[i:i + 5000] for i in range(0, len(ids), 5000)] if len(ids) <= 20000 else [None]
    for slot in slots:
        for part in groups:
            q = select(*cols).where(IntervalChunk.month == slot.month,
                                    IntervalChunk.is_current.is_(True))
            if part is not None:
                q = q.where(IntervalChunk.metering_point_id.in_(part))
            for mp_id, c_start, c_n, version, kb, fb in session.execute(q):
                r = index.get(mp_id)
                if r is None:
                    continue
                off = interval_index(start_utc, c_start)
                a, b = max(0, -off), min(c_n, n - off)
                if a >= b:
                    continue
                kwh_units[r, off + a:off + b] = np.frombuffer(kb, dtype="<i4", count=c_n)[a:b]
                flags[r, off + a:off + b] = np.frombuffer(fb, dtype=np.uint8, count=c_n)[a:b]
                tokens[r].append(f"{slot.month:%Y-%m}:{version}")
    return IntervalBlock(ids, start_utc, kwh_units / SCALE, flags,
                         [",".join(t) for t in tokens])


def parse_token(token: str) -> list[tuple[date, int]]:
    """(month, version) of each chunk named by a data token ``"2025-03:1,2025-04:2"``."""
    out = []
    for part in (token or "").split(","):
        if not part:
            continue
        month, _, version = part.partition(":")
        y, m = month.split("-")
        out.append((date(int(y), int(m), 1), int(version)))
    return out


@dataclass(frozen=True)
class ChunkRef:
    """One interval-data chunk read for a bill: which version, delivered when, by what."""

    id: int
    point_id: int
    month: date
    version: int
    received_at: datetime
    import_id: int | None
    is_current: bool


def read_versions(session: Session, wanted: list[tuple[int, str]], start_utc: datetime,
                  end_utc: datetime) -> tuple[np.ndarray, np.ndarray, list[list[ChunkRef]]]:
    """kWh [len(wanted), n], flags and the chunks of each (point id, data token) as recorded
    when a bill was computed: exactly those versions, current or not (never delivered:
    missing). A token naming a version that is not stored leaves its month missing and is
    absent from the chunk list."""
    n = interval_index(start_utc, end_utc)
    kwh_units = np.zeros((len(wanted), n), dtype=np.int32)
    flags = np.full((len(wanted), n), MISSING, dtype=np.uint8)
    refs: list[list[ChunkRef]] = [[] for _ in wanted]
    want: dict[tuple[int, date, int], list[int]] = defaultdict(list)
    for r, (pid, token) in enumerate(wanted):
        for month, version in parse_token(token):
            want[(pid, month, version)].append(r)
    by_month: dict[date, set[int]] = defaultdict(set)
    for pid, month, _v in want:
        by_month[month].add(pid)
    C = IntervalChunk
    for month, pids in sorted(by_month.items()):
        ids = sorted(pids)
        for i in range(0, len(ids), 5000):
            for c in session.execute(
                    select(C.id, C.metering_point_id, C.month, C.version, C.start_utc,
                           C.n_intervals, C.received_at, C.import_id, C.is_current, C.kwh,
                           C.flags)
                    .where(C.month == month, C.metering_point_id.in_(ids[i:i + 5000]))):
                rows = want.get((c.metering_point_id, c.month, c.version))
                if not rows:
                    continue
                off = interval_index(start_utc, c.start_utc)
                a, b = max(0, -off), min(c.n_intervals, n - off)
                ref = ChunkRef(c.id, c.metering_point_id, c.month, c.version, c.received_at,
                               c.import_id, bool(c.is_current))
                for r in rows:
                    refs[r].append(ref)
                    if a < b:
                        kwh_units[r, off + a:off + b] = np.frombuffer(
                            c.kwh, dtype="<i4", count=c.n_intervals)[a:b]
                        flags[r, off + a:off + b] = np.frombuffer(
                            c.flags, dtype=np.uint8, count=c.n_intervals)[a:b]
    return kwh_units / SCALE, flags, refs


def chunk_history(session: Session, point_id: int, month: date) -> list[IntervalChunk]:
    """All versions of one metering point's month, oldest first."""
    return list(session.scalars(select(IntervalChunk)
                                .where(IntervalChunk.metering_point_id == point_id,
                                       IntervalChunk.month == month)
                                .order_by(IntervalChunk.version)))



def insert_month_rows(session: Session, slot: MonthSlot, point_ids: list[int],
                      kwh: np.ndarray, flags: np.ndarray, import_id: int | None = None,
                      received_at: datetime | None = None, batch: int = 2000) -> int:
    """Fast path for a first delivery: whole months (kWh floats or int32 units) for points
    that have no chunk yet; converted and written in batches so memory stays bounded."""
    assert kwh.shape == (len(point_ids), slot.n) == flags.shape
    at = received_at or utcnow()
    for i in range(0, len(point_ids), batch):
        part = kwh[i:i + batch]
        units = part.astype("<i4") if part.dtype.kind == "i" else to_units(part).astype("<i4")
        fl = np.ascontiguousarray(flags[i:i + batch], dtype=np.uint8)
        session.execute(insert(IntervalChunk), [
            {"metering_point_id": pid, "month": slot.month, "start_utc": slot.start_utc,
             "n_intervals": slot.n, "version": 1, "is_current": True, "received_at": at,
             "import_id": import_id, "kwh": units[j].tobytes(), "flags": fl[j].tobytes()}
            for j, pid in enumerate(point_ids[i:i + batch])])
    return len(point_ids)
