"""Interval data in chunks: one row per metering point, local month and version.

Values are int32 in units of 0.0001 kWh (``SCALE``), flags uint8 ``Quality`` values. A chunk
covers one local month of the utility's time zone (92/100-interval DST days included), from
``start_utc`` for ``n_intervals`` 15-minute intervals. Intervals not delivered are ``missing``.
A delivery that changes anything in a month adds version n+1 (a full copy of the month with
the new values laid over the old) and keeps version n; a delivery that changes nothing adds
nothing, so re-importing a file is harmless.

One job, the chunk format: writing chunks (``ChunkWriter``) and reading them back
(``read_block``, ``read_versions``) share its layout, versions and month slots; the
per-database ways of querying many ids and blobs are in billdesk.store.idsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from billdesk.domain.period import INTERVAL, add_months, local_midnight_utc
from billdesk.domain.quality import Quality
from billdesk.store import idsets
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
    """kWh (float) to int32 storage units, to the nearest 0.0001 kWh (for values billdesk
    computes; values read from files are rounded from their text: meterdata.series)."""
    return np.round(np.asarray(kwh, dtype=np.float64) * SCALE).astype(np.int32)


BATCH_KEY = "billdesk.chunk_batch"
"""``session.info[BATCH_KEY] = {}`` opens a *merged import*: a chunk version written by a
ChunkWriter in this session is updated in place by later writers of the same import instead
of getting another version (the folder import sets it; see docs/storage.md)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_us(t: datetime) -> int:
    """Epoch microseconds of an aware datetime."""
    return (t - _EPOCH) // timedelta(microseconds=1)


def encode_times(times: np.ndarray) -> bytes:
    """Per-interval int64 times as run-length pairs (first interval, time)."""
    times = np.asarray(times, dtype=np.int64)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(times)) + 1])
    pairs = np.empty((len(starts), 2), dtype="<i8")
    pairs[:, 0] = starts
    pairs[:, 1] = times[starts]
    return pairs.tobytes()


def decode_times(blob: bytes | None, n: int, received_at: datetime, units: np.ndarray,
                 flags: np.ndarray) -> np.ndarray:
    """Per-interval creation times (epoch µs) of a chunk's current values; 0 = never
    delivered. Chunks without ``doc_times`` count their delivered intervals as created at
    ``received_at``."""
    if blob:
        pairs = np.frombuffer(blob, dtype="<i8").reshape(-1, 2)
        starts = pairs[:, 0]
        if len(starts) and starts[0] == 0 and (np.diff(starts) > 0).all() and starts[-1] < n:
            return np.repeat(pairs[:, 1], np.diff(np.append(starts, n))).astype(np.int64)
    delivered = (flags != MISSING) | (units != 0)
    return np.where(delivered, to_us(received_at), 0).astype(np.int64)


class ChunkWriter:
    """Collects deliveries for many metering points and writes them as chunk versions in bulk.

    ``add`` takes int32 units and flags for a run of intervals starting at ``start_utc``; a
    boolean ``mask`` marks the intervals actually delivered (default: all). ``created`` is
    the creation time of the document that delivered them (default: now): an interval takes
    a delivered value only if no newer document delivered its current value, so a late
    delivery of an older document never overwrites newer data. ``source`` (an import id)
    collects per-file counts in ``source_stats``: intervals ``changed`` and intervals
    ``stale`` (not applied: newer data is stored).
    """

    GROUP = 2000  # chunks read, merged and written at a time (bounded memory)

    def __init__(self, session: Session, tz: ZoneInfo, import_id: int | None = None,
                 received_at: datetime | None = None, assume_new: bool = False):
        self.session = session
        self.tz = tz
        self.import_id = import_id
        self.received_at = received_at or utcnow()
        self._received_us = to_us(self.received_at)
        self.assume_new = assume_new  # caller guarantees no chunk exists yet (demo fast path)
        self._pending: dict[tuple[int, date], list] = defaultdict(list)
        self._slots: dict[date, MonthSlot] = {}
        self._seq = 0
        self.pending_values = 0
        self.stats = {"new": 0, "versions": 0, "unchanged": 0}
        self.source_stats: dict = defaultdict(lambda: {"changed": 0, "stale": 0})

    def add(self, mp_id: int, start_utc: datetime, units: np.ndarray, flags: np.ndarray,
            mask: np.ndarray | None = None, created: datetime | None = None,
            source=None) -> None:
        n = len(units)
        end_utc = start_utc + n * INTERVAL
        created_us = self._received_us if created is None else to_us(created)
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
            self._seq += 1
            self.pending_values += b - a
            self._pending[(mp_id, slot.month)].append(
                (created_us, self._seq, off, units[a:b], flags[a:b], m, source))

    def _current(self, keys) -> dict:
        by_month: dict[date, list[int]] = defaultdict(list)
        for mp_id, month in keys:
            by_month[month].append(mp_id)
        current = {}
        for month, ids in by_month.items():
            rows = self.session.execute(
                select(IntervalChunk.id, IntervalChunk.metering_point_id,
                       IntervalChunk.version, IntervalChunk.kwh, IntervalChunk.flags,
                       IntervalChunk.doc_times, IntervalChunk.received_at)
                .where(IntervalChunk.month == month, IntervalChunk.is_current.is_(True),
                       IntervalChunk.metering_point_id.in_(ids))).all()
            for r in rows:
                current[(r.metering_point_id, month)] = r
        return current

    def flush(self) -> dict:
        keys = sorted(self._pending, key=lambda k: (k[1], k[0]))
        batch = self.session.info.get(BATCH_KEY)
        for g in range(0, len(keys), self.GROUP):
            group = keys[g:g + self.GROUP]
            current = {} if self.assume_new else self._current(group)
            inserts, superseded, in_place, retimed = [], [], [], []
            for key in group:
                parts = self._pending.pop(key)
                slot = self._slots[key[1]]
                cur = current.get(key)
                if cur is not None:
                    units = np.frombuffer(cur.kwh, dtype="<i4").copy()
                    flags = np.frombuffer(cur.flags, dtype=np.uint8).copy()
                    times = decode_times(cur.doc_times, slot.n, cur.received_at, units, flags)
                else:
                    units = np.zeros(slot.n, dtype="<i4")
                    flags = np.full(slot.n, MISSING, dtype=np.uint8)
                    times = np.zeros(slot.n, dtype=np.int64)
                old_times = times.copy()
                import_id = self.import_id
                parts.sort(key=lambda p: (p[0], p[1]))
                for created, _seq, off, u, f, m, source in parts:
                    sl = slice(off, off + len(u))
                    win = created >= times[sl]
                    if m is not None:
                        lost = int((m & ~win).sum())
                        win &= m
                    else:
                        lost = int((~win).sum())
                    diff = win & ((units[sl] != u) | (flags[sl] != f))
                    n_diff = int(diff.sum())
                    if source is not None:
                        st = self.source_stats[source]
                        st["changed"] += n_diff
                        st["stale"] += lost
                        if n_diff:
                            import_id = source
                    units[sl][win] = u[win]
                    flags[sl][win] = f[win]
                    times[sl][win] = created
                kb, fb = units.astype("<i4").tobytes(), flags.tobytes()
                tb = encode_times(times)
                if cur is None and (flags == MISSING).all() and not units.any():
                    self.stats["unchanged"] += 1   # nothing but "missing" for a new month
                    continue
                if cur is not None and cur.kwh == kb and cur.flags == fb:
                    self.stats["unchanged"] += 1
                    if not np.array_equal(times, old_times):
                        retimed.append({"id": cur.id, "doc_times": tb})
                    continue
                if cur is not None and batch is not None and batch.get(key) == cur.version:
                    in_place.append({"id": cur.id, "kwh": kb, "flags": fb, "doc_times": tb,
                                     "import_id": import_id, "received_at": self.received_at})
                    continue
                if cur is not None:
                    superseded.append(cur.id)
                    self.stats["versions"] += 1
                else:
                    self.stats["new"] += 1
                version = (cur.version + 1) if cur is not None else 1
                if batch is not None:
                    batch[key] = version
                inserts.append({"metering_point_id": key[0], "month": key[1],
                                "start_utc": slot.start_utc, "n_intervals": slot.n,
                                "version": version, "is_current": True,
                                "received_at": self.received_at, "import_id": import_id,
                                "kwh": kb, "flags": fb, "doc_times": tb})
            for i in range(0, len(superseded), 5000):
                self.session.execute(update(IntervalChunk)
                                     .where(IntervalChunk.id.in_(superseded[i:i + 5000]))
                                     .values(is_current=False))
            for rows in (in_place, retimed):
                for i in range(0, len(rows), 2000):
                    self.session.execute(update(IntervalChunk), rows[i:i + 2000])
            for i in range(0, len(inserts), 2000):
                self.session.execute(insert(IntervalChunk), inserts[i:i + 2000])
        self._pending.clear()
        self.pending_values = 0
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


_PG_READ = ("SELECT metering_point_id, start_utc, n_intervals, version, kwh, flags "
            "FROM interval_chunks WHERE month = %s AND is_current")


_SQLITE_READ = ("SELECT metering_point_id, start_utc, n_intervals, version, kwh, flags "
                "FROM interval_chunks WHERE month = ? AND is_current = 1")


def _sqlite_rows(session: Session, month: date, part: list[int] | None) -> list[tuple]:
    """The current chunks of ``month`` (of the points ``part``; None: all) through the
    driver (``idsets.driver_rows``): SQLAlchemy's statement building and its processing of
    every result row cost more than SQLite's own reading of the blobs. The start times come
    back as stored (text, made UTC datetimes by ``_as_utc``)."""
    col = IntervalChunk.__table__.c.month
    dialect = session.get_bind().dialect
    sql = _SQLITE_READ
    params: list = [col.type.dialect_impl(dialect).bind_processor(dialect)(month)]
    if part is not None:
        sql += f" AND metering_point_id IN ({','.join('?' * len(part))})"
        params += part
    return idsets.driver_rows(session, sql, params)


def _as_utc(session: Session, value) -> datetime:
    """A chunk's ``start_utc`` as read by ``_sqlite_rows`` (or already a datetime) as the
    column's type returns it: an aware UTC datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    col = IntervalChunk.__table__.c.start_utc
    dialect = session.get_bind().dialect
    impl = col.type.dialect_impl(dialect)
    proc = impl.result_processor(dialect, None)
    return proc(value) if proc is not None else value


def read_block(session: Session, point_ids: list[int], start_utc: datetime,
               end_utc: datetime, tz: ZoneInfo) -> IntervalBlock:
    """Current values of ``point_ids`` for [start_utc, end_utc) in one query per local month."""
    n = interval_index(start_utc, end_utc)
    ids = list(dict.fromkeys(point_ids))
    index = {p: i for i, p in enumerate(ids)}
    # the units are placed as float64 and divided by SCALE in place at the end: the same
    # values as int32 units / SCALE, without a second matrix
    kwh = np.zeros((len(ids), n))
    flags = np.full((len(ids), n), MISSING, dtype=np.uint8)
    tokens: list[str] = [""] * len(ids)
    slots = slots_between(start_utc, end_utc, tz)
    # A few thousand points: filter in SQL (IN lists of <= 5,000). Many: read the whole
    # month once and drop the rows not asked for, which is faster than long IN lists.
    groups = [ids[i:i + 5000] for i in range(0, len(ids), 5000)] if len(ids) <= 20000 else [None]
    pg = idsets.is_pg(session)
    offsets: dict = {}                 # chunk start -> its offset from start_utc
    for slot in slots:
        label = f"{slot.month:%Y-%m}:"
        for part in groups:
            if pg:    # binary results: the blobs as bytes, not hex text (billdesk.store.idsets)
                rows = idsets.binary_rows(session, _PG_READ + (
                    "" if part is None else " AND metering_point_id = ANY(%s)"),
                    [slot.month] + ([] if part is None else [part]))
            else:
                rows = _sqlite_rows(session, slot.month, part)
            if rows:
                _place(session, rows, index, start_utc, n, label, offsets, kwh, flags, tokens)
    kwh /= SCALE
    return IntervalBlock(ids, start_utc, kwh, flags, tokens)


def _place(session: Session, rows: list[tuple], index: dict, start_utc: datetime, n: int,
           label: str, offsets: dict, kwh: np.ndarray, flags: np.ndarray,
           tokens: list[str]) -> None:
    """Lay one month's chunk rows (point, start, n, version, kwh, flags) into the block.
    The usual case — every chunk of the month starts at the same time, is as long as it
    says and belongs to a different point — is copied in one step per matrix; anything else
    chunk by chunk (a later chunk of the same point wins, as before)."""
    mps, starts, ns, versions, kbs, fbs = zip(*rows)
    rs = [index.get(m) for m in mps]
    if None in rs:                                     # a whole month read: not asked for
        keep = [k for k, r in enumerate(rs) if r is not None]
        if not keep:
            return
        rs, starts, ns, versions, kbs, fbs = (
            [col[k] for k in keep] for col in (rs, starts, ns, versions, kbs, fbs))
    c_start, c_n = starts[0], ns[0]
    uniform = (starts.count(c_start) == len(starts) and ns.count(c_n) == len(ns)
               and len(set(rs)) == len(rs)
               and all(len(b) == 4 * c_n for b in kbs) and all(len(b) == c_n for b in fbs))
    if not uniform:
        for r, c_start, c_n, version, kb, fb in zip(rs, starts, ns, versions, kbs, fbs):
            off = _offset(session, offsets, start_utc, c_start)
            a, b = max(0, -off), min(c_n, n - off)
            if a >= b:
                continue
            kwh[r, off + a:off + b] = np.frombuffer(kb, dtype="<i4", count=c_n)[a:b]
            flags[r, off + a:off + b] = np.frombuffer(fb, dtype=np.uint8, count=c_n)[a:b]
            tokens[r] = f"{tokens[r]},{label}{version}" if tokens[r] else f"{label}{version}"
        return
    off = _offset(session, offsets, start_utc, c_start)
    a, b = max(0, -off), min(c_n, n - off)
    if a >= b:
        return
    at = np.array(rs, dtype=np.intp)
    units = np.frombuffer(b"".join(kbs), dtype="<i4").reshape(len(kbs), c_n)
    kwh[at, off + a:off + b] = units[:, a:b]
    flags[at, off + a:off + b] = np.frombuffer(b"".join(fbs), dtype=np.uint8
                                               ).reshape(len(fbs), c_n)[:, a:b]
    names = {v: label + str(v) for v in set(versions)}
    for r, version in zip(rs, versions):
        tokens[r] = f"{tokens[r]},{names[version]}" if tokens[r] else names[version]


def _offset(session: Session, offsets: dict, start_utc: datetime, c_start) -> int:
    """A chunk start's offset (intervals) from ``start_utc``, converted once per value."""
    off = offsets.get(c_start)
    if off is None:
        off = offsets[c_start] = interval_index(start_utc, _as_utc(session, c_start))
    return off


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
