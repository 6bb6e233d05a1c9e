"""Smart-meter portal exports: a wide CSV with one local day per row.

Optional ``key;value`` lines before the table name the metering point, the direction, the
time zone, the unit and the export time; the header row starts with a date column
(``Datum``/``Date``) and may have a metering-point and a direction column, then the quarter
hours and optionally a daily total. A row holds the day's values in time order: 96, or 92
and 100 on the days clocks change in the file's time zone (the utility's unless the file
says otherwise). Layout and rules: docs/formats.md.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from billdesk.domain.period import local_midnight_utc, zone
from billdesk.domain.quality import Quality
from billdesk.store.meterdata.series import (QUARTER, Document, Located, Series, check_created,
                                             decimal_of, to_units)

MAX_BYTES = 64 << 20


def _norm(text: str) -> str:
    t = text.strip().strip('"').strip().lower().rstrip(":").strip()
    return t.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("é", "e")


POINT = {"zaehlpunkt", "zaehlpunktbezeichnung", "messpunkt", "metering point", "meteringpoint",
         "meter point", "meterpoint", "metering point id", "point de mesure", "messstelle",
         "anlage", "meter id", "meter"}
DIRECTION = {"richtung", "direction", "energierichtung", "flussrichtung", "sens"}
TZ = {"zeitzone", "time zone", "timezone", "tz", "fuseau horaire"}
UNIT = {"einheit", "unit", "unite", "masseinheit"}
CREATED = {"erstellt", "erstellt am", "exportiert", "exportiert am", "export", "created",
           "exported", "export date", "exportdatum", "export time", "erstellungsdatum"}
DATE = {"datum", "date", "tag", "day", "jour", "date (local)"}
TOTAL = {"summe", "total", "sum", "tagessumme", "tagestotal", "daily total"}
DIRECTIONS = {
    "consumption": {"bezug", "verbrauch", "consumption", "import", "entnahme", "1-1:1.8.0",
                    "1-0:1.8.0", "1.8.0", "a+", "+a", "soutirage"},
    "production": {"einspeisung", "lieferung", "erzeugung", "production", "export", "feed-in",
                   "feedin", "rueckspeisung", "1-1:2.8.0", "1-0:2.8.0", "2.8.0", "a-", "-a",
                   "injection"},
}
UNITS = {"kwh": 1.0, "wh": 0.001, "mwh": 1000.0}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::00)?(?:\s*[-–]\s*(\d{1,2}):(\d{2}))?\*?[ab]?")
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(text: str) -> date | None:
    t = text.strip().strip('"')
    m = _DATE_DE.fullmatch(t) or _DATE_ISO.fullmatch(t)
    if not m:
        return None
    try:
        if m.re is _DATE_DE:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def looks_like(head: str) -> bool:
    """A wide day-per-row table: a line with >= 90 fields that starts with a date or a date
    header."""
    for line in head.splitlines()[:40]:
        for d in (";", ",", "\t"):
            cells = line.split(d)
            if len(cells) >= 90 and (_date(cells[0]) or _norm(cells[0]) in DATE):
                return True
    return False


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")        # Windows exports
        except UnicodeDecodeError:
            raise Located("neither UTF-8 nor Windows-1252 text") from None


def _delimiter(lines: list[str]) -> str:
    best, count = ";", 0
    for line in lines[:40]:
        for d in (";", ",", "\t"):
            n = line.count(d)
            if n > count:
                best, count = d, n
    return best


def parse(path: Path, tz_name: str) -> Document:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Located(f"the file is {size / 2**20:,.0f} MiB; portal exports are read up to "
                      f"{MAX_BYTES >> 20} MiB")
    text = _decode(path.read_bytes())
    if "\x00" in text:
        raise Located("binary data (NUL bytes): not a CSV export")
    d = _delimiter(text.splitlines())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=d)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise Located(f"malformed CSV: {exc}", reader.line_num or None) from None
    meta: dict[str, tuple[str, int]] = {}
    header, header_line, body = None, None, []
    for line, row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if header is None and not body:
            key = _norm(cells[0])
            if key in DATE:
                header, header_line = cells, line
                continue
            if _date(cells[0]) is None:
                for names, name in ((POINT, "point"), (DIRECTION, "direction"), (TZ, "tz"),
                                    (UNIT, "unit"), (CREATED, "created")):
                    if key in names and len(cells) > 1 and cells[1]:
                        meta[name] = (cells[1], line)
                continue
        body.append((line, cells))
    if not body:
        raise Located("no data rows (a row per day starting with dd.mm.yyyy)")
    tz = _zone(meta, header) or zone(tz_name)
    factor = _unit(meta, header)
    cols = _columns(header, header_line, body)
    created = _created(meta, tz, path)
    doc = Document("portal", created)
    values = [c for _l, cells in body for c in cells[cols["first"]:cols["end"]]]
    comma = any("," in v for v in values)
    for line, cells in body:
        day = _date(cells[0])
        if day is None:
            raise Located(f"{cells[0]!r} is not a date (dd.mm.yyyy)", line, "date")
        if not 2000 <= day.year <= 2099:
            raise Located(f"{cells[0]} is outside the supported range 2000..2099", line,
                          "date")
        code = cells[cols["point"]] if cols["point"] is not None and cols["point"] < \
            len(cells) else meta.get("point", ("", 0))[0]
        if not code:
            raise Located("no metering point: add a line 'Zählpunkt;CODE' (or 'Metering "
                          "point;CODE') above the table, or a metering point column", line)
        dtext = cells[cols["dir"]] if cols["dir"] is not None and cols["dir"] < len(cells) \
            else meta.get("direction", ("", 0))[0]
        direction = _direction(dtext, line)
        a = local_midnight_utc(day, tz)
        n = int((local_midnight_utc(day + timedelta(days=1), tz) - a).total_seconds()) \
            // QUARTER
        cells_v = cells[cols["first"]:cols["end"]]
        cells_v = _fit(cells_v, n, day, tz, cols["labels"], line, cols["first"])
        mask = np.array([c not in ("", "-") for c in cells_v], dtype=bool)
        nums = np.zeros(n)
        for j in np.flatnonzero(mask):
            nums[j] = _number(cells_v[j], comma, line, cols["first"] + j)
        nums *= factor
        units, rounded = to_units(nums, lambda j: (line, f"column {cols['first'] + j + 1}"),
                                  texts=cells_v,
                                  exact=lambda j: decimal_of(_plain(cells_v[j], comma), factor))
        doc.rounded += rounded
        if cols["total"] is not None and cols["total"] < len(cells) and cells[cols["total"]]:
            total = _number(cells[cols["total"]], comma, line, cols["total"]) * factor
            if abs(total - nums.sum()) > 0.0011 * max(1.0, factor):
                raise Located(f"the day's total {cells[cols['total']]} is not the sum of its "
                              f"values ({nums.sum():.4f})", line, f"column {cols['total'] + 1}")
        flags = np.where(mask, Quality.MEASURED, Quality.MISSING).astype(np.uint8)
        if mask.any():
            doc.series.append(Series(code, direction, "total", int(a.timestamp()), units,
                                     flags, None if mask.all() else mask, day.isoformat(),
                                     line))
    return doc


def _zone(meta, header):
    if "tz" in meta:
        name, line = meta["tz"]
        if name.upper() in ("UTC", "GMT", "Z"):
            return timezone.utc
        try:
            return zone(name)
        except ValueError as exc:
            raise Located(str(exc), line, "time zone") from None
    if header and re.search(r"\butc\b", header[0].lower()):
        return timezone.utc
    return None


def _unit(meta, header) -> float:
    unit = meta.get("unit", ("", 0))
    text = unit[0].lower().strip("[]() ")
    if not text and header:
        m = re.search(r"[\[(]\s*(k?wh|mwh|kw|w)\s*[\])]", " ".join(header).lower())
        text = m[1] if m else ""
    if not text:
        return 1.0
    if text not in UNITS:
        raise Located(f"unit {unit[0] or text!r}: portal exports are read in kWh, Wh or MWh "
                      "(energy per quarter hour, not power)", unit[1] or None, "unit")
    return UNITS[text]


def _columns(header, header_line, body) -> dict:
    out = {"point": None, "dir": None, "total": None, "labels": None, "first": 1}
    if header is None:
        out["end"] = max(len(c) for _l, c in body)
        return out
    times = []
    for j, cell in enumerate(header[1:], start=1):
        key = _norm(cell)
        if key in POINT:
            out["point"] = j
        elif key in DIRECTION:
            out["dir"] = j
        elif key in TOTAL or key.startswith(("summe", "total")):
            out["total"] = j
        elif _TIME.fullmatch(key) or not key:
            times.append(j)
        else:
            raise Located(f"unknown column {cell!r}; expected quarter-hour columns "
                          "(00:00, 00:15, ... or 00:00-00:15)", header_line, f"column {j + 1}")
    if not times or times != list(range(times[0], times[-1] + 1)):
        raise Located("the quarter-hour columns must follow each other", header_line)
    out["first"], out["end"] = times[0], times[-1] + 1
    labels = [_TIME.fullmatch(_norm(header[j])) for j in times]
    if all(labels) and len(labels) == 96:
        first = int(labels[0][1]) * 60 + int(labels[0][2])
        out["labels"] = [(int(m[1]) * 60 + int(m[2]) - (15 if first == 15 else 0)) % 1440
                         for m in labels]
    if out["total"] is not None and out["total"] < times[0]:
        raise Located("the daily total column must follow the quarter hours", header_line)
    return out


def _fit(cells, n, day, tz, labels, line, first) -> list[str]:
    """The day's n values from a row's cells (trailing padding must be empty)."""
    filled = len(cells)
    while filled > 0 and cells[filled - 1] == "":
        filled -= 1
    if filled > n and n == 92 and labels is not None and len(cells) >= 96:
        gone = [j for j, m in enumerate(labels) if not _exists(day, m, tz)]
        if len(gone) == 4 and all(cells[j] == "" for j in gone):
            cells = [c for j, c in enumerate(cells[:96]) if j not in gone]
            filled = min(filled, 92)
    if len(cells) < n or filled > n:
        count = len(cells) if len(cells) < n else filled
        raise Located(f"{count} values on {day:%d.%m.%Y}, a day of {n} quarter hours in "
                      f"{getattr(tz, 'key', 'UTC')}", line, f"column {first + count}")
    return cells[:n]


def _exists(day: date, minute: int, tz) -> bool:
    naive = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
    t = naive.replace(tzinfo=tz)
    return t.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == naive


_NUM_COMMA = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_NUM_POINT = re.compile(r"[+-]?\d+(\.\d+)?")


def _cell(text: str) -> str:
    return text.strip().strip('"').replace("\u00a0", "").replace("'", "")


def _plain(text: str, comma: bool) -> str:
    """A number cell as a plain ``[sign]digits[.digits]`` text (thousands marks dropped)."""
    t = _cell(text)
    return t.replace(".", "").replace(",", ".") if comma else t


def _number(text: str, comma: bool, line: int, col: int) -> float:
    if (_NUM_COMMA if comma else _NUM_POINT).fullmatch(_cell(text)):
        return float(_plain(text, comma))
    raise Located(f"malformed number {text!r}" + (" (this file uses a decimal comma)"
                                                  if comma else ""), line, f"column {col + 1}")


def _direction(text: str, line) -> str | None:
    if not text:
        return None
    key = _norm(text)
    for direction, names in DIRECTIONS.items():
        if key in names:
            return direction
    raise Located(f"unknown direction {text!r}; expected Bezug/consumption or "
                  "Einspeisung/production", line, "direction")


def _created(meta, tz, path: Path) -> datetime:
    if "created" in meta:
        text, line = meta["created"]
        t = text.strip()
        for fmt in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y"):
            try:
                naive = datetime.strptime(t, fmt)
                break
            except ValueError:
                continue
        else:
            try:
                aware = datetime.fromisoformat(t.replace("Z", "+00:00"))
            except ValueError:
                raise Located(f"export time {text!r} is not dd.mm.yyyy hh:mm", line,
                              "created") from None
            return check_created(aware.astimezone(timezone.utc), line, "created")
        return check_created(naive.replace(tzinfo=tz or timezone.utc)
                             .astimezone(timezone.utc), line, "created")
    mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return min(mtime, datetime.now(timezone.utc))
