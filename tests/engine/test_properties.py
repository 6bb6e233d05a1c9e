"""Property tests over random loads, periods, zones and tariffs."""

from datetime import timedelta
from decimal import Decimal as D

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from billdesk.domain.period import Period
from conftest import HIGH_LOW, flat, run, tariff

ZONES = ["Europe/Zurich", "UTC", "America/New_York", "Asia/Kolkata"]
MONTHS = ["2024-02", "2025-03", "2025-10", "2025-06"]   # leap, DST spring, DST autumn, plain

FULL = [flat("base_fee", "12.34", "8.1"),
        {"type": "energy", "pricing": "tou", "prices": {"high": "0.3117", "low": "0.2213"},
         "vat_rate": "8.1"},
        {"type": "grid", "pricing": "dynamic", "series": "S", "multiplier": "1.07",
         "offset": "0.013", "vat_rate": "8.1"},
        {"type": "power", "price": "9.85", "vat_rate": "8.1", "windows": ["high"]},
        flat("levy", "0.0231", "8.1"), flat("feed_in", "0.0813", "2.6"),
        {"type": "community_energy", "price": "0.17", "vat_rate": "8.1"}]


def load(seed, n, n_acc=2):
    rng = np.random.default_rng(seed)
    cons = rng.integers(0, 900, (n_acc, n)) / 1000.0        # whole Wh
    local = np.floor(cons * rng.random((n_acc, n)) * 1000) / 1000.0
    export = rng.integers(0, 300, (n_acc, n)) / 1000.0
    prices = rng.uniform(-0.05, 0.4, n)
    return cons, local, export, prices


def energy_by_kind(bill):
    out = {}
    for ln in bill.lines:
        if ln.unit == "kWh":
            key = (ln.component, ln.detail if ln.component == "energy" else None)
            out[key] = out.get(key, D(0)) + ln.quantity
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(ZONES), st.sampled_from(MONTHS), st.booleans())
def test_lines_sum_to_totals(seed, tz, month, round_payable):
    p = Period.parse(month)
    n = p.n_intervals(tz)
    cons, local, export, prices = load(seed, n)
    t = tariff(FULL, schedule=HIGH_LOW)
    for o in run(p, t, cons, tz=tz, local=local, export=export, prices={"S": prices},
                 local_price=D("0.15"), round_payable=round_payable):
        b = o.bill
        assert o.error_code is None, o.message
        assert b.net_total == sum(ln.net_amount for ln in b.lines)
        for v in b.vat:
            rate_lines = [ln for ln in b.lines if ln.vat_rate == v.rate]
            assert v.net == sum(ln.net_amount for ln in rate_lines)
            assert v.vat == (v.net * v.rate / 100).quantize(D("0.01"), "ROUND_HALF_UP")
        assert b.vat_total == sum(v.vat for v in b.vat)
        assert b.total == b.net_total + b.vat_total + b.rounding
        assert abs(b.rounding) <= D("0.025")
        if round_payable:
            assert b.total % D("0.05") == 0
        for ln in b.lines:
            assert ln.net_amount == ln.net_amount.quantize(D("0.01"))
            if ln.unit in ("kWh", "kW") and ln.component != "grid":   # grid: dynamic average
                assert ln.net_amount == (ln.quantity * ln.unit_price).quantize(
                    D("0.01"), "ROUND_HALF_UP")
        assert b.consumption_kwh == b.local_kwh + b.grid_kwh


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(ZONES), st.sampled_from(MONTHS),
       st.integers(1, 27))
def test_month_equals_its_two_halves(seed, tz, month, split_day):
    p = Period.parse(month)
    mid = p.start + timedelta(days=split_day)
    n = p.n_intervals(tz)
    cut = Period(p.start, mid).n_intervals(tz)
    cons, local, export, prices = load(seed, n, 1)
    t = tariff(FULL, schedule=HIGH_LOW)
    kw = dict(tz=tz, local_price=D("0.15"))
    (whole,) = run(p, t, cons, local=local, export=export, prices={"S": prices}, **kw)
    (a,) = run(Period(p.start, mid), t, cons[:, :cut], local=local[:, :cut],
               export=export[:, :cut], prices={"S": prices[:cut]}, **kw)
    (b,) = run(Period(mid, p.end), t, cons[:, cut:], local=local[:, cut:],
               export=export[:, cut:], prices={"S": prices[cut:]}, **kw)
    ew, ea, eb = (energy_by_kind(o.bill) for o in (whole, a, b))
    assert set(ew) == set(ea) | set(eb)
    for k in ew:
        assert ew[k] == ea.get(k, 0) + eb.get(k, 0), k
    for f in ("consumption_kwh", "local_kwh", "grid_kwh", "export_kwh"):
        assert getattr(whole.bill, f) == getattr(a.bill, f) + getattr(b.bill, f)
    fee = lambda o: sum(ln.net_amount for ln in o.bill.lines if ln.component == "base_fee")
    assert abs(fee(whole) - fee(a) - fee(b)) <= D("0.01")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(ZONES), st.integers(1, 29))
def test_tariff_change_splits_but_keeps_energy(seed, tz, change_day):
    p = Period.parse("2025-03")
    n = p.n_intervals(tz)
    cons, local, export, prices = load(seed, n, 1)
    v1 = tariff(FULL, schedule=HIGH_LOW, valid_from="2020-01-01")
    comps2 = [dict(c) for c in FULL]
    comps2[1] = {**comps2[1], "prices": {"high": "0.35", "low": "0.25"}}
    v2 = tariff(comps2, schedule=HIGH_LOW,
                valid_from=(p.start + timedelta(days=change_day)).isoformat())
    kw = dict(tz=tz, local=local, export=export, prices={"S": prices}, local_price=D("0.15"))
    (one_v,) = run(p, v1, cons, **kw)
    (two_v,) = run(p, [v2, v1], cons, **kw)
    assert energy_by_kind(one_v.bill) == energy_by_kind(two_v.bill)
    assert len(two_v.bill.lines) > len(one_v.bill.lines)
    split = [ln for ln in two_v.bill.lines if ln.component == "energy"]
    assert {ln.period_start for ln in split} == {p.start, v2.valid_from}
    assert two_v.fingerprint != one_v.fingerprint
