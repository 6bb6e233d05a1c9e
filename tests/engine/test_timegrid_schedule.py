from datetime import date, time

import numpy as np
import pytest

from billdesk.domain.period import Period
from billdesk.domain.tariff import Schedule, ScheduleRule
from billdesk.engine.schedule import tou_index
from billdesk.engine.timegrid import time_grid


@pytest.mark.parametrize("day,n", [("2025-03-30", 92), ("2025-10-26", 100), ("2025-03-31", 96),
                                   ("2024-02-29", 96)])
def test_day_lengths_zurich(day, n):
    d = date.fromisoformat(day)
    g = time_grid(Period(d, date.fromordinal(d.toordinal() + 1)), "Europe/Zurich")
    assert g.n == n
    assert g.day_first.tolist() == [0, n]


def test_dst_wall_clock_minutes():
    g = time_grid(Period(date(2025, 3, 30), date(2025, 3, 31)), "Europe/Zurich")
    # 02:00-03:00 does not exist: after 01:45 comes 03:00
    assert g.minute[7] == 105 and g.minute[8] == 180
    g = time_grid(Period(date(2025, 10, 26), date(2025, 10, 27)), "Europe/Zurich")
    # 02:00-03:00 happens twice
    assert list(g.minute[8:16]) == [120, 135, 150, 165, 120, 135, 150, 165]


@pytest.mark.parametrize("tz,n", [("UTC", 2976), ("America/New_York", 2976 - 4),
                                  ("Asia/Kolkata", 2976), ("Australia/Sydney", 2976)])
def test_other_zones_march(tz, n):
    # New York springs forward on 2025-03-09; Sydney falls back on 2025-04-06 (not in March)
    assert time_grid(Period.parse("2025-03"), tz).n == n


def test_months_of_a_quarter_and_leap_february():
    g = time_grid(Period.parse("2024-Q1"), "UTC")
    assert [(m.d0, m.d1, m.days_in_month) for m in g.months] == [(0, 31, 31), (31, 60, 29),
                                                                  (60, 91, 31)]


def _rules(*rules, default="low"):
    return Schedule(tuple(ScheduleRule(tuple(d), s, e, p) for d, s, e, p in rules), default)


def test_holiday_is_not_a_weekday():
    # 2025-08-01 (Friday) is the Swiss national day
    g = time_grid(Period(date(2025, 7, 31), date(2025, 8, 2)), "Europe/Zurich")
    s = _rules((["weekday"], time(7), time(20), "high"))
    names = s.period_names
    idx = tou_index(s, g, "CH", None)
    thu, fri = idx[:96], idx[96:]
    assert names[thu[7 * 4]] == "high" and names[thu[7 * 4 - 1]] == "low"
    assert names[thu[20 * 4 - 1]] == "high" and names[thu[20 * 4]] == "low"
    assert all(names[k] == "low" for k in fri)
    s2 = _rules((["holiday"], time(0), time(0), "hol"), (["weekday"], time(7), time(20), "high"))
    assert set(tou_index(s2, g, "CH", None)[96:]) == {s2.period_names.index("hol")}


def test_first_rule_wins_midnight_end_and_wrap():
    g = time_grid(Period(date(2025, 6, 2), date(2025, 6, 3)), "UTC")  # a Monday
    s = _rules((["all"], time(22), time(6), "night"), (["weekday"], time(18), time(0), "peak"),
               (["weekday"], time(0), time(0), "day"))
    names = [s.period_names[k] for k in tou_index(s, g, "CH", None)]
    assert names[:24] == ["night"] * 24          # 00:00-06:00
    assert names[24:72] == ["day"] * 48          # 06:00-18:00
    assert names[72:88] == ["peak"] * 16         # 18:00-22:00
    assert names[88:] == ["night"] * 8           # 22:00-24:00


def test_weekend_saturday_sunday():
    g = time_grid(Period(date(2025, 6, 6), date(2025, 6, 9)), "UTC")  # Fri, Sat, Sun
    s = _rules((["saturday"], time(0), time(0), "sat"), (["weekend"], time(0), time(0), "we"),
               default="wd")
    idx = np.array([s.period_names[k] for k in tou_index(s, g, "CH", None)])
    assert set(idx[:96]) == {"wd"} and set(idx[96:192]) == {"sat"} and set(idx[192:]) == {"we"}
