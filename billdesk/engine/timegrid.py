"""The 15-minute interval grid of a billing period in the utility's time zone (cached)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import numpy as np

from billdesk.domain.period import INTERVAL, Period, add_months, local_midnight_utc, zone


@dataclass(frozen=True, eq=False)
class MonthPart:
    """A calendar month clipped to the period, as local day offsets (end exclusive)."""

    d0: int
    d1: int
    first: date          # first day of the calendar month
    days_in_month: int


@dataclass(frozen=True, eq=False)
class TimeGrid:
    period: Period
    tz: str
    start_utc: datetime
    n: int                     # number of intervals
    days: tuple[date, ...]     # local days of the period
    day_first: np.ndarray      # int64 [days + 1]: first interval of each day; last entry == n
    day_of: np.ndarray         # int32 [n]: local day offset of each interval
    minute: np.ndarray         # int16 [n]: local wall-clock minute of day at interval start
    months: tuple[MonthPart, ...]



@lru_cache(maxsize=128)
def time_grid(period: Period, tz: str) -> TimeGrid:
    """Interval grid of ``period`` in ``tz``; interval i starts at start_utc + i * 15 min."""
    zi = zone(tz)
    start_utc, end_utc = period.utc_bounds(zi)
    n = int((end_utc - start_utc) / INTERVAL)
    days = tuple(period.start + timedelta(days=k) for k in range(period.days + 1))
    day_first = np.array([int((local_midnight_utc(d, zi) - start_utc) / INTERVAL) for d in days],
                         dtype=np.int64)
    days = days[:-1]
    day_of = np.repeat(np.arange(len(days), dtype=np.int32), np.diff(day_first))
    # local minute of day: constant UTC offset within a day except on DST days
    minute = np.empty(n, dtype=np.int16)
    for k, d in enumerate(days):
        a, b = int(day_first[k]), int(day_first[k + 1])
        t0 = start_utc + a * INTERVAL
        off0 = t0.astimezone(zi).utcoffset()
        off1 = (start_utc + (b - 1) * INTERVAL).astimezone(zi).utcoffset()
        if off0 == off1:
            minute[a:b] = np.arange(b - a, dtype=np.int16) * 15
        else:
            for i in range(a, b):
                loc = (start_utc + i * INTERVAL).replace(tzinfo=timezone.utc).astimezone(zi)
                minute[i] = loc.hour * 60 + loc.minute
    months = []
    for m in period.months():
        first = date(m.start.year, m.start.month, 1)
        months.append(MonthPart((m.start - period.start).days, (m.end - period.start).days,
                                first, (add_months(first, 1) - first).days))
    for arr in (day_first, day_of, minute):
        arr.setflags(write=False)
    return TimeGrid(period, tz, start_utc, n, days, day_first, day_of, minute, tuple(months))
