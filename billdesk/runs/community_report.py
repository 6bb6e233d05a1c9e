"""A community statement for a period, month by month: production, local use, surplus,
self-consumption and self-sufficiency, per member (consumption, local kWh, amount) and per
producer (credited kWh, amount).

The energy is computed as a bill run computes it (the same allocation, delivered series
checked the same way); the amounts are those of the community's documents for the month
that are not cancelled: members' local-energy lines (local energy, grid usage on it and the
LEG discount) and the producers' self-billing credit notes (drafts included, marked). A
month whose allocation fails is reported with its error and no figures.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period, add_months
from billdesk.engine.money import quantity
from billdesk.runs.inputs import RunInputs
from billdesk.runs.producers import tag_of
from billdesk.store.communities import community_inputs
from billdesk.store.models import Account, Bill, BillLineRow, CommunityRow

COMMUNITY_LINES = ("community_energy", "grid_discount")
MAX_MONTHS = 36


@dataclass
class MemberRow:
    account: str
    name: str
    consumption: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    amount: Decimal | None = None


@dataclass
class ProducerRow:
    account: str
    name: str
    credited: Decimal = Decimal(0)
    surplus: Decimal = Decimal(0)
    amount: Decimal | None = None


@dataclass
class MonthFigures:
    period: Period
    production: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    surplus: Decimal = Decimal(0)
    consumption: Decimal = Decimal(0)
    error: str | None = None
    members: dict[str, MemberRow] = field(default_factory=dict)
    producers: dict[str, ProducerRow] = field(default_factory=dict)
    drafts: bool = False      # some amounts are from draft documents

    @property
    def self_consumption(self) -> Decimal | None:
        """Share of the production used by the members, percent."""
        return _pct(self.local, self.production)

    @property
    def self_sufficiency(self) -> Decimal | None:
        """Share of the members' consumption covered locally, percent."""
        return _pct(self.local, self.consumption)


@dataclass
class CommunityReport:
    name: str
    type: str
    allocation: str
    period: Period
    currency: str
    months: list[MonthFigures]

    def total(self) -> MonthFigures:
        t = MonthFigures(self.period)
        for m in self.months:
            if m.error:
                continue
            t.production += m.production
            t.local += m.local
            t.surplus += m.surplus
            t.consumption += m.consumption
            t.drafts |= m.drafts
            for k, r in m.members.items():
                row = t.members.setdefault(k, MemberRow(r.account, r.name))
                row.consumption += r.consumption
                row.local += r.local
                if r.amount is not None:
                    row.amount = (row.amount or Decimal(0)) + r.amount
            for k, r in m.producers.items():
                row = t.producers.setdefault(k, ProducerRow(r.account, r.name))
                row.credited += r.credited
                row.surplus += r.surplus
                if r.amount is not None:
                    row.amount = (row.amount or Decimal(0)) + r.amount
        return t


def _pct(a: Decimal, b: Decimal) -> Decimal | None:
    return (a * 100 / b).quantize(Decimal("0.1")) if b else None


def _months(period: Period) -> list[Period]:
    out, start = [], period.start.replace(day=1)
    while start < period.end:
        nxt = add_months(start, 1)
        out.append(Period(max(start, period.start), min(nxt, period.end)))
        start = nxt
    if len(out) > MAX_MONTHS:
        raise InputError(f"a community statement covers at most {MAX_MONTHS} months",
                         field="--period")
    return out


def community_report(factory: sessionmaker, name: str, period: Period | str) -> CommunityReport:
    period = Period.parse(period) if isinstance(period, str) else period
    months = _months(period)
    with factory() as s:
        com = s.scalar(select(CommunityRow).where(CommunityRow.name == name))
        if com is None:
            raise InputError(f"unknown community {name!r}", field="NAME")
        out = CommunityReport(com.name, com.type or "generic", com.allocation, period, "CHF",
                              [])
        names = dict(s.execute(select(Account.id, Account.code)).all())
        labels = dict(s.execute(select(Account.code, Account.name)).all())
        for mp in months:
            inputs = RunInputs(s, mp)
            res = inputs.community(s, com.id)
            fig = MonthFigures(mp)
            out.months.append(fig)
            if res.error:
                fig.error = res.error
                continue
            d = community_inputs(s, com.id, mp, inputs.tz)
            fig.production = quantity(float(d.production.sum()))
            fig.surplus = quantity(float(res.surplus.sum())) if res.surplus is not None \
                else Decimal(0)
            for k, m in enumerate(d.members):
                row = fig.members.setdefault(m.code, MemberRow(m.code, m.name))
                row.consumption += quantity(float(d.consumption[k][d.active[k]].sum()))
            for aid, arr in res.local.items():
                code = names[aid]
                fig.members[code].local = quantity(float(arr.sum()))
            fig.local = sum((r.local for r in fig.members.values()), Decimal(0))
            fig.consumption = sum((r.consumption for r in fig.members.values()), Decimal(0))
            for aid, credit in res.credits.items():
                code = names[aid]
                fig.producers[code] = ProducerRow(code, labels.get(code, ""),
                                                  quantity(float(credit.local.sum())),
                                                  quantity(float(credit.surplus.sum())))
            _amounts(s, fig, {names[a] for a in res.local}, com.name)
            out.currency = res.currency or out.currency
        return out


def _amounts(s, fig: MonthFigures, member_codes: set[str], community: str) -> None:
    p = fig.period
    codes = list(member_codes | set(fig.producers))
    rows = s.execute(
        select(Account.code, Bill.id, Bill.kind, Bill.status, Bill.total, Bill.tariff_code)
        .join(Account, Account.id == Bill.account_id)
        .where(Account.code.in_(codes), Bill.status != BillStatus.CANCELLED.value,
               Bill.kind.in_([BillKind.INVOICE.value, BillKind.SELF_BILLING.value]),
               Bill.period_start < p.end, Bill.period_end > p.start)
        .order_by(Bill.id)).all()
    invoices = {r.id: r for r in rows if r.kind == BillKind.INVOICE.value
                and r.code in member_codes}
    nets: dict[int, Decimal] = defaultdict(Decimal)
    if invoices:
        for bid, net in s.execute(select(BillLineRow.bill_id, BillLineRow.net_amount)
                                  .where(BillLineRow.bill_id.in_(list(invoices)),
                                         BillLineRow.component.in_(COMMUNITY_LINES))):
            nets[bid] += net
        # grid usage on local energy (leg) is part of what local energy costs the member
        for bid, net, label in s.execute(
                select(BillLineRow.bill_id, BillLineRow.net_amount, BillLineRow.label)
                .where(BillLineRow.bill_id.in_(list(invoices)),
                       BillLineRow.component == "grid")):
            if label.endswith(" (local energy)"):
                nets[bid] += net
    for bid, r in invoices.items():
        row = fig.members[r.code]
        row.amount = (row.amount or Decimal(0)) + nets[bid]
        fig.drafts |= r.status == BillStatus.DRAFT.value
    for r in rows:
        if r.kind == BillKind.SELF_BILLING.value and r.tariff_code == tag_of(community) \
                and r.code in fig.producers:
            row = fig.producers[r.code]
            row.amount = (row.amount or Decimal(0)) - r.total     # paid to the producer
            fig.drafts |= r.status == BillStatus.DRAFT.value


CSV_FIELDS = ("section", "month", "account", "name", "consumption_kwh", "local_kwh",
              "production_kwh", "surplus_kwh", "self_consumption_pct", "self_sufficiency_pct",
              "amount", "note")


def _s(v) -> str:
    return "" if v is None else str(v)


def write_csv(report: CommunityReport, path: str | Path) -> None:
    """One row per month for the community, per member and per producer; ``total`` rows."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_FIELDS)
        for label, m in [(f"{x.period.start:%Y-%m}", x) for x in report.months] + \
                [("total", report.total())]:
            note = m.error or ("includes draft documents" if m.drafts else "")
            w.writerow(["community", label, "", report.name, _s(m.consumption), _s(m.local),
                        _s(m.production), _s(m.surplus), _s(m.self_consumption),
                        _s(m.self_sufficiency), "", note])
            for r in sorted(m.members.values(), key=lambda r: r.account):
                w.writerow(["member", label, r.account, r.name, _s(r.consumption), _s(r.local),
                            "", "", "", _s(_pct(r.local, r.consumption)), _s(r.amount), ""])
            for r in sorted(m.producers.values(), key=lambda r: r.account):
                w.writerow(["producer", label, r.account, r.name, "", _s(r.credited), "",
                            _s(r.surplus), "", "", _s(r.amount), ""])
