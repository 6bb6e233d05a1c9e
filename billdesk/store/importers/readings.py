"""Readings CSV: ``metering_point, start, kwh, quality`` (15-minute intervals).

Streamed in blocks with pandas; every column is read as text and factorized, so timestamps,
codes, qualities **and kWh texts** are parsed once per distinct value (meter data repeat values a
lot: ~15,000 distinct kWh texts per 2 M rows). kWh are parsed exactly from their text
(``digits[.digits]``, at most 4 decimals = the storage resolution): ``NaN``, ``inf``,
``1_000``, ``1e3`` or a fifth decimal are refused, never rounded.

The file is opened once and read through ``_Reader``, which hashes the bytes pandas gets and
checks them for UTF-8 and NUL bytes on the way, so the stored checksum is the one of the
bytes imported (a file replaced or deleted meanwhile does not matter) and a bad byte after
the first block is located like one in the first. Line numbers are physical lines (blank
lines count). Everything is parsed and checked before the database is touched (on SQLite
the write lock is taken only then); the chunks are written as new versions in the caller's
transaction.

One job, kept whole (~410 lines): one file format read, checked field by field and written
in one transaction; its length is the checks each field needs.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import warnings
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from billdesk.domain import values
from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality
from billdesk.store import audit, settings
from billdesk.store.importers.files import ImportResult, check_header, open_input
from billdesk.store.intervals import MAX_KWH, SCALE, ChunkWriter
from billdesk.store.models import ImportRecord
from billdesk.store.points import PointKey, csv_point_ids, ensure_points

COLUMNS = ["metering_point", "start", "kwh", "quality"]
BLOCK_ROWS = 2_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DECIMALS = 4                                    # SCALE = 10 ** DECIMALS
_KWH = re.compile(r"(-?)(\d{1,12})(?:\.(\d{1,30}))?")
_MAX_UNITS = int(MAX_KWH * SCALE)


def _fail(path, message, line=None, field=None):
    raise InputError(message, file=str(path), line=line, field=field)


class _Reader:
    """A binary file as pandas reads it: every byte hashed, checked for UTF-8 and NUL, and
    its newlines counted, so a bad byte anywhere is reported with its line."""

    def __init__(self, f, name: str):
        self.f = f
        self.name = name
        self.sha = hashlib.sha256()
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.lines = 0          # newlines before the current read

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.sha.update(data)
        nul = data.find(b"\x00")
        if nul >= 0:
            _fail(self.name, "binary data (NUL bytes): this is not a readings CSV file",
                  self.lines + data.count(b"\n", 0, nul) + 1)
        try:
            self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            pos = max(0, exc.start - (len(exc.object) - len(data)))
            line = self.lines + data.count(b"\n", 0, pos) + 1
            col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
            _fail(self.name, f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at column "
                  f"{col}); save the file as UTF-8", line)
        self.lines += data.count(b"\n")
        return data

    def finish(self) -> str:
        """Hash whatever pandas left unread (nothing, normally) and return the digest."""
        while self.read(1 << 20):
            pass
        return self.sha.hexdigest()


def _header(f, name: str) -> list[str]:
    head = f.read(1 << 16)
    f.seek(0)
    cut = head.find(b"\n")
    first = head if cut < 0 else head[:cut]
    if b"\x00" in first:
        _fail(name, "binary data: this is not a readings CSV file", 1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(name, f"not UTF-8 text (byte 0x{first[exc.start]:02x} at column "
              f"{exc.start + 1}); save the file as UTF-8", 1)
    if not text.strip():
        _fail(name, "the first line is empty; expected the header "
              "metering_point,start,kwh,quality", 1)
    try:
        header = [h.strip() for h in next(csv.reader([text.rstrip("\r")]))]
    except (csv.Error, StopIteration) as exc:
        _fail(name, f"malformed CSV header: {exc}", 1)
    check_header(name, header, COLUMNS)
    return header


def _kwh_units(text: str) -> int | str:
    """Units of 0.0001 kWh from the text as written, -1 for an empty value, or the reason it
    is refused (a str)."""
    t = text.strip()
    if not t:
        return -1
    m = _KWH.fullmatch(t)
    if not m:
        return (f"malformed number {text!r} for kWh; expected digits with an optional decimal "
                "point, "
                "e.g. 0.1234 (no NaN, inf, exponent or digit separators)")
    if m[1]:
        return f"negative kWh {text!r}; consumption and production are non-negative"
    frac = m[3] or ""
    if len(frac) > DECIMALS and frac[DECIMALS:].strip("0"):
        return (f"kWh {text!r} has more than {DECIMALS} decimals: the storage resolution is "
                f"0.{'0' * (DECIMALS - 1)}1 kWh (refused, not rounded)")
    units = int(m[2]) * SCALE + int((frac[:DECIMALS] or "0").ljust(DECIMALS, "0"))
    if units > _MAX_UNITS:
        return f"kWh {text!r} too large for one interval (at most {MAX_KWH:,.4f})"
    return units


def _first(mask: np.ndarray, lines: np.ndarray) -> int:
    return int(lines[np.flatnonzero(mask)[0]])


class _Column:
    """One column of a block as distinct texts (``categories``, exactly as written) and, per
    row, the index of its text (``codes``; -1 when the row has no such field)."""

    def __init__(self, codes: np.ndarray, categories: list[str]):
        self.codes = codes
        self.categories = categories

    @classmethod
    def of(cls, series: pd.Series) -> "_Column":
        # factorize the texts themselves: pandas' own "category" dtype would turn numeric
        # looking texts into numbers ("00123" -> 123, "1e3" -> 1000.0)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return cls(np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])

    def index_of(self, text: str) -> int:
        try:
            return self.categories.index(text)
        except ValueError:
            return -1

    def rows(self, keep: np.ndarray) -> "_Column":
        """The column restricted to the rows ``keep``, without the texts no kept row has."""
        codes = self.codes[keep]
        used, inverse = np.unique(codes, return_inverse=True)
        cats = [self.categories[u] for u in used if u >= 0]
        if len(used) and used[0] < 0:
            inverse = inverse - 1
        return _Column(inverse.astype(np.int64).reshape(-1), cats)


def _category_values(cat: _Column, parse, cache: dict, lines: np.ndarray, path, field: str,
                     dtype) -> np.ndarray:
    """The parsed value of each distinct text of a column (codes -1 = missing field are
    left to the caller); ``parse(text)`` returns a value or raises ValueError."""
    codes = cat.codes
    out = np.empty(len(cat.categories), dtype=dtype)
    for i, text in enumerate(cat.categories):
        v = cache.get(text)
        if v is None:
            try:
                v = parse(text)
            except ValueError as exc:
                v = exc
            cache[text] = v
        if isinstance(v, Exception):
            _fail(path, str(v), _first(codes == i, lines), field)
        out[i] = v
    return out


def _start_seconds(text: str) -> int:
    if "\n" in text or "\r" in text:
        raise ValueError(f"a line break inside the timestamp field {text!r}")
    t = values.parse_instant(text)
    if t.second or t.microsecond or t.minute % 15:
        raise ValueError(f"timestamp {text!r} is not on the 15-minute grid")
    return int((t - EPOCH).total_seconds())


def _quality(text: str) -> int:
    return int(Quality.parse(text))


def _first_long_row(f, width: int) -> int | None:
    """The physical line of the first row with more than ``width`` fields."""
    import io

    f.seek(0)
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.reader(text)
    line = 1
    try:
        for row in reader:
            if len(row) > width:
                return line
            line = reader.line_num + 1
    except csv.Error:
        return line
    finally:
        text.detach()
    return None


def _parse(f, path: str, progress, cancelled):
    """Everything from the file, checked: (codes, first line per code, mp, t, units, qual,
    lines, rows, sha256)."""
    header = _header(f, path)
    reader = _Reader(f, path)
    parts_mp, parts_t, parts_u, parts_q, parts_line = [], [], [], [], []
    code_ids: dict[str, int] = {}
    code_line: dict[str, int] = {}
    start_cache: dict[str, int] = {}
    quality_cache: dict[str, int] = {}
    kwh_cache: dict[str, int | str] = {}
    rows_done = 0
    physical = 0          # data lines (blank ones included) before the current block
    try:
        # a row with more fields than the header is an error, not a warning and lost data
        warnings.simplefilter("error", pd.errors.ParserWarning)
        blocks = pd.read_csv(reader, chunksize=BLOCK_ROWS, encoding="utf-8-sig",
                             skipinitialspace=True, header=0, names=header, index_col=False,
                             dtype={c: str for c in header}, keep_default_na=False,
                             na_values=[], skip_blank_lines=False, engine="c")
        for block in blocks:
            if cancelled and cancelled():
                raise InputError("import cancelled; nothing was written", file=path)
            n = len(block)
            all_lines = np.arange(physical + 2, physical + 2 + n, dtype=np.int64)
            physical += n
            cols = {c: _Column.of(block[c]) for c in COLUMNS}
            del block
            empty = np.ones(n, dtype=bool)
            for col in cols.values():     # skipinitialspace turns a blank field into ""
                blank = col.index_of("")
                empty &= (col.codes < 0) | (col.codes == blank) if blank >= 0 else \
                    (col.codes < 0)
            keep = ~empty                    # blank lines (and ",,,") are skipped
            if not keep.any():
                continue
            if not keep.all():
                cols = {c: col.rows(keep) for c, col in cols.items()}
            lines = all_lines[keep]
            m = len(lines)
            # metering points
            mp_cat = cols["metering_point"]
            mp_codes = mp_cat.codes
            cat_ids = np.full(len(mp_cat.categories), -1, dtype=np.int32)
            for i, code in enumerate(mp_cat.categories):
                code = code.strip()
                if not code:
                    continue
                if code not in code_ids:
                    code_ids[code] = len(code_ids)
                    code_line[code] = _first(mp_codes == i, lines)
                cat_ids[i] = code_ids[code]
            mp = np.where(mp_codes >= 0, cat_ids[np.maximum(mp_codes, 0)], -1)
            if (mp < 0).any():
                _fail(path, "empty metering point", _first(mp < 0, lines), "metering_point")
            # timestamps
            st = cols["start"]
            cat_t = _category_values(st, _start_seconds, start_cache, lines, path, "start",
                                     np.int64)
            st_codes = st.codes
            if (st_codes < 0).any():
                _fail(path, "empty timestamp", _first(st_codes < 0, lines), "start")
            # quality
            qc = cols["quality"]
            q_codes = qc.codes
            if (q_codes < 0).any():
                _fail(path, "empty quality", _first(q_codes < 0, lines), "quality")
            blank_q = qc.index_of("")
            if blank_q >= 0 and (q_codes == blank_q).any():
                _fail(path, "empty quality", _first(q_codes == blank_q, lines), "quality")
            cat_q = _category_values(qc, _quality, quality_cache, lines, path, "quality",
                                     np.uint8)
            qual = cat_q[q_codes]
            # kWh, exactly from the text
            kc = cols["kwh"]
            k_codes = kc.codes
            cat_u = np.empty(len(kc.categories), dtype=np.int64)
            for i, text in enumerate(kc.categories):
                v = kwh_cache.get(text)
                if v is None:
                    v = kwh_cache[text] = _kwh_units(text)
                if isinstance(v, str):
                    _fail(path, v, _first(k_codes == i, lines), "kwh")
                cat_u[i] = v
            units = np.where(k_codes >= 0, cat_u[np.maximum(k_codes, 0)], -1)
            empty_kwh = units < 0
            bad = empty_kwh & (qual != Quality.MISSING)
            if bad.any():
                _fail(path, "empty kwh (only a 'missing' value may be empty)",
                      _first(bad, lines), "kwh")
            units = np.where(empty_kwh, 0, units)
            parts_mp.append(mp.astype(np.int32))
            parts_t.append(cat_t[st_codes])
            parts_u.append(units.astype(np.int32))
            parts_q.append(qual)
            parts_line.append(lines)
            rows_done += m
            if progress:
                progress(rows_done, 0, f"read {rows_done:,} rows")
    except pd.errors.ParserError as exc:
        text = str(exc)
        m = re.search(r"line (\d+)", text)
        line = int(m[1]) if m else None
        if line is None and (m := re.search(r"row (\d+)", text)):
            line = int(m[1]) + 1          # pandas counts rows from 0, the header included
        msg = re.sub(r"^Error tokenizing data\. C error: ", "", text).strip()
        _fail(path, f"malformed CSV: {msg}", line or 1)
    except pd.errors.ParserWarning:
        _fail(path, f"malformed CSV: a row has more than the header's {len(header)} fields",
              _first_long_row(f, len(header)))
    except pd.errors.EmptyDataError:
        _fail(path, "the file has a header but no rows", 2)
    except UnicodeDecodeError as exc:   # caught by _Reader first; this is a safety net
        _fail(path, f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
    digest = reader.finish()
    if rows_done == 0:
        _fail(path, "the file has a header but no rows", 2)
    return (list(code_ids), code_line, np.concatenate(parts_mp), np.concatenate(parts_t),
            np.concatenate(parts_u), np.concatenate(parts_q), np.concatenate(parts_line),
            rows_done, digest)


def _channel_points(session: Session, points, codes: list[str]) -> None:
    """``CODE@DIRECTION.local`` / ``.residual`` beside an existing total point: created on
    first delivery, as the operator formats do (docs/formats.md)."""
    keys = {}
    for c in codes:
        code, _, rest = c.rpartition("@")
        kind, _, channel = rest.partition(".")
        if code and channel in ("local", "residual") and f"{code}@{kind}" in points:
            keys[c] = PointKey(code, kind, channel)
    if keys:
        ids = ensure_points(session, keys.values())
        for c, key in keys.items():
            points[c] = ids[key]


def import_readings(session: Session, path: str | Path, progress=None, cancelled=None
                    ) -> ImportResult:
    f, name = open_input(path)
    with f, warnings.catch_warnings():
        codes, code_line, mp, t, units, qual, lines, rows_done, digest = \
            _parse(f, name, progress, cancelled)
    path = name

    # the database only now: metering points, then the chunks
    points = csv_point_ids(session)  # CODE, CODE@direction, CODE@direction.channel
    _channel_points(session, points, [c for c in codes if c not in points])
    unknown = [c for c in codes if c not in points]
    if unknown:
        first = min(unknown, key=lambda c: code_line[c])
        _fail(path, points.unknown(first[:70]), code_line[first], "metering_point")
    order = np.lexsort((t, mp))
    mp, t = mp[order], t[order]
    dup = (mp[1:] == mp[:-1]) & (t[1:] == t[:-1])
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        a, b = sorted((int(lines[order[i]]), int(lines[order[i + 1]])))
        _fail(path, f"duplicate interval: the same metering point and start as line {a}", b,
              "start")
    units, qual = units[order], qual[order]
    del lines

    rec = ImportRecord(kind="readings", file_name=name, sha256=digest, rows=rows_done,
                       actor=audit.actor())
    session.add(rec)
    session.flush()
    writer = ChunkWriter(session, settings.utility_zone(session), import_id=rec.id)
    bounds = np.flatnonzero(np.diff(mp)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(mp)]])
    for a, b in zip(starts, ends):
        ts = t[a:b]
        t0 = int(ts[0])
        idx = (ts - t0) // 900
        span = int(idx[-1]) + 1
        u = np.zeros(span, dtype=np.int32)
        fl = np.zeros(span, dtype=np.uint8)
        m = np.zeros(span, dtype=bool)
        u[idx], fl[idx], m[idx] = units[a:b], qual[a:b], True
        start = datetime.fromtimestamp(t0, tz=timezone.utc)
        writer.add(points[codes[int(mp[a])]], start, u, fl, None if m.all() else m)
    stats = writer.flush()
    rec.changed = stats["new"] + stats["versions"]
    audit.record(session, "import.readings", "import", rec.id,
                 {"file": name, "rows": rows_done, "points": len(codes), **stats})
    return ImportResult("readings", name, rows_done, rec.changed,
                        {"points": len(codes), "chunks_new": stats["new"],
                         "chunks_new_version": stats["versions"],
                         "chunks_unchanged": stats["unchanged"]})
