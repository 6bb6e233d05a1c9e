from datetime import date
from decimal import Decimal as D

import numpy as np

from billdesk.domain.period import Period
from billdesk.domain.quality import Quality, QualityCounts, Thresholds
from billdesk.engine import fill_gaps, quality_counts
from conftest import flat, run, tariff

DAY = Period(date(2025, 6, 2), date(2025, 6, 5))   # 3 days, 288 intervals
T = tariff([flat("energy", "0.20")])


def test_quality_counts_vectorised():
    f = np.array([[0, 0, 1, 3], [2, 2, 2, 2]], dtype=np.uint8)
    assert quality_counts(f) == [QualityCounts(2, 1, 0, 1), QualityCounts(0, 0, 4, 0)]


def test_linear_fill_short_gap():
    v = np.arange(10, dtype=float)
    miss = np.zeros(10, bool)
    miss[3:6] = True
    v[3:6] = np.nan
    out = fill_gaps(v, miss, np.arange(10) * 15)
    assert np.allclose(out, np.arange(10))


def test_long_gap_uses_average_day_profile():
    minute = np.tile(np.arange(96) * 15, 3)
    v = np.tile(np.where(np.arange(96) < 48, 1.0, 3.0), 3)
    miss = np.zeros(288, bool)
    miss[96 + 40:96 + 60] = True             # 20 intervals (5 h) on day 2
    out = fill_gaps(np.where(miss, np.nan, v), miss, minute)
    assert np.allclose(out, v)


def test_missing_intervals_filled_and_counted_estimated():
    cons = np.full(288, 1.0)
    flags = np.zeros(288, np.uint8)
    flags[10:14] = Quality.MISSING
    cons[10:14] = np.nan
    flags[20] = Quality.SUBSTITUTED
    (o,) = run(DAY, T, cons, flags=flags, tz="UTC")
    assert o.error_code is None
    assert o.quality == QualityCounts(283, 1, 0, 4)
    assert o.bill.quality == QualityCounts(283, 1, 4, 0)
    assert o.bill.consumption_kwh == D("288.000")
    assert "4 missing" in o.message


def test_thresholds_fail_with_numbers():
    cons = np.full(288, 1.0)
    flags = np.zeros(288, np.uint8)
    flags[:30] = Quality.MISSING
    (o,) = run(DAY, T, cons, flags=flags, tz="UTC", thresholds=Thresholds(max_missing=8))
    assert o.error_code == "DATA_QUALITY" and "30 missing" in o.message and o.bill is None
    (o,) = run(DAY, T, cons, flags=flags, tz="UTC",
               thresholds=Thresholds(min_quality=Quality.ESTIMATED))
    assert o.error_code == "DATA_QUALITY" and "worse than estimated" in o.message
    (o,) = run(DAY, T, cons, flags=np.full(288, 3, np.uint8), tz="UTC")
    assert o.error_code == "NO_METER_DATA"


def test_outside_supply_is_neither_consumption_nor_defect():
    cons = np.full(288, 1.0)
    flags = np.zeros(288, np.uint8)
    flags[:96] = Quality.MISSING        # before the supply starts
    cons[:96] = 50.0
    (o,) = run(DAY, T, cons, flags=flags, tz="UTC", supply=(date(2025, 6, 3), None),
               thresholds=Thresholds(max_missing=0))
    assert o.error_code is None
    assert o.quality == QualityCounts(192, 0, 0, 0)
    assert o.bill.consumption_kwh == D("192.000")


def test_nan_value_flagged_measured_counts_as_missing():
    cons = np.full(288, 1.0)
    cons[5] = np.nan
    (o,) = run(DAY, T, cons, tz="UTC")
    assert o.quality.missing == 1 and o.bill.consumption_kwh == D("288.000")


def test_one_account_error_does_not_break_others():
    cons = np.ones((3, 288))
    flags = np.zeros((3, 288), np.uint8)
    flags[1] = Quality.MISSING
    out = run(DAY, T, cons, flags=flags, tz="UTC")
    assert [o.error_code for o in out] == [None, "NO_METER_DATA", None]
    assert [o.account for o in out] == ["A0", "A1", "A2"]
