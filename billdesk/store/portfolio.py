"""The portfolio as plain read-only values: an account's details, a metering point's interval
series, communities, tariffs, price series, the targets a run can bill, the months with data.

Every function takes an open Session (the caller's, on a worker thread) and returns tuples,
dataclasses or numpy arrays, never ORM objects. Runs, attempts and bills are read through
billdesk.runs.queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.domain.period import Period, local_midnight_utc
from billdesk.store import settings
from billdesk.store.communities import (CommunityInputs, community_inputs, member_in,
                                        supplied_in)
from billdesk.store.intervals import read_block
from billdesk.store.models import (Account, AccountGroup, CommunityMember,
                                   CommunityProductionPoint, CommunityRow, IntervalChunk,
                                   MeteringPoint, PricePoint, PriceSeriesRow, Tariff,
                                   TariffComponentRow, TariffVersionRow)


# --------------------------------------------------------------------------- accounts
@dataclass(frozen=True)
class PointInfo:
    id: int
    code: str
    kind: str
    months: int
    first_month: date | None
    last_month: date | None
    versions: int


@dataclass(frozen=True)
class AccountDetail:
    code: str
    name: str
    street: str
    postcode: str
    city: str
    country: str
    language: str
    email: str | None
    groups: tuple[str, ...]
    tariff: str | None
    supply_start: date
    supply_end: date | None
    points: tuple[PointInfo, ...]
    communities: tuple[str, ...]


def account_detail(session: Session, code: str) -> AccountDetail:
    a = session.execute(select(Account.id, Account.code, Account.name, Account.street,
                               Account.postcode, Account.city, Account.country,
                               Account.language, Account.email, Account.tariff_code,
                               Account.supply_start, Account.supply_end,
                               Account.consumption_point_id, Account.production_point_id)
                        .where(Account.code == code)).one_or_none()
    if a is None:
        raise InputError(f"unknown account {code!r}", field="account")
    groups = tuple(session.scalars(select(AccountGroup.name)
                                   .where(AccountGroup.account_id == a.id)
                                   .order_by(AccountGroup.name)))
    points = []
    for pid in (a.consumption_point_id, a.production_point_id):
        if pid is None:
            continue
        mp = session.execute(select(MeteringPoint.code, MeteringPoint.kind)
                             .where(MeteringPoint.id == pid)).one()
        n, first, last = session.execute(
            select(func.count(), func.min(IntervalChunk.month), func.max(IntervalChunk.month))
            .where(IntervalChunk.metering_point_id == pid,
                   IntervalChunk.is_current.is_(True))).one()
        versions = session.scalar(select(func.count()).where(
            IntervalChunk.metering_point_id == pid)) or 0
        points.append(PointInfo(pid, mp.code, mp.kind, n or 0, first, last, versions))
    communities = tuple(session.scalars(
        select(CommunityRow.name).join(CommunityMember,
                                       CommunityMember.community_id == CommunityRow.id)
        .where(CommunityMember.account_id == a.id).distinct()))
    return AccountDetail(a.code, a.name, a.street, a.postcode, a.city, a.country, a.language,
                         a.email, groups, a.tariff_code, a.supply_start, a.supply_end,
                         tuple(points), communities)


@dataclass
class IntervalSeries:
    point: str
    t: np.ndarray      # float64 epoch seconds (UTC) of each interval start
    kwh: np.ndarray    # float64
    flags: np.ndarray  # uint8 Quality


def interval_series(session: Session, point_id: int, start: date, end: date) -> IntervalSeries:
    """One metering point's current values for [start, end) local days."""
    tz = settings.utility_zone(session)
    code = session.scalar(select(MeteringPoint.code).where(MeteringPoint.id == point_id))
    t0, t1 = local_midnight_utc(start, tz), local_midnight_utc(end, tz)
    block = read_block(session, [point_id], t0, t1, tz)
    n = block.n_intervals
    t = t0.timestamp() + 900.0 * np.arange(n, dtype=np.float64)
    return IntervalSeries(code or "", t, block.kwh[0], block.flags[0])


# --------------------------------------------------------------------------- communities
@dataclass(frozen=True)
class CommunityInfo:
    name: str
    allocation: str
    local_price: Decimal
    members: int
    production_points: tuple[str, ...]
    type: str = "generic"
    rules: str = ""                           # e.g. "grid discount 40 %", "price cap 55 %"
    producers: tuple[tuple[str, str], ...] = ()   # (production point, producer account)
    local_prices: str = ""                    # time-of-use local prices, if any


def communities(session: Session) -> list[CommunityInfo]:
    out = []
    for c in session.execute(select(CommunityRow.id, CommunityRow.name, CommunityRow.allocation,
                                    CommunityRow.local_price, CommunityRow.type,
                                    CommunityRow.grid_discount, CommunityRow.price_cap,
                                    CommunityRow.local_prices)
                             .order_by(CommunityRow.name)):
        n = session.scalar(select(func.count(func.distinct(CommunityMember.account_id)))
                           .where(CommunityMember.community_id == c.id)) or 0
        pts = tuple(session.scalars(
            select(MeteringPoint.code).join(CommunityProductionPoint,
                                            CommunityProductionPoint.metering_point_id
                                            == MeteringPoint.id)
            .where(CommunityProductionPoint.community_id == c.id).order_by(MeteringPoint.code)))
        producers = tuple(session.execute(
            select(MeteringPoint.code, Account.code)
            .join(CommunityProductionPoint,
                  CommunityProductionPoint.metering_point_id == MeteringPoint.id)
            .join(Account, Account.id == CommunityProductionPoint.producer_account_id)
            .where(CommunityProductionPoint.community_id == c.id)
            .order_by(MeteringPoint.code)).all())
        rules = ""
        if c.type == "leg" and c.grid_discount is not None:
            rules = f"grid discount {c.grid_discount.normalize():f} %"
        elif c.type in ("zev", "vzev"):
            rules = ("price cap: external product" if c.price_cap in (None, "external")
                     else f"price cap {c.price_cap} % of the standard product")
        tou = ", ".join(f"{k} {v}" for k, v in (c.local_prices or {}).items())
        out.append(CommunityInfo(c.name, c.allocation, c.local_price, n, pts, c.type or
                                 "generic", rules, tuple(map(tuple, producers)), tou))
    return out


def community_data(session: Session, name: str, period: Period) -> CommunityInputs:
    """A community's inputs by name (the same data a bill run allocates)."""
    cid = session.scalar(select(CommunityRow.id).where(CommunityRow.name == name))
    if cid is None:
        raise InputError(f"unknown community {name!r}", field="community")
    return community_inputs(session, cid, period, settings.utility_zone(session))


# --------------------------------------------------------------------------- tariffs, prices
@dataclass(frozen=True)
class TariffRow:
    code: str
    name: str
    currency: str
    timezone: str
    versions: int
    latest_from: date | None
    accounts: int
    components: tuple[tuple[str, str, str, str], ...]  # type, pricing, label, vat rate


def tariff_rows(session: Session) -> list[TariffRow]:
    usage = dict(session.execute(select(Account.tariff_code, func.count())
                                 .group_by(Account.tariff_code)).all())
    out = []
    for t in session.execute(select(Tariff.id, Tariff.code, Tariff.name, Tariff.currency,
                                    Tariff.timezone).order_by(Tariff.code)):
        vs = session.execute(select(TariffVersionRow.id, TariffVersionRow.valid_from)
                             .where(TariffVersionRow.tariff_id == t.id)
                             .order_by(TariffVersionRow.valid_from)).all()
        comps = ()
        if vs:
            comps = tuple((c.type, c.pricing, c.label, format(c.vat_rate, "f"))
                          for c in session.execute(
                              select(TariffComponentRow.type, TariffComponentRow.pricing,
                                     TariffComponentRow.label, TariffComponentRow.vat_rate)
                              .where(TariffComponentRow.version_id == vs[-1].id)
                              .order_by(TariffComponentRow.position)))
        out.append(TariffRow(t.code, t.name, t.currency, t.timezone, len(vs),
                             vs[-1].valid_from if vs else None, usage.get(t.code, 0), comps))
    return out


@dataclass(frozen=True)
class TariffVersionInfo:
    valid_from: date
    valid_to: date | None          # the next version's valid_from (exclusive), None: open
    definition: dict               # the tariff JSON of this version (prices, schedule, …)


@dataclass(frozen=True)
class TariffInfo:
    code: str
    name: str
    currency: str
    timezone: str
    accounts: int
    versions: tuple[TariffVersionInfo, ...]


def tariff_infos(session: Session) -> list[TariffInfo]:
    """Every tariff with all its versions (each with its full definition)."""
    usage = dict(session.execute(select(Account.tariff_code, func.count())
                                 .group_by(Account.tariff_code)).all())
    out = []
    for t in session.execute(select(Tariff.id, Tariff.code, Tariff.name, Tariff.currency,
                                    Tariff.timezone).order_by(Tariff.code)):
        vs = session.execute(select(TariffVersionRow.valid_from, TariffVersionRow.definition)
                             .where(TariffVersionRow.tariff_id == t.id)
                             .order_by(TariffVersionRow.valid_from)).all()
        versions = tuple(TariffVersionInfo(v.valid_from, vs[i + 1].valid_from
                                           if i + 1 < len(vs) else None, dict(v.definition))
                         for i, v in enumerate(vs))
        out.append(TariffInfo(t.code, t.name, t.currency, t.timezone, usage.get(t.code, 0),
                              versions))
    return out


@dataclass(frozen=True)
class PriceSeriesInfo:
    code: str
    points: int
    first: datetime | None
    last: datetime | None
    mean: float | None


def price_series(session: Session) -> list[PriceSeriesInfo]:
    rows = session.execute(
        select(PriceSeriesRow.code, func.count(PricePoint.start_utc),
               func.min(PricePoint.start_utc), func.max(PricePoint.start_utc),
               func.avg(PricePoint.price))
        .outerjoin(PricePoint, PricePoint.series_id == PriceSeriesRow.id)
        .group_by(PriceSeriesRow.code).order_by(PriceSeriesRow.code)).all()
    return [PriceSeriesInfo(c, n, a, b, None if m is None else float(m))
            for c, n, a, b, m in rows]


def price_points(session: Session, code: str, since: datetime | None = None,
                 limit: int = 20000) -> tuple[np.ndarray, np.ndarray]:
    """(epoch seconds, price) of a series' latest ``limit`` points."""
    q = (select(PricePoint.start_utc, PricePoint.price)
         .join(PriceSeriesRow, PriceSeriesRow.id == PricePoint.series_id)
         .where(PriceSeriesRow.code == code).order_by(PricePoint.start_utc.desc()).limit(limit))
    if since is not None:
        q = q.where(PricePoint.start_utc >= since)
    rows = session.execute(q).all()[::-1]
    t = np.array([(r[0] if r[0].tzinfo else r[0].replace(tzinfo=timezone.utc)).timestamp()
                  for r in rows], dtype=np.float64)
    return t, np.array([float(r[1]) for r in rows], dtype=np.float64)


# --------------------------------------------------------------------------- run targets
@dataclass(frozen=True)
class TargetOptions:
    valid_accounts: int                      # 'all' in the period
    groups: tuple[tuple[str, int], ...]
    communities: tuple[tuple[str, int], ...]
    accounts: tuple[tuple[str, str, str], ...]  # code, name, city (supplied in the period)


def target_options(session: Session, period: Period) -> TargetOptions:
    supplied = supplied_in(period)
    valid = session.scalar(select(func.count()).select_from(Account)
                           .join(Tariff, Tariff.code == Account.tariff_code)
                           .where(supplied, Account.consumption_point_id.is_not(None))) or 0
    groups = session.execute(select(AccountGroup.name, func.count())
                             .join(Account, Account.id == AccountGroup.account_id)
                             .where(supplied).group_by(AccountGroup.name)
                             .order_by(AccountGroup.name)).all()
    comms = session.execute(
        select(CommunityRow.name, func.count(func.distinct(CommunityMember.account_id)))
        .outerjoin(CommunityMember, and_(CommunityMember.community_id == CommunityRow.id,
                                         member_in(period)))
        .group_by(CommunityRow.name).order_by(CommunityRow.name)).all()
    accounts = session.execute(select(Account.code, Account.name, Account.city)
                               .where(supplied).order_by(Account.code)).all()
    return TargetOptions(valid, tuple((g, n) for g, n in groups),
                         tuple((c, n) for c, n in comms),
                         tuple((a, b, c) for a, b, c in accounts))


def data_months(session: Session) -> tuple[date | None, date | None]:
    return session.execute(select(func.min(IntervalChunk.month),
                                  func.max(IntervalChunk.month))).one()

