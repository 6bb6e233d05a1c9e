"""Readings CSV: ``metering_point, start, kwh, quality`` (15-minute intervals).

Streamed in blocks with pandas; timestamps, codes and qualities are parsed once per distinct
value. Everything is checked before anything is written; the chunks are then written as new
versions in the caller's transaction.
"""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality
from billdesk.store import audit, settings
from billdesk.store.importers.files import (ImportResult, check_file, check_header,
                                            decode_error_line, sha256)
from billdesk.store.intervals import MAX_KWH, SCALE, ChunkWriter
from billdesk.store.models import ImportRecord
from billdesk.store.points import csv_point_ids

COLUMNS = ["metering_point", "start", "kwh", "quality"]
BLOCK_ROWS = 2_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _fail(path, message, line=None, field=None):
    raise InputError(message, file=str(path), line=line, field=field)


def _first_line_of(codes: np.ndarray, bad: np.ndarray, first_line: int) -> int:
    return int(np.flatnonzero(np.isin(codes, bad))[0]) + first_line


def _parse_start(text: str) -> int:
    """Seconds since the epoch; ValueError if malformed or without an offset."""
    s = text.strip()
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        raise ValueError("no UTC offset")
    return int((dt - EPOCH).total_seconds()) if dt.microsecond == 0 else -1


def _locate_bad_number(path: Path) -> tuple[int, str]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        for row in reader:
            v = (row.get("kwh") or "").strip()
            if v == "":
                continue
            try:
                float(v)
            except ValueError:
                return reader.line_num, v
    return 0, ""


def import_readings(session: Session, path: str | Path, progress=None, cancelled=None
                    ) -> ImportResult:
    path = check_file(path)
    # Header and encoding of the first block, before pandas gets it.
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    try:
        first = head.decode("utf-8-sig").splitlines()[0] if head.strip() else ""
    except UnicodeDecodeError:
        line, what = decode_error_line(path)
        _fail(path, f"not UTF-8 text ({what}); save the file as UTF-8", line)
    if "\x00" in first:
        _fail(path, "binary data: this is not a readings CSV file", 1)
    header = [h.strip() for h in first.split(",")]
    check_header(path, header, COLUMNS)

    points = csv_point_ids(session)  # CODE, CODE@direction, CODE@direction.channel
    parts_mp, parts_t, parts_u, parts_q, parts_line = [], [], [], [], []
    code_ids: dict[str, int] = {}
    start_cache: dict[str, int] = {}
    quality_cache: dict[str, int] = {}
    rows_done = 0
    reader = pd.read_csv(path, chunksize=BLOCK_ROWS, encoding="utf-8-sig", skipinitialspace=True,
                         dtype={"metering_point": "category", "start": "category",
                                "quality": "category", "kwh": "float64"},
                         keep_default_na=False, na_values={"kwh": [""]}, engine="c")
    try:
        for block in reader:
            if cancelled and cancelled():
                raise InputError("import cancelled; nothing was written", file=str(path))
            first_line = rows_done + 2
            n = len(block)
            # metering points
            mp_cat = block["metering_point"].cat
            cat_ids = np.empty(len(mp_cat.categories), dtype=np.int32)
            for i, code in enumerate(mp_cat.categories):
                code = str(code).strip()
                if code not in points:
                    line = _first_line_of(mp_cat.codes.to_numpy(), [i], first_line)
                    _fail(path, points.unknown(code), line, "metering_point")
                cat_ids[i] = code_ids.setdefault(code, len(code_ids))
            mp_codes = mp_cat.codes.to_numpy()
            if (mp_codes < 0).any():
                _fail(path, "empty metering point", _first_line_of(mp_codes, [-1], first_line),
                      "metering_point")
            # timestamps
            st_cat = block["start"].cat
            cat_t = np.empty(len(st_cat.categories), dtype=np.int64)
            for i, text in enumerate(st_cat.categories):
                text = str(text)
                t = start_cache.get(text)
                if t is None:
                    try:
                        t = _parse_start(text)
                    except ValueError as exc:
                        line = _first_line_of(st_cat.codes.to_numpy(), [i], first_line)
                        _fail(path, f"malformed timestamp {text!r} ({exc}); expected ISO 8601 "
                              "with an offset or Z, e.g. 2025-01-01T00:00:00+01:00", line, "start")
                    start_cache[text] = t
                if t < 0 or t % 900:
                    line = _first_line_of(st_cat.codes.to_numpy(), [i], first_line)
                    _fail(path, f"timestamp {text!r} is not on the 15-minute grid", line, "start")
                if not 946684800 <= t < 4102444800:
                    line = _first_line_of(st_cat.codes.to_numpy(), [i], first_line)
                    _fail(path, f"timestamp {text!r} outside 2000..2099", line, "start")
                cat_t[i] = t
            st_codes = st_cat.codes.to_numpy()
            if (st_codes < 0).any():
                _fail(path, "empty timestamp", _first_line_of(st_codes, [-1], first_line), "start")
            # quality
            q_cat = block["quality"].cat
            cat_q = np.empty(len(q_cat.categories), dtype=np.uint8)
            for i, text in enumerate(q_cat.categories):
                text = str(text)
                if text not in quality_cache:
                    try:
                        quality_cache[text] = int(Quality.parse(text))
                    except ValueError as exc:
                        line = _first_line_of(q_cat.codes.to_numpy(), [i], first_line)
                        _fail(path, str(exc), line, "quality")
                cat_q[i] = quality_cache[text]
            q_codes = q_cat.codes.to_numpy()
            if (q_codes < 0).any():
                _fail(path, "empty quality", _first_line_of(q_codes, [-1], first_line), "quality")
            qual = cat_q[q_codes]
            # values
            kwh = block["kwh"].to_numpy(dtype=np.float64)
            empty = np.isnan(kwh)
            bad = empty & (qual != Quality.MISSING)
            if bad.any():
                _fail(path, "empty kwh (only a 'missing' value may be empty)",
                      int(np.flatnonzero(bad)[0]) + first_line, "kwh")
            kwh = np.where(empty, 0.0, kwh)
            for cond, msg in ((kwh < 0, "negative kWh {v}; consumption and production are "
                               "non-negative"),
                              (kwh > MAX_KWH, "kWh {v} too large for one interval"),
                              (np.isinf(kwh), "kWh {v} is not a finite number")):
                if cond.any():
                    i = int(np.flatnonzero(cond)[0])
                    _fail(path, msg.format(v=block["kwh"].iloc[i]), i + first_line, "kwh")
            scaled = kwh * SCALE
            units = np.round(scaled)
            frac = np.abs(scaled - units) > 1e-6 * np.maximum(1.0, np.abs(scaled))
            if frac.any():
                i = int(np.flatnonzero(frac)[0])
                _fail(path, f"kWh {block['kwh'].iloc[i]!r} has more than 4 decimals "
                      "(resolution is 0.0001 kWh)", i + first_line, "kwh")
            parts_mp.append(cat_ids[mp_codes])
            parts_t.append(cat_t[st_codes])
            parts_u.append(units.astype(np.int32))
            parts_q.append(qual)
            parts_line.append(np.arange(first_line, first_line + n, dtype=np.int64))
            rows_done += n
            if progress:
                progress(rows_done, 0, f"read {rows_done:,} rows")
    except UnicodeDecodeError:
        line, what = decode_error_line(path)
        _fail(path, f"not UTF-8 text ({what}); save the file as UTF-8", line)
    except ValueError as exc:
        if "could not convert" in str(exc) or "Unable to parse" in str(exc):
            line, value = _locate_bad_number(path)
            _fail(path, f"malformed number {value!r}", line or None, "kwh")
        if isinstance(exc, pd.errors.ParserError):
            _fail(path, f"malformed CSV: {exc}")
        raise
    except pd.errors.EmptyDataError:
        _fail(path, "the file has a header but no rows")
    if rows_done == 0:
        _fail(path, "the file has a header but no rows")

    mp = np.concatenate(parts_mp)
    t = np.concatenate(parts_t)
    units = np.concatenate(parts_u)
    qual = np.concatenate(parts_q)
    lines = np.concatenate(parts_line)
    del parts_mp, parts_t, parts_u, parts_q, parts_line
    order = np.lexsort((t, mp))
    mp, t = mp[order], t[order]
    dup = (mp[1:] == mp[:-1]) & (t[1:] == t[:-1])
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        a, b = sorted((int(lines[order[i]]), int(lines[order[i + 1]])))
        _fail(path, f"duplicate interval: the same metering point and start as line {a}", b,
              "start")
    units, qual = units[order], qual[order]

    rec = ImportRecord(kind="readings", file_name=str(path), sha256=sha256(path),
                       rows=rows_done, actor=audit.actor())
    session.add(rec)
    session.flush()
    writer = ChunkWriter(session, settings.utility_zone(session), import_id=rec.id)
    codes = list(code_ids)
    bounds = np.flatnonzero(np.diff(mp)) + 1
    starts = np.concatenate([[0], bounds])
    ends = np.concatenate([bounds, [len(mp)]])
    for a, b in zip(starts, ends):
        ts = t[a:b]
        t0 = int(ts[0])
        idx = (ts - t0) // 900
        span = int(idx[-1]) + 1
        u = np.zeros(span, dtype=np.int32)
        f = np.zeros(span, dtype=np.uint8)
        m = np.zeros(span, dtype=bool)
        u[idx], f[idx], m[idx] = units[a:b], qual[a:b], True
        start = datetime.fromtimestamp(t0, tz=timezone.utc)
        writer.add(points[codes[int(mp[a])]], start, u, f, None if m.all() else m)
    stats = writer.flush()
    rec.changed = stats["new"] + stats["versions"]
    audit.record(session, "import.readings", "import", rec.id,
                 {"file": str(path), "rows": rows_done, "points": len(codes), **stats})
    return ImportResult("readings", str(path), rows_done, rec.changed,
                        {"points": len(codes), "chunks_new": stats["new"],
                         "chunks_new_version": stats["versions"],
                         "chunks_unchanged": stats["unchanged"]})
