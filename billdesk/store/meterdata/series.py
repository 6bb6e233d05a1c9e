"""What every meter-data parser returns: documents of 15-minute series, format-neutral.

A parser reads one file into a ``Document`` (creation time, status, ``Series``); the folder
import (``batch.py``) resolves the points and writes the series with ChunkWriter. Values are
int32 units of 0.0001 kWh (``SCALE``) and ``Quality`` flags, like the chunks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality
from billdesk.store.intervals import MAX_KWH, SCALE

QUARTER = 900                                   # seconds
FIRST_UTC, END_UTC = 946684800, 4102444800      # 2000-01-01 .. 2100-01-01
MAX_FUTURE = timedelta(days=1)                   # creation times may be this far ahead
MISSING = np.uint8(Quality.MISSING)
ESTIMATED = np.uint8(Quality.ESTIMATED)


@dataclass
class Series:
    """One point's values from ``start`` (epoch seconds UTC, on the 15-minute grid)."""

    code: str
    direction: str | None          # consumption | production | None: the point's only one
    channel: str                   # total | local | residual
    start: int
    units: np.ndarray              # int32
    flags: np.ndarray              # uint8 Quality
    mask: np.ndarray | None = None  # delivered intervals (None: all)
    place: str = ""                # where in the file, for messages
    line: int | None = None
    create_point: bool = False     # aggregate series (SDAT E31): the point is created
    created: datetime | None = None  # this series' document time, if not the document's

    @property
    def delivered(self) -> int:
        return len(self.units) if self.mask is None else int(self.mask.sum())


@dataclass
class Document:
    fmt: str
    created: datetime | None        # creation time of the document; None: the import time
    status: str = "original"        # original | replace | cancel
    series: list[Series] = field(default_factory=list)
    rounded: int = 0                # values with more than 4 decimals, rounded to 0.0001
    notes: list[str] = field(default_factory=list)

    @property
    def values(self) -> int:
        return sum(s.delivered for s in self.series)

    def cancel(self) -> None:
        """A cancellation withdraws the values it names: they become missing."""
        self.status = "cancel"
        for s in self.series:
            s.units = np.zeros(len(s.units), dtype=np.int32)
            s.flags = np.full(len(s.units), MISSING, dtype=np.uint8)


class Located(Exception):
    """A problem at a known place in the file; the folder import adds the file name."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message, self.line, self.field = message, line, field

    def error(self, path) -> InputError:
        return InputError(self.message, file=str(path), line=self.line, field=self.field)


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})")


def parse_instant(text: str | None, what: str, line=None, where=None) -> datetime:
    """An ISO 8601 instant with an offset or Z, as aware UTC."""
    t = (text or "").strip()
    if not _ISO.fullmatch(t):
        raise Located(f"{what} {t!r} is not an ISO 8601 time with an offset or Z", line, where)
    t = t.replace("Z", "+00:00")
    m = re.search(r"\.(\d+)", t)
    if m and len(m[1]) > 6:                       # fromisoformat takes at most microseconds
        t = t.replace(m[0], "." + m[1][:6])
    try:
        dt = datetime.fromisoformat(t)
    except ValueError as exc:
        raise Located(f"{what} {text.strip()!r}: {exc}", line, where) from None
    dt = dt.astimezone(timezone.utc)
    if not FIRST_UTC <= dt.timestamp() < END_UTC:
        raise Located(f"{what} {text.strip()} is outside the supported range 2000..2099",
                      line, where)
    return dt


def check_created(created: datetime | None, line=None, where=None) -> datetime | None:
    if created is not None and created > datetime.now(timezone.utc) + MAX_FUTURE:
        raise Located(f"creation time {created.isoformat()} is in the future; a document "
                      "from the future would block every later correction", line, where)
    return created


def grid_seconds(dt: datetime, what: str, line=None, where=None) -> int:
    s = dt.timestamp()
    if s != int(s) or int(s) % QUARTER:
        raise Located(f"{what} {dt.isoformat()} is not on the 15-minute grid", line, where)
    return int(s)


def to_units(values: np.ndarray, place, line=None, texts=None,
             exact=None) -> tuple[np.ndarray, int]:
    """kWh floats to int32 units; (units, number rounded to 0.0001 kWh). ``place(i)`` names
    value i for an error, ``texts[i]`` is what the file wrote. ``exact(i)`` gives value i in
    kWh as a ``Decimal`` computed from the file's text (with the unit's factor): every value
    that needs rounding is then rounded from it **half up** (ties away from zero), so a
    written ``1.00015`` is 10002 units whatever the float made of it; without ``exact`` the
    float is rounded (only for values billdesk computed itself)."""
    v = np.asarray(values, dtype=np.float64)
    shown = (lambda i: texts[i]) if texts is not None else (lambda i: repr(float(v[i])))
    for cond, msg in ((~np.isfinite(v), "{x} is not a finite number"),
                      (v < 0, "negative value {x}; energy per direction is never negative"),
                      (v > MAX_KWH, "{x} kWh is too large for one 15-minute interval")):
        bad = np.flatnonzero(cond)
        if len(bad):
            i = int(bad[0])
            raise Located(msg.format(x=shown(i)), *place(i))
    scaled = v * SCALE
    units = np.round(scaled)
    inexact = np.abs(scaled - units) > 1e-6 * np.maximum(1.0, np.abs(scaled))
    rounded = int(inexact.sum())
    if rounded and exact is not None:
        for i in np.flatnonzero(inexact):
            units[i] = int((exact(int(i)) * SCALE).to_integral_value(ROUND_HALF_UP))
    return units.astype(np.int32), rounded


def decimal_of(text: str, factor=1) -> Decimal:
    """The exact value of a plain decimal text (already checked by ``parse_numbers``) times a
    unit factor (a float such as 0.001 is taken as written: ``str(0.001)``)."""
    return Decimal(text.strip()) * (factor if isinstance(factor, Decimal)
                                    else Decimal(str(factor)))


_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*")
_NOT_DECIMAL = re.compile(r"[^0-9.+\-\s]")


def parse_numbers(texts: list[str], place) -> np.ndarray:
    """Plain decimal texts (``.`` decimal point; no exponent, ``nan``, ``inf`` or ``1_000``)
    to floats; a located error for the first that is not one."""
    bad = bool(_NOT_DECIMAL.search("".join(texts)))
    if not bad:
        try:
            return np.array(texts, dtype=np.float64)
        except ValueError:
            bad = True
    for i, t in enumerate(texts):
        if not _NUMBER.fullmatch(t):
            raise Located(f"malformed number {t.strip()!r}", *place(i)) from None
    return np.array(texts, dtype=np.float64)


def split_hourly(units: np.ndarray, flags: np.ndarray, mask=None):
    """Hourly values split evenly into four quarter hours, exactly (the first quarters take
    the remainder units); every quarter is at best ``estimated``: the profile is unknown."""
    q, r = np.divmod(units.astype(np.int64), 4)
    out = np.repeat(q, 4).reshape(-1, 4)
    out += (np.arange(4)[None, :] < r[:, None])
    f = np.repeat(np.maximum(flags, ESTIMATED), 4)
    f[np.repeat(flags == MISSING, 4)] = MISSING
    m = None if mask is None else np.repeat(mask, 4)
    return out.reshape(-1).astype(np.int32), f.astype(np.uint8), m


def worst(a, b):
    return np.maximum(a, b)
