"""Hand-computed examples, one per tariff component."""

from datetime import date, datetime, timezone
from decimal import Decimal as D

import numpy as np

from billdesk.domain.period import Period
from billdesk.engine import expand_series
from conftest import HIGH_LOW, flat, n_int, one, run, tariff


def lines_of(bill, comp):
    return [ln for ln in bill.lines if ln.component == comp]


def test_base_fee_full_month_and_prorated_start():
    t = tariff([flat("base_fee", "12.00", "8.1"), flat("energy", "0.20")])
    n = n_int("2025-03")
    b = one("2025-03", t, np.zeros(n))
    (ln,) = lines_of(b, "base_fee")
    assert (ln.quantity, ln.unit, ln.net_amount) == (D(1), "month", D("12.00"))
    # supply from 2025-03-22: 10 of 31 days -> 12 * 10 / 31 = 3.8709.. -> 3.87
    b = one("2025-03", t, np.zeros(n), supply=(date(2025, 3, 22), None))
    (ln,) = lines_of(b, "base_fee")
    assert (ln.quantity, ln.unit, ln.net_amount) == (D(10), "day", D("3.87"))
    # supply ending 2025-03-06 (exclusive): 5 days -> 1.935.. -> 1.94
    b = one("2025-03", t, np.zeros(n), supply=(date(2024, 1, 1), date(2025, 3, 6)))
    assert lines_of(b, "base_fee")[0].net_amount == D("1.94")


def test_base_fee_per_month_over_a_quarter_with_leap_february():
    t = tariff([flat("base_fee", "29.00")])
    p = Period.parse("2024-Q1")
    b = one(p, t, np.zeros(p.n_intervals("Europe/Zurich")), supply=(date(2024, 2, 15), None))
    fees = lines_of(b, "base_fee")
    # February 2024: 15 of 29 days -> 15.00; March whole -> 29.00
    assert [(ln.detail, ln.net_amount) for ln in fees] == [("2024-02: 15/29 days", D("15.00")),
                                                           ("2024-03", D("29.00"))]
    assert (fees[0].period_start, fees[0].period_end) == (date(2024, 2, 15), date(2024, 3, 1))


def test_flat_energy_grid_levy_rounding():
    t = tariff([flat("energy", "0.2741", "8.1"), flat("grid", "0.1012", "8.1"),
                flat("levy", "0.023", "8.1")])
    n = n_int("2025-04")
    cons = np.zeros(n)
    cons[:3] = [0.1234, 0.2, 0.0001]       # total 100.3225 kWh -> 100.323 (half-up)
    cons[10] = 99.999
    b = one("2025-04", t, cons)
    e, g, lv = b.lines
    assert e.quantity == D("100.323")
    assert e.net_amount == D("27.50")       # 100.323 * 0.2741 = 27.4985343 -> 27.50
    assert g.net_amount == D("10.15")       # 10.1526876 -> 10.15
    assert lv.net_amount == D("2.31")       # 2.307429 -> 2.31
    assert b.net_total == D("39.96")
    (vat,) = b.vat
    assert vat.vat == D("3.24")             # 39.96 * 8.1 % = 3.23676 -> 3.24
    assert b.total == D("43.20")
    assert b.consumption_kwh == D("100.323") and b.grid_kwh == D("100.323")


def test_tou_energy_weekday_weekend_holiday():
    t = tariff([{"type": "energy", "pricing": "tou", "prices": {"high": "0.30", "low": "0.20"},
                 "vat_rate": "0"}], schedule=HIGH_LOW)
    # 2025-07-31 Thu .. 2025-08-04 Mon (exclusive): Thu weekday, Fri holiday, Sat, Sun
    p = Period(date(2025, 7, 31), date(2025, 8, 4))
    n = p.n_intervals("Europe/Zurich")
    b = one(p, t, np.full(n, 1.0))
    high, low = b.lines
    assert (high.detail, high.quantity) == ("high", D("52.000"))      # Thu 07-20: 52 intervals
    assert (low.detail, low.quantity) == ("low", D(4 * 96 - 52) + D("0.000"))
    assert high.net_amount == D("15.60") and low.net_amount == D("66.40")


def test_dynamic_energy_hourly_series_exact_sum():
    t = tariff([{"type": "energy", "pricing": "dynamic", "series": "SPOT", "multiplier": "1.1",
                 "offset": "0.01", "vat_rate": "8.1"}])
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    # hourly prices from local midnight (22:00 UTC the day before), 24 values
    hourly = np.arange(24) * 0.01 + 0.05
    prices = expand_series(datetime(2025, 6, 1, 22, tzinfo=timezone.utc), 60, hourly, p,
                           "Europe/Zurich")
    assert prices.shape == (96,) and prices[3] == 0.05 and prices[4] == hourly[1]
    cons = np.full(96, 0.25)
    b = one(p, t, cons, prices={"SPOT": prices})
    (ln,) = b.lines
    # each hour: 1 kWh * (p * 1.1 + 0.01); sum p = 24*0.05 + 0.01*276 = 3.96
    exact = D("3.96") * D("1.1") + D("0.24")
    assert ln.net_amount == exact.quantize(D("0.01"))    # 4.596 -> 4.60
    assert ln.quantity == D("24.000")
    assert ln.unit_price == (D("4.60") / D("24.000")).quantize(D("0.00001"))


def test_expand_series_partial_and_unknown():
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    s = expand_series(datetime(2025, 6, 2, 10, tzinfo=timezone.utc), 15, [1.0, 2.0], p, "UTC")
    assert np.isnan(s[:40]).all() and s[40] == 1.0 and s[41] == 2.0 and np.isnan(s[42:]).all()


def test_dynamic_missing_price_is_an_error_for_that_account_only():
    t = tariff([{"type": "energy", "pricing": "dynamic", "series": "SPOT", "vat_rate": "0"}])
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    prices = np.full(96, 0.1)
    prices[50] = np.nan
    cons = np.ones((2, 96))
    cons[1, 50] = 0.0                        # second account used nothing then
    a, b = run(p, t, cons, prices={"SPOT": prices})
    assert a.error_code == "NO_TARIFF" and "SPOT" in a.message
    assert b.error_code is None and b.bill.net_total == D("9.50")


def test_power_charge_monthly_peak_and_window():
    t = tariff([{"type": "power", "price": "10.00", "vat_rate": "0"},
                {"type": "power", "price": "5.00", "vat_rate": "0", "windows": ["high"],
                 "label": "Peak power"}], schedule=HIGH_LOW)
    p = Period.parse("2025-06")
    n = n_int("2025-06")
    cons = np.full(n, 0.5)
    cons[4 * 3] = 3.0          # Sunday 2025-06-01 03:00: overall peak 12 kW (low period)
    cons[96 + 4 * 9] = 2.0     # Monday 09:00: 8 kW inside 'high'
    b = one(p, t, cons)
    allp, high = b.lines
    assert (allp.quantity, allp.unit, allp.net_amount) == (D("12.000"), "kW", D("120.00"))
    assert (high.quantity, high.net_amount) == (D("8.000"), D("40.00"))


def test_power_charge_per_calendar_month():
    t = tariff([{"type": "power", "price": "10.00", "vat_rate": "0"}])
    p = Period(date(2025, 1, 1), date(2025, 3, 1))
    cons = np.zeros(p.n_intervals("UTC"))
    cons[5] = 1.0              # January: 4 kW
    cons[31 * 96 + 7] = 0.5    # February: 2 kW
    b = one(p, t, cons, tz="UTC")
    assert [(ln.detail, ln.quantity) for ln in b.lines] == [("2025-01 peak", D("4.000")),
                                                           ("2025-02 peak", D("2.000"))]


def test_feed_in_is_a_credit():
    t = tariff([flat("energy", "0.25"), flat("feed_in", "0.081")])
    n = n_int("2025-05")
    b = one("2025-05", t, np.zeros(n), export=np.full(n, 0.1))
    e, f = b.lines
    assert f.quantity == D("297.600") and f.unit_price == D("-0.081")
    assert f.net_amount == D("-24.11")      # -24.1056
    assert b.export_kwh == D("297.600") and b.total == D("-24.11")


def test_community_local_energy_grid_usage_on_grid_energy_only():
    t = tariff([flat("energy", "0.25"), flat("grid", "0.10"), flat("levy", "0.02"),
                {"type": "community_energy", "price": "0.15", "vat_rate": "0"}])
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    cons = np.full(96, 1.0)
    local = np.full(96, 0.25)
    b = one(p, t, cons, local=local)
    e, g, lv, c = b.lines
    assert e.quantity == g.quantity == lv.quantity == D("72.000")
    assert (c.quantity, c.unit_price, c.net_amount) == (D("24.000"), D("0.15"), D("3.60"))
    # the community's price overrides the component's
    b = one(p, t, cons, local=local, local_price=D("0.12"))
    assert b.lines[-1].unit_price == D("0.12") and b.lines[-1].net_amount == D("2.88")
    assert (b.local_kwh, b.grid_kwh, b.consumption_kwh) == (D("24.000"), D("72.000"), D("96.000"))


def test_local_energy_without_component_uses_local_price_or_fails():
    t = tariff([flat("energy", "0.25", "8.1")])
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    b = one(p, t, np.ones(96), local=np.full(96, 0.5), local_price=D("0.10"))
    assert b.lines[-1].component == "community_energy" and b.lines[-1].net_amount == D("4.80")
    assert b.lines[-1].vat_rate == D("8.1")
    (o,) = run(p, t, np.ones(96), local=np.full(96, 0.5))
    assert o.error_code == "ALLOCATION_ERROR"
    (o,) = run(p, t, np.ones(96), local=np.full(96, 1.5), local_price=D("0.1"))
    assert o.error_code == "ALLOCATION_ERROR"


def test_tariff_change_splits_lines():
    v1 = tariff([flat("base_fee", "31.00"), flat("energy", "0.20")], valid_from="2024-01-01")
    v2 = tariff([flat("base_fee", "62.00"), flat("energy", "0.30")], valid_from="2025-03-11")
    n = n_int("2025-03")
    b = one("2025-03", [v2, v1], np.full(n, 0.25))
    fee1, fee2, e1, e2 = b.lines   # per component, chronological parts
    assert (fee1.period_start, fee1.period_end) == (date(2025, 3, 1), date(2025, 3, 11))
    assert (e2.period_start, e2.period_end) == (date(2025, 3, 11), date(2025, 4, 1))
    assert fee1.net_amount == D("10.00") and fee2.net_amount == D("42.00")
    assert e1.quantity == D("240.000")                   # 10 days * 96 * 0.25
    assert e1.quantity + e2.quantity == D(n) * D("0.25")   # DST day has 92 intervals
    assert e1.net_amount == D("48.00")


def test_no_version_in_force_or_supply_outside():
    v = tariff([flat("energy", "0.2")], valid_from="2025-03-05")
    n = n_int("2025-03")
    (o,) = run("2025-03", v, np.ones(n))
    assert o.error_code == "NO_TARIFF" and o.bill is None
    v0 = tariff([flat("energy", "0.2")])
    (o,) = run("2025-03", v0, np.ones(n), supply=(date(2025, 4, 1), None))
    assert o.error_code == "NO_TARIFF"


def test_dynamic_feed_in_on_an_account_without_export():
    """A dynamic feed-in component of an account that exports nothing gives no line (the
    block of such accounts once failed as a whole with an internal error)."""
    t = tariff([flat("energy", "0.20"), {"type": "feed_in", "pricing": "dynamic",
                                         "series": "SPOT", "vat_rate": "0"}])
    n = n_int("2025-03")
    prices = {"SPOT": np.full(n, 0.1)}
    b = one("2025-03", t, np.full(n, 0.01), prices=prices)
    assert [ln.component for ln in b.lines] == ["energy"]
    # with export in the same batch: the exporting account is credited, the other is not
    outs = run("2025-03", t, np.full((2, n), 0.01), prices=prices,
               export=np.stack([np.zeros(n), np.full(n, 0.02)]))
    assert [[ln.component for ln in o.bill.lines] for o in outs] == [["energy"],
                                                                     ["energy", "feed_in"]]
    assert outs[1].bill.lines[1].net_amount == D("-5.94")    # 59.44 kWh x 0.1
