"""The demo portfolio: accounts, tariffs, communities, price series and per-point model.

Account attributes, consumption and PV sizes depend only on the seed and the account index,
never on the months window; only supply dates of the few edge accounts, the tariff versions
and the community membership dates are placed relative to the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

import numpy as np

from billdesk.demo import names as N
from billdesk.demo.data import G25, H25, L25
from billdesk.demo.prices import PriceSeries, price_series
from billdesk.demo.tariffs import COMMUNITY_PRICE, demo_tariffs, eco_tariff
from billdesk.domain.account import AccountInfo, Address
from billdesk.domain.community import Allocation, Community, CommunityType, Membership
from billdesk.domain.period import Period, add_months

DSO = "10012"  # demo grid operator number inside metering point IDs


def point_code(serial: int) -> str:
    """A 33-character Swiss-style metering point ID: CH + operator + zeros + serial."""
    return f"CH{DSO}{serial:026d}"


@dataclass
class SiteModel:
    """Per-site parameters (a site is an account's premises or a community PV plant).

    Arrays of length n_sites; rows are indices into ``DemoPortfolio.metering_points``
    (-1 where the site has no such point).
    """

    cons_row: np.ndarray    # int64
    prod_row: np.ndarray    # int64
    kind: np.ndarray        # int8: H25 / G25 / L25 (consumption profile)
    annual_kwh: np.ndarray  # float64, gross annual consumption
    kwp: np.ndarray         # float64, PV peak power (0 = none)
    orient: np.ndarray      # float64, orientation/shading factor of the PV plant
    supply_start: list[date | None]  # per site: vacant before (None = whole window supplied)
    supply_end: list[date | None]    # per site: vacant from (exclusive end)
    no_data_rows: frozenset[int]     # points never delivered


@dataclass
class DemoPortfolio:
    tariffs: list[dict]
    accounts: list[AccountInfo]
    communities: list[Community]
    price_series: list[PriceSeries]
    metering_points: list[tuple[str, str]]
    months: list[Period]
    timezone: str = "Europe/Zurich"
    seed: int = 0
    model: SiteModel | None = field(default=None, repr=False, compare=False)

    @property
    def window(self) -> Period:
        return Period(self.months[0].start, self.months[-1].end)


def _months(n: int, end: date | None) -> list[Period]:
    end = end or date.today()
    last_start = add_months(date(end.year, end.month, 1), -1)
    starts = [add_months(last_start, -i) for i in range(n - 1, -1, -1)]
    return [Period(s, add_months(s, 1)) for s in starts]


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "é": "e", "è": "e", "ë": "e",
                        "ï": "i", " ": "", "'": "", ".": ""})


def _slug(s: str) -> str:
    return s.lower().translate(_ASCII)


def _email(rng, first: str, last: str) -> str:
    return f"{_slug(first)}.{_slug(last)}@{N.MAIL_DOMAINS[rng.integers(len(N.MAIL_DOMAINS))]}"


def build_portfolio(accounts: int = 2000, communities: int = 3, months: int = 13,
                    seed: int = 0, end: date | None = None) -> DemoPortfolio:
    """A realistic demo portfolio covering ``months`` local months ending with the month
    before ``end`` (default: before today's month, i.e. the last complete month)."""
    if accounts < 1 or months < 1 or communities < 0:
        raise ValueError("accounts and months must be >= 1, communities >= 0")
    mlist = _months(months, end)
    first, last = mlist[0].start, mlist[-1].end
    rng = np.random.default_rng([seed, 0xACC])
    n = accounts

    # --- customer segments and sizes (independent of the window) -----------------------
    seg = rng.choice(4, size=n, p=[0.74, 0.11, 0.05, 0.10])  # res, business, agri, prosumer
    lang = rng.choice(4, size=n, p=N.LANGUAGE_WEIGHTS)
    pw = np.array([p[2] for p in N.PLACES], dtype=float)
    place = rng.choice(len(N.PLACES), size=n, p=pw / pw.sum())
    rural = [i for i, p in enumerate(N.PLACES) if p[0] in N.RURAL]
    place = np.where(seg == 2, np.array(rural)[rng.integers(len(rural), size=n)], place)
    kind = np.select([seg == 1, seg == 2], [G25, L25], H25).astype(np.int8)
    annual = np.select(
        [seg == 0, seg == 1, seg == 2, seg == 3],
        [np.clip(rng.lognormal(np.log(3500), 0.35, n), 1200, 9000),
         np.clip(rng.lognormal(np.log(55000), 0.7, n), 15000, 400000),
         np.clip(rng.lognormal(np.log(28000), 0.5, n), 8000, 150000),
         np.clip(rng.lognormal(np.log(4800), 0.3, n), 2000, 10000)])
    kwp = np.where(seg == 3, np.clip(rng.lognormal(np.log(9.0), 0.35, n), 3, 30).round(1), 0.0)
    orient = rng.uniform(0.82, 1.05, n)
    first_names = rng.integers(0, 10**6, n)
    last_names = rng.integers(0, 10**6, n)
    streets = rng.integers(len(N.STREETS), size=n)
    house = rng.integers(1, 120, size=n)
    no_mail = rng.random(n) < 0.06
    tariff_u = rng.random(n)
    since = rng.integers(1, 16, size=n)  # years supplied before the window
    since_m = rng.integers(1, 13, size=n)
    edge_u = rng.random(n)               # edge case draws
    edge_day = rng.random(n)
    biz_tpl = rng.integers(len(N.BUSINESS), size=n)
    farm_tpl = rng.integers(len(N.FARMS), size=n)

    # --- edge accounts (plain residential only) -----------------------------------------
    plain = np.flatnonzero(seg == 0)
    order = plain[np.argsort(edge_u[plain], kind="stable")]
    n_move = max(1, n // 100)
    n_eco = min(5, max(1, n // 400))
    move_in = set(order[:n_move].tolist())
    move_out = set(order[n_move:2 * n_move].tolist())
    eco = set(order[2 * n_move:2 * n_move + n_eco].tolist())
    no_data = set(order[2 * n_move + n_eco:2 * n_move + n_eco + 1].tolist())
    edge = move_in | move_out | eco | no_data
    window_days = (last - first).days

    accts: list[AccountInfo] = []
    points: list[tuple[str, str]] = []
    cons_row, prod_row = [], []
    s_start: list[date | None] = []
    s_end: list[date | None] = []
    no_data_rows = set()
    serial_c, serial_p = 1, 900_000_001
    biggest = np.quantile(annual[seg == 1], 0.9) if (seg == 1).any() else np.inf
    for i in range(n):
        lg = N.LANGUAGES[lang[i]]
        fn = N.FIRST[lg][first_names[i] % len(N.FIRST[lg])]
        ln = N.LAST[lg][last_names[i] % len(N.LAST[lg])]
        pc, city, _, centre = N.PLACES[place[i]]
        if seg[i] == 1:
            name = N.BUSINESS[biz_tpl[i]].format(n=ln, c=city)
            email = None if no_mail[i] else f"info@{_slug(ln)}-{_slug(city)}.ch"
        elif seg[i] == 2:
            name = N.FARMS[farm_tpl[i]].format(n=ln)
            email = None if no_mail[i] else _email(rng, fn, ln)
        else:
            name = f"{fn} {ln}"
            email = None if no_mail[i] else _email(rng, fn, ln)
        groups = [("residential",), ("business",), ("agriculture",),
                  ("residential", "prosumer")][seg[i]]
        if centre:
            groups += ("city-centre",)
        if seg[i] == 1 and annual[i] >= biggest:
            groups += ("key-accounts",)
        u = tariff_u[i]
        if seg[i] == 0:
            tariff = "H-FLAT" if u < 0.50 else "H-TOU" if u < 0.85 else "H-DYN"
        elif seg[i] == 1:
            tariff = "B-TOU-P" if u < 0.8 else "H-TOU"
        elif seg[i] == 2:
            tariff = "B-TOU-P" if u < 0.5 else "H-TOU"
        else:
            tariff = "H-PV" if u < 0.7 else "H-PV-DYN"
        start = date(first.year - int(since[i]), int(since_m[i]), 1)
        stop = None
        vac_start = vac_end = None
        if i in move_in:
            start = first + timedelta(days=1 + int(edge_day[i] * (window_days - 2)))
            vac_start = start
        elif i in move_out:
            stop = first + timedelta(days=1 + int(edge_day[i] * (window_days - 2)))
            vac_end = stop
        elif i in eco:
            tariff = "H-ECO"
        cp = point_code(serial_c)
        serial_c += 1
        cons_row.append(len(points))
        if i in no_data:
            no_data_rows.add(len(points))
        points.append((cp, "consumption"))
        pp = None
        if kwp[i] > 0:
            pp = point_code(serial_p)
            serial_p += 1
            prod_row.append(len(points))
            points.append((pp, "production"))
        else:
            prod_row.append(-1)
        s_start.append(vac_start)
        s_end.append(vac_end)
        accts.append(AccountInfo(
            account=f"A{i + 1:06d}",
            address=Address(name, f"{N.STREETS[streets[i]]} {house[i]}", pc, city),
            language=lg, email=email, groups=groups, tariff=tariff, supply_start=start,
            supply_end=stop, consumption_point=cp, production_point=pp))

    # --- energy communities --------------------------------------------------------------
    crng = np.random.default_rng([seed, 0xC0])
    comms: list[Community] = []
    candidates = [i for i in plain.tolist() if i not in edge]
    crng.shuffle(candidates)
    founded = date(first.year - 1, 1, 1)
    mid = mlist[len(mlist) // 2]
    plant_kwp: list[float] = []
    for k in range(communities):
        size = int(crng.integers(10, 61))
        size = min(size, len(candidates) // max(1, communities - k))
        members_idx = sorted(candidates[:size])
        candidates = candidates[size:]
        if not members_idx:
            break
        static = k == 1
        cname = N.COMMUNITY_NAMES[k % len(N.COMMUNITY_NAMES)] + (
            f" {k // len(N.COMMUNITY_NAMES) + 1}" if k >= len(N.COMMUNITY_NAMES) else "")
        if static:
            w = crng.uniform(0.5, 1.5, len(members_idx))
            shares = [Decimal(str(x)).quantize(Decimal("0.0001"), ROUND_DOWN)
                      for x in 0.95 * w / w.sum()]
        else:
            shares = [None] * len(members_idx)
        mems = []
        for j, i in enumerate(members_idx):
            m_start, m_end = max(founded, accts[i].supply_start), None
            if k == 0 and j == len(members_idx) - 1 and len(members_idx) > 1:
                m_start = mid.start                                  # joins mid-window
            if k == min(2, communities - 1) and j == 0 and len(members_idx) > 1:
                m_end = mid.start + timedelta(days=15)               # leaves mid-month
            mems.append(Membership(f"A{i + 1:06d}", shares[j], m_start, m_end))
            a = accts[i]
            accts[i] = AccountInfo(a.account, a.address, a.language, a.email,
                                   a.groups + ("community",), "H-LEG", a.supply_start,
                                   a.supply_end, a.consumption_point, a.production_point)
        total_kwp = float(annual[members_idx].sum()) / 1000.0 * crng.uniform(0.7, 1.1)
        n_plants = int(crng.integers(1, 4))
        split = crng.dirichlet(np.ones(n_plants)) * total_kwp
        codes = []
        for kw in split:
            codes.append(point_code(serial_p))
            serial_p += 1
            prod_row_i = len(points)
            points.append((codes[-1], "production"))
            plant_kwp.append(round(float(max(kw, 5.0)), 1))
            cons_row.append(-1)
            prod_row.append(prod_row_i)
            s_start.append(None)
            s_end.append(None)
        # the community's rules (issue 17): a LEG with the 40 % grid discount, a ZEV whose
        # local price is capped at 55 % of the standard product, one whose allocation the
        # grid operator delivers (the demo writes the operator's 'local' series); the first
        # plant belongs to a member (or another account), the others to a producer outside
        # (registered for VAT)
        ctype = [CommunityType.LEG, CommunityType.ZEV, CommunityType.LEG][k % 3]
        allocation = (Allocation.STATIC if static else
                      Allocation.DELIVERED if k % 3 == 2 else Allocation.DYNAMIC)
        # producers are paid on paper where the demo has accounts without e-mail (so an
        # address gets one document per run: the dispatch tests rely on it)
        by_code = {a.account: a for a in (accts[i] for i in members_idx)}
        owner = next((m.account for m in mems if by_code[m.account].email is None),
                     next((a.account for a in accts if a.email is None), mems[0].account))
        producers = [(codes[0], owner)]
        paper = [i for i in candidates if accts[i].email is None]
        if len(codes) > 1 and not paper:      # the member owns them all
            producers += [(c, owner) for c in codes[1:]]
        elif len(codes) > 1:
            outside = paper[-1]
            candidates.remove(outside)
            a = accts[outside]
            accts[outside] = AccountInfo(a.account, a.address, a.language, a.email,
                                         a.groups + ("producer",), a.tariff, a.supply_start,
                                         a.supply_end, a.consumption_point, a.production_point,
                                         vat_registered=True)
            producers += [(c, a.account) for c in codes[1:]]
        comms.append(Community(
            cname, allocation, tuple(codes), COMMUNITY_PRICE, tuple(mems), ctype,
            tuple(producers),
            grid_discount=Decimal(40) if ctype is CommunityType.LEG else None,
            price_cap="55" if ctype is CommunityType.ZEV else None,
            surplus_price=Decimal("0.06") if ctype is CommunityType.ZEV else None))

    n_plants_total = len(plant_kwp)
    model = SiteModel(
        cons_row=np.array(cons_row, dtype=np.int64),
        prod_row=np.array(prod_row, dtype=np.int64),
        kind=np.concatenate([kind, np.full(n_plants_total, H25, dtype=np.int8)]),
        annual_kwh=np.concatenate([annual, np.zeros(n_plants_total)]),
        kwp=np.concatenate([kwp, np.array(plant_kwp)]),
        orient=np.concatenate([orient, np.random.default_rng([seed, 0xB1]).uniform(
            0.9, 1.02, n_plants_total)]),
        supply_start=s_start, supply_end=s_end, no_data_rows=frozenset(no_data_rows))

    tariffs = demo_tariffs(first, mlist[-1].start)
    eco_from = mlist[1].start if len(mlist) > 1 else last
    tariffs.append(eco_tariff(eco_from))
    return DemoPortfolio(tariffs=tariffs, accounts=accts, communities=comms,
                         price_series=[price_series(Period(first, last))],
                         metering_points=points, months=mlist, seed=seed, model=model)
