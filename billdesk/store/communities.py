"""What is in force in a period (supply, community membership) and a community's inputs for
``billdesk.engine.allocate`` — shared by bill runs and the app's community view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from billdesk.domain.community import Allocation, CommunityTerms, CommunityType, LocalPrice
from billdesk.domain.period import Period, local_midnight_utc
from billdesk.domain.quality import Quality
from billdesk.store.intervals import read_block
from billdesk.store.models import (Account, CommunityMember, CommunityProductionPoint,
                                   CommunityRow, MeteringPoint)


def supplied_in(period: Period):
    """Accounts supplied on at least one day of ``period``."""
    return and_(Account.supply_start < period.end,
                or_(Account.supply_end.is_(None), Account.supply_end > period.start))


def member_in(period: Period):
    """Community memberships in force on at least one day of ``period``."""
    return and_(CommunityMember.valid_from < period.end,
                or_(CommunityMember.valid_to.is_(None), CommunityMember.valid_to > period.start))


@dataclass(frozen=True)
class Member:
    account_id: int
    code: str
    name: str
    valid_from: date
    valid_to: date | None
    share: Decimal | None


@dataclass
class CommunityInputs:
    """A community's data for one period: one row per membership, ready for ``allocate``."""

    name: str
    allocation: Allocation
    local_price: Decimal
    start_utc: datetime
    members: list[Member]
    consumption: np.ndarray   # [n_members, n_intervals] kWh
    active: np.ndarray        # bool [n_members, n_intervals]: membership in force
    production: np.ndarray    # [n_intervals] kWh, the sum of the production points
    shares: np.ndarray | None  # static allocation: each membership's share
    terms: CommunityTerms | None = None
    # per production point: (point id, code, producer account id or None, kWh [n_intervals])
    points: list = field(default_factory=list)
    # allocation 'delivered': the operator's local kWh per membership row, and per row the
    # intervals (inside the membership) that the operator did not deliver
    delivered: np.ndarray | None = None
    delivered_missing: np.ndarray | None = None
    surplus_price: Decimal | None = None
    currency_hint: str = ""
    # what was read: each membership's consumption point id, the production point ids and
    # the interval-data version of every point ("YYYY-MM:version,…", as in the fingerprints)
    member_points: tuple[int | None, ...] = ()
    production_points: tuple[int, ...] = ()
    tokens: dict[int, str] | None = None
    local_points: tuple[int | None, ...] = ()   # 'delivered': each membership's local point


def community_terms(com: CommunityRow) -> CommunityTerms:
    ctype = CommunityType(com.type or "generic")
    price = (LocalPrice.from_json(com.local_prices) if com.local_prices
             else LocalPrice(com.local_price))
    cap = None
    if ctype in (CommunityType.ZEV, CommunityType.VZEV):
        cap = Decimal(100) if com.price_cap in (None, "external") else Decimal(com.price_cap)
    discount = com.grid_discount if ctype is CommunityType.LEG else None
    return CommunityTerms(com.name, ctype, price, discount, cap)


def community_inputs(session: Session, community_id: int, period: Period,
                     tz: ZoneInfo) -> CommunityInputs:
    com = session.get(CommunityRow, community_id)
    rows = session.execute(
        select(CommunityMember.account_id, Account.code, Account.name, CommunityMember.valid_from,
               CommunityMember.valid_to, CommunityMember.share, Account.consumption_point_id)
        .join(Account, Account.id == CommunityMember.account_id)
        .where(CommunityMember.community_id == community_id, member_in(period))
        .order_by(Account.code, CommunityMember.valid_from)).all()
    pp = session.execute(
        select(CommunityProductionPoint.metering_point_id, MeteringPoint.code,
               CommunityProductionPoint.producer_account_id)
        .join(MeteringPoint, MeteringPoint.id == CommunityProductionPoint.metering_point_id)
        .where(CommunityProductionPoint.community_id == community_id)
        .order_by(MeteringPoint.code)).all()
    prod_ids = [p.metering_point_id for p in pp]
    allocation = Allocation(com.allocation)
    local_ids: dict[int, int] = {}       # consumption point id -> its 'local' channel point id
    if allocation is Allocation.DELIVERED:
        cons_ids = [r.consumption_point_id for r in rows if r.consumption_point_id]
        total = MeteringPoint.__table__.alias("total_point")
        for cid, lid in session.execute(
                select(total.c.id, MeteringPoint.id)
                .join(MeteringPoint, (MeteringPoint.code == total.c.code)
                      & (MeteringPoint.kind == total.c.kind))
                .where(total.c.id.in_(cons_ids), MeteringPoint.channel == "local")):
            local_ids[cid] = lid
    t0, t1 = period.utc_bounds(tz)
    block = read_block(session, [r.consumption_point_id for r in rows if r.consumption_point_id]
                       + prod_ids + list(local_ids.values()), t0, t1, tz)
    n = block.n_intervals

    def index_of(day: date | None, default: int) -> int:
        if day is None:
            return default
        return int(min(max((local_midnight_utc(day, tz) - t0).total_seconds() // 900, 0), n))

    consumption = np.zeros((len(rows), n))
    active = np.zeros((len(rows), n), dtype=bool)
    for k, r in enumerate(rows):
        if r.consumption_point_id:
            consumption[k] = block.kwh[block.row(r.consumption_point_id)]
        active[k, index_of(r.valid_from, 0):index_of(r.valid_to, n)] = True
    production = (block.kwh[[block.row(p) for p in prod_ids]].sum(axis=0) if prod_ids
                  else np.zeros(n))
    # a point stored before producers existed that is an account's own production meter is
    # paid to that account (never also as its feed-in: billdesk.runs.inputs)
    owners = dict(session.execute(
        select(Account.production_point_id, Account.id)
        .where(Account.production_point_id.in_(
            [p.metering_point_id for p in pp if p.producer_account_id is None]))).all()) \
        if any(p.producer_account_id is None for p in pp) else {}
    points = [(p.metering_point_id, p.code,
               p.producer_account_id or owners.get(p.metering_point_id),
               block.kwh[block.row(p.metering_point_id)]) for p in pp]
    delivered = missing = None
    if allocation is Allocation.DELIVERED:
        delivered = np.zeros((len(rows), n))
        missing = np.zeros((len(rows), n), dtype=bool)
        for k, r in enumerate(rows):
            lid = local_ids.get(r.consumption_point_id)
            if lid is None:
                missing[k] = active[k]
                continue
            delivered[k] = block.kwh[block.row(lid)]
            missing[k] = active[k] & (block.flags[block.row(lid)] == Quality.MISSING)
    shares = (np.array([float(r.share or 0) for r in rows])
              if allocation is Allocation.STATIC else None)
    members = [Member(r.account_id, r.code, r.name, r.valid_from, r.valid_to, r.share)
               for r in rows]
    return CommunityInputs(com.name, allocation, com.local_price, t0, members, consumption,
                           active, production, shares, community_terms(com), points, delivered,
                           missing, com.surplus_price,
                           member_points=tuple(r.consumption_point_id for r in rows),
                           production_points=tuple(prod_ids),
                           tokens=dict(zip(block.point_ids, block.tokens)),
                           local_points=tuple(local_ids.get(r.consumption_point_id)
                                              for r in rows) if local_ids else ())
