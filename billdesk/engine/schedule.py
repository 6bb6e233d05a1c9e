"""Time-of-use masks: which named period each interval falls in (cached per schedule/period)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from billdesk.domain.holiday_calendars import country_holidays
from billdesk.domain.tariff import Schedule
from billdesk.engine.timegrid import TimeGrid


@lru_cache(maxsize=64)
def holiday_dates(country: str, subdiv: str | None, years: tuple[int, ...]) -> frozenset:
    return frozenset(country_holidays(country, subdiv=subdiv, years=list(years)).keys())


def day_kinds(grid: TimeGrid, country: str, subdiv: str | None) -> list[frozenset[str]]:
    """The day kinds each local day matches.

    A public holiday is 'holiday' (never 'weekday'); a holiday on a Saturday or Sunday still
    matches 'saturday'/'sunday'/'weekend' as well. Every day matches 'all'.
    """
    years = tuple(sorted({d.year for d in grid.days}))
    hol = holiday_dates(country, subdiv, years)
    kinds = []
    for d in grid.days:
        k = {"all"}
        wd = d.weekday()
        if wd == 5:
            k |= {"saturday", "weekend"}
        elif wd == 6:
            k |= {"sunday", "weekend"}
        if d in hol:
            k.add("holiday")
        elif wd < 5:
            k.add("weekday")
        kinds.append(frozenset(k))
    return kinds


@lru_cache(maxsize=256)
def _tou_index(schedule: Schedule, grid: TimeGrid, country: str, subdiv: str | None) -> np.ndarray:
    names = schedule.period_names
    kinds = day_kinds(grid, country, subdiv)
    out = np.full(grid.n, -1, dtype=np.int16)
    minute = grid.minute.astype(np.int32)
    for rule in schedule.rules:
        day_ok = np.array([bool(k & set(rule.days)) for k in kinds], dtype=bool)
        s = rule.start.hour * 60 + rule.start.minute
        e = rule.end.hour * 60 + rule.end.minute or 24 * 60   # 00:00 = midnight at day end
        if s < e:
            t_ok = (minute >= s) & (minute < e)
        else:                                                 # wraps past midnight
            t_ok = (minute >= s) | (minute < e)
        hit = (out < 0) & day_ok[grid.day_of] & t_ok
        out[hit] = names.index(rule.period)
    out[out < 0] = names.index(schedule.default)
    out.setflags(write=False)
    return out


def tou_index(schedule: Schedule, grid: TimeGrid, country: str, subdiv: str | None) -> np.ndarray:
    """int16 [n]: index into ``schedule.period_names`` per interval (first matching rule wins)."""
    return _tou_index(schedule, grid, country, subdiv)


@lru_cache(maxsize=1024)
def tou_columns(schedule: Schedule, grid: TimeGrid, country: str, subdiv: str | None,
                i0: int, i1: int) -> tuple[np.ndarray, ...]:
    """Per period of ``schedule``: the interval columns of [i0, i1) it covers (relative to
    i0), so that a block's quantities per period are sums over those columns."""
    idx = _tou_index(schedule, grid, country, subdiv)[i0:i1]
    out = tuple(np.flatnonzero(idx == k) for k in range(len(schedule.period_names)))
    for a in out:
        a.setflags(write=False)
    return out
