"""The demo-data generator: portfolio, tariffs, communities, prices and interval data."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from billdesk.demo import DemoPortfolio, MonthData, PriceSeries, build_portfolio, generate_month
from billdesk.domain.community import Allocation
from billdesk.domain.period import Period
from billdesk.domain.quality import Quality
from billdesk.domain.tariff import ComponentType, Pricing, parse_tariff

END = date(2026, 1, 15)  # window 2024-12 .. 2025-12


@pytest.fixture(scope="module")
def p() -> DemoPortfolio:
    return build_portfolio(accounts=600, communities=3, months=13, seed=7, end=END)


@pytest.fixture(scope="module")
def months_data(p) -> dict[Period, MonthData]:
    return {m: generate_month(p, m) for m in p.months}


def test_months_window(p):
    assert len(p.months) == 13
    assert p.months[0] == Period.parse("2024-12") and p.months[-1] == Period.parse("2025-12")
    assert p.timezone == "Europe/Zurich"
    today = date.today()
    default = build_portfolio(accounts=20, communities=1, months=2)
    last = default.months[-1]
    assert last.end == date(today.year, today.month, 1)


def test_accounts(p):
    assert len(p.accounts) == 600
    codes = [a.account for a in p.accounts]
    assert len(set(codes)) == 600 and all(c.startswith("A") and len(c) == 7 for c in codes)
    langs = Counter(a.language for a in p.accounts)
    assert langs["de"] > 0.6 * 600 and {"fr", "it", "en"} <= set(langs)
    groups = Counter(g for a in p.accounts for g in a.groups)
    for g in ("residential", "business", "agriculture", "prosumer", "city-centre"):
        assert groups[g] > 0, g
    pv = [a for a in p.accounts if a.production_point]
    assert 0.05 * 600 < len(pv) < 0.16 * 600
    assert all("prosumer" in a.groups for a in pv)
    kinds = dict(p.metering_points)
    assert len(kinds) == len(p.metering_points)
    for a in p.accounts:
        assert kinds[a.consumption_point] == "consumption"
        assert len(a.consumption_point) == 33 and a.consumption_point.startswith("CH")
        if a.production_point:
            assert kinds[a.production_point] == "production"
        assert a.address.postcode.isdigit() and len(a.address.postcode) == 4
    # edge cases: supply starting and ending inside the window
    w = p.window
    assert any(w.start < a.supply_start < w.end for a in p.accounts)
    assert any(a.supply_end and w.start < a.supply_end < w.end for a in p.accounts)


def test_tariffs_parse_and_versions(p):
    versions = [parse_tariff(t) for t in p.tariffs]
    codes = {t.code for t in versions}
    assert {"H-FLAT", "H-TOU", "B-TOU-P", "H-DYN", "H-PV", "H-LEG", "H-ECO"} <= codes
    assert {a.tariff for a in p.accounts} <= codes
    by_code: dict[str, list] = {}
    for t in versions:
        by_code.setdefault(t.code, []).append(t)
    # a price change on 1 January inside the window
    assert [v.valid_from for v in by_code["H-FLAT"]] == [date(2024, 1, 1), date(2025, 1, 1)]
    e = [next(c for c in v.components if c.type is ComponentType.ENERGY).price
         for v in by_code["H-FLAT"]]
    assert e[0] != e[1]
    # H-ECO has no version valid in the first month -> NO_TARIFF there
    assert min(v.valid_from for v in by_code["H-ECO"]) > p.months[0].start
    assert any(a.tariff == "H-ECO" for a in p.accounts)
    tou = by_code["H-TOU"][-1]
    assert tou.holidays_subdiv == "ZH" and tou.schedule.period_names == ("high", "low")
    b = by_code["B-TOU-P"][-1]
    power = next(c for c in b.components if c.type is ComponentType.POWER)
    assert power.windows == ("high",)
    dyn = next(c for c in by_code["H-DYN"][-1].components if c.type is ComponentType.ENERGY)
    assert dyn.pricing is Pricing.DYNAMIC and dyn.offset == Decimal("0.05")
    assert dyn.series == p.price_series[0].code
    assert any(c.type is ComponentType.FEED_IN for c in by_code["H-PV"][-1].components)
    assert any(c.type is ComponentType.COMMUNITY_ENERGY for c in by_code["H-LEG"][-1].components)
    for v in versions:
        for c in v.components:
            assert c.vat_rate == Decimal("8.1")
            if c.type is ComponentType.ENERGY and c.pricing is Pricing.FLAT:
                assert Decimal("0.13") <= c.price <= Decimal("0.30")


def test_communities(p):
    assert len(p.communities) == 3
    points = dict(p.metering_points)
    accounts = {a.account: a for a in p.accounts}
    assert [c.allocation for c in p.communities].count(Allocation.STATIC) == 1
    w = p.window
    joins = leaves = 0
    assert [(c.type.value, c.allocation.value) for c in p.communities] == [
        ("leg", "dynamic"), ("zev", "static"), ("leg", "delivered")]
    for c in p.communities:
        assert c.name.startswith(c.type.value.upper() + " ")
        assert 10 <= len(c.members) <= 60
        # one or two producer accounts, every plant paid to one; the first is a member
        assert {pp for pp, _ in c.producers} == set(c.production_points)
        assert 1 <= len({a for _, a in c.producers}) <= 2
        # paid on paper (accounts without e-mail), a member where one has no e-mail
        assert all(accounts[a].email is None for _, a in c.producers)
        no_mail = [m.account for m in c.members if accounts[m.account].email is None]
        assert not no_mail or c.producers[0][1] in no_mail
        assert (c.grid_discount == 40) == (c.type.value == "leg")
        assert (c.price_cap == "55") == (c.type.value == "zev")
        assert c.production_points and all(points[x] == "production" for x in c.production_points)
        assert c.local_price == Decimal("0.18")
        assert len({m.account for m in c.members}) == len(c.members)
        for m in c.members:
            assert accounts[m.account].tariff == "H-LEG"
            joins += w.start < m.start < w.end
            leaves += m.end is not None and w.start < m.end < w.end
        if c.allocation is Allocation.STATIC:
            assert all(m.share is not None and m.share > 0 for m in c.members)
            assert sum(m.share for m in c.members) <= 1
        else:
            assert all(m.share is None for m in c.members)
    assert joins >= 1 and leaves >= 1


def test_price_series_covers_months(p):
    (ps,) = p.price_series
    assert isinstance(ps, PriceSeries) and ps.step_minutes == 60
    a, b = p.window.utc_bounds(p.timezone)
    assert ps.start_utc == a
    assert ps.start_utc + timedelta(minutes=60 * len(ps.prices)) == b
    arr = np.array([float(x) for x in ps.prices])
    assert np.isfinite(arr).all() and -0.1 < arr.min() and arr.max() < 0.5
    assert 0.03 < arr.mean() < 0.08   # 2018 CH mean 52 EUR/MWh × 0.95 / 1000
    assert all(isinstance(x, Decimal) for x in ps.prices[:10])


def test_price_mapping_aligns_weekday():
    from billdesk.demo.prices import day_2018
    for d in (date(2025, 1, 1), date(2025, 3, 30), date(2026, 12, 31), date(2024, 2, 29)):
        d18 = date(2018, 1, 1) + timedelta(days=day_2018(d))
        assert d18.weekday() == d.weekday() and d18.year == 2018


def test_month_shapes_and_dst(p, months_data):
    for m, d in months_data.items():
        assert d.values.dtype == np.float64 and d.flags.dtype == np.uint8
        assert d.values.shape == d.flags.shape == (len(d.points), m.n_intervals(p.timezone))
        assert d.start_utc == m.utc_bounds(p.timezone)[0]
        assert d.start_utc.tzinfo is not None and d.start_utc.utcoffset() == timedelta(0)
        assert (d.values >= 0).all() and np.isfinite(d.values).all()
        assert set(np.unique(d.flags)) <= {int(q) for q in Quality}
        assert (d.values[d.flags == Quality.MISSING] == 0).all()
    assert months_data[Period.parse("2025-03")].values.shape[1] == 2972
    assert months_data[Period.parse("2025-10")].values.shape[1] == 2980
    assert months_data[Period.parse("2025-01")].values.shape[1] == 2976
    assert months_data[Period.parse("2025-01")].start_utc.isoformat() == "2024-12-31T23:00:00+00:00"


def test_quality_mix(months_data):
    counts = np.zeros(4, dtype=np.int64)
    gap_points = set()
    for d in months_data.values():
        counts += np.bincount(d.flags.ravel(), minlength=4)
        gap_points |= {d.points[i] for i in np.flatnonzero((d.flags == 3).any(axis=1))}
    share = counts / counts.sum()
    assert share[0] > 0.98 and all(counts[1:] > 0)
    assert 5 < len(gap_points)


def test_annual_sums_plausible(p, months_data):
    totals: dict[str, float] = {}
    for m in p.months[1:]:   # calendar year 2025
        d = months_data[m]
        for code, v in zip(d.points, d.values.sum(axis=1)):
            totals[code] = totals.get(code, 0.0) + v
    full = [a for a in p.accounts if a.supply_start < date(2024, 12, 1) and a.supply_end is None
            and a.consumption_point in totals]
    res = [totals[a.consumption_point] for a in full if a.groups == ("residential",)]
    biz = [totals[a.consumption_point] for a in full if a.groups[0] == "business"]
    assert 2500 < np.median(res) < 5000
    assert 20000 < np.median(biz) < 150000
    m = p.model
    for s, r in enumerate(m.prod_row):
        if r >= 0 and m.cons_row[s] < 0:   # community plants: yield per kWp
            code = p.metering_points[r][0]
            assert 800 < totals[code] / m.kwp[s] < 1300


def test_no_data_account(p, months_data):
    have = set().union(*(set(d.points) for d in months_data.values()))
    missing = [a for a in p.accounts if a.consumption_point not in have]
    assert len(missing) >= 1


def test_vacant_before_move_in(p):
    a = min((a for a in p.accounts if p.window.start < a.supply_start < p.window.end
             and a.supply_start.day > 1), key=lambda a: a.supply_start)
    m = Period.parse(f"{a.supply_start:%Y-%m}")
    d = generate_month(p, m)
    idx = {c: i for i, c in enumerate(d.points)}
    row = d.values[idx[a.consumption_point]]
    first = m.utc_bounds(p.timezone)[0]
    k = int((Period(m.start, a.supply_start).n_intervals(p.timezone)))
    assert row[:k].sum() == 0 and row[k:].sum() > 0
    assert first == d.start_utc


def test_version_2_corrections(p, months_data):
    found = 0
    for m in p.months:
        d2 = generate_month(p, m, version=2)
        if d2 is None:
            continue
        found += 1
        d1 = months_data[m]
        idx = {c: i for i, c in enumerate(d1.points)}
        assert 0 < len(d2.points) <= 0.06 * len(d1.points)
        assert (d2.flags == Quality.MEASURED).all() and (d2.values >= 0).all()
        assert d2.values.shape[1] == d1.values.shape[1] and d2.start_utc == d1.start_utc
        for c, v in zip(d2.points, d2.values):
            r = idx[c]   # corrected: other values, or (gaps at night) only better flags
            assert not np.array_equal(d1.values[r], v) or (d1.flags[r] != 0).any()
    assert found >= 3


def test_deterministic_and_window_independent(p, months_data):
    m = Period.parse("2025-10")
    again = generate_month(p, m, workers=1)
    d = months_data[m]
    assert again.points == d.points
    assert np.array_equal(again.values, d.values) and np.array_equal(again.flags, d.flags)
    # a shorter window with the same seed: same accounts and the same data for them
    q = build_portfolio(accounts=600, communities=3, months=4, seed=7, end=END)
    assert [(a.account, a.address, a.consumption_point) for a in q.accounts] == \
           [(a.account, a.address, a.consumption_point) for a in p.accounts]
    e = generate_month(q, m)
    edge = {a.consumption_point for a in p.accounts
            if a.supply_end or a.supply_start > date(2024, 1, 1)}
    ie = {c: i for i, c in enumerate(e.points)}
    for i, c in enumerate(d.points):
        if c not in edge and c in ie:
            assert np.array_equal(d.values[i], e.values[ie[c]])
    # another seed differs
    r = build_portfolio(accounts=600, communities=3, months=13, seed=8, end=END)
    assert [a.address for a in r.accounts] != [a.address for a in p.accounts]


def test_deterministic_across_processes(p, months_data):
    code = ("from datetime import date; import hashlib; from billdesk.demo import *; "
            "from billdesk.domain.period import Period; "
            "p = build_portfolio(accounts=600, communities=3, months=13, seed=7, "
            "end=date(2026, 1, 15)); d = generate_month(p, Period.parse('2025-03')); "
            "print(hashlib.sha256(d.values.tobytes() + d.flags.tobytes()).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    import hashlib
    d = months_data[Period.parse("2025-03")]
    assert out == hashlib.sha256(d.values.tobytes() + d.flags.tobytes()).hexdigest()


def test_small_and_odd_sizes():
    q = build_portfolio(accounts=30, communities=2, months=1, seed=1, end=date(2025, 4, 2))
    assert q.months == [Period.parse("2025-03")]
    d = generate_month(q, q.months[0])
    assert d.values.shape[1] == 2972
    for t in q.tariffs:
        parse_tariff(t)


def test_day_types_and_profile_normalisation():
    from billdesk.demo.data import FT, SA, WT, day_type, profile_month
    assert day_type(date(2025, 8, 1)) == FT       # Bundesfeier
    assert day_type(date(2025, 5, 1)) == FT       # Tag der Arbeit (ZH)
    assert day_type(date(2025, 4, 21)) == FT      # Easter Monday
    assert day_type(date(2025, 4, 22)) == WT
    assert day_type(date(2025, 4, 26)) == SA and day_type(date(2025, 4, 27)) == FT
    assert day_type(date(2025, 12, 24)) == SA     # BDEW: 24 and 31 December as Saturday
    for kind in range(3):
        total = sum(profile_month(kind, Period.parse(f"2025-{m:02d}")).sum() for m in range(1, 13))
        assert total == pytest.approx(1.0, rel=1e-9)
