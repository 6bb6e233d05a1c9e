"""Read-only summaries for the app and the CLI: what the database holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from billdesk.store.models import (Account, AccountGroup, Bill, BillRun, CommunityRow,
                                   IntervalChunk, MeteringPoint, PriceSeriesRow, Tariff,
                                   TariffVersionRow)


@dataclass(frozen=True)
class Overview:
    accounts: int
    metering_points: int
    interval_chunks: int
    first_month: date | None
    last_month: date | None
    tariffs: int
    tariff_versions: int
    price_series: int
    communities: int
    groups: tuple[tuple[str, int], ...]
    runs: int
    bills: int


def overview(session: Session) -> Overview:
    def count(model):
        return session.scalar(select(func.count()).select_from(model)) or 0

    first, last = session.execute(select(func.min(IntervalChunk.month),
                                         func.max(IntervalChunk.month))).one()
    groups = session.execute(select(AccountGroup.name, func.count())
                             .group_by(AccountGroup.name).order_by(AccountGroup.name)).all()
    return Overview(count(Account), count(MeteringPoint), count(IntervalChunk), first, last,
                    count(Tariff), count(TariffVersionRow), count(PriceSeriesRow),
                    count(CommunityRow), tuple((g, n) for g, n in groups), count(BillRun),
                    count(Bill))


@dataclass(frozen=True)
class AccountRow:
    code: str
    name: str
    city: str
    language: str
    groups: str
    tariff: str
    supply_start: date
    supply_end: date | None
    consumption_point: str
    production_point: str


def account_rows(session: Session) -> list[AccountRow]:
    """Every account with its groups and metering point codes, by account code."""
    cp, pp = aliased(MeteringPoint), aliased(MeteringPoint)
    rows = session.execute(
        select(Account.id, Account.code, Account.name, Account.city, Account.language,
               Account.tariff_code, Account.supply_start, Account.supply_end, cp.code, pp.code)
        .outerjoin(cp, Account.consumption_point_id == cp.id)
        .outerjoin(pp, Account.production_point_id == pp.id)
        .order_by(Account.code)).all()
    groups: dict[int, list[str]] = {}
    for aid, g in session.execute(select(AccountGroup.account_id, AccountGroup.name)
                                  .order_by(AccountGroup.name)):
        groups.setdefault(aid, []).append(g)
    return [AccountRow(r[1], r[2], r[3], r[4], "; ".join(groups.get(r[0], [])),
                       r[5] or "", r[6], r[7], r[8] or "", r[9] or "") for r in rows]
