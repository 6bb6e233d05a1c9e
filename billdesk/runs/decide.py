"""What becomes of each account of a batch: bill, skip (already billed, unchanged), correct
(credit note + replacement invoice) or fail (engine error, implausible amount)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.domain.bill import BillDraft, BillKind, BillLine, BillStatus
from billdesk.domain.period import Period
from billdesk.domain.quality import QualityCounts
from billdesk.domain.run import AttemptStatus, BillingMode, ErrorCode
from billdesk.store.models import Bill, BillLineRow


@dataclass
class NewBill:
    kind: str
    corrects_id: int | None
    currency: str
    period_start: date
    period_end: date
    lines: tuple[BillLine, ...]
    net_total: Decimal
    vat_total: Decimal
    rounding: Decimal
    total: Decimal
    fingerprint: str
    tariff_code: str
    consumption_kwh: Decimal
    quality: QualityCounts

    @classmethod
    def invoice(cls, d: BillDraft, corrects_id: int | None = None) -> "NewBill":
        return cls(BillKind.INVOICE.value, corrects_id, d.currency, d.period_start, d.period_end,
                   d.lines, d.net_total, d.vat_total, d.rounding, d.total, d.fingerprint,
                   d.tariff_code, d.consumption_kwh, d.quality)


@dataclass
class Result:
    account_id: int
    status: str
    error_code: str | None = None
    message: str | None = None
    quality: QualityCounts = field(default_factory=QualityCounts)
    bills: list[NewBill] = field(default_factory=list)

    @property
    def amount(self) -> Decimal | None:
        return sum((b.total for b in self.bills), Decimal(0)) if self.bills else None


@dataclass
class Existing:
    id: int
    run_id: int
    status: str
    number: str | None
    period_start: date
    period_end: date
    fingerprint: str
    total: Decimal
    currency: str

    def describe(self) -> str:
        if self.status == BillStatus.ISSUED:
            return f"issued bill {self.number}"
        return f"draft bill {self.id} of run {self.run_id}"


def _invoices(session: Session, account_ids: list[int], *conditions, order=(Bill.id,)):
    """Invoices of ``account_ids`` matching ``conditions``: (account id, Existing) rows."""
    cols = (Bill.account_id, Bill.id, Bill.run_id, Bill.status, Bill.number, Bill.period_start,
            Bill.period_end, Bill.fingerprint, Bill.total, Bill.currency)
    for i in range(0, len(account_ids), 5000):
        for r in session.execute(select(*cols)
                                 .where(Bill.account_id.in_(account_ids[i:i + 5000]),
                                        Bill.kind == BillKind.INVOICE.value, *conditions)
                                 .order_by(*order)):
            yield r.account_id, Existing(*r[1:])


def existing_invoices(session: Session, account_ids: list[int], period: Period,
                      run_id: int) -> dict[int, list[Existing]]:
    """Non-cancelled invoices of other runs overlapping the period, per account (oldest first)."""
    out: dict[int, list[Existing]] = defaultdict(list)
    for account_id, e in _invoices(session, account_ids,
                                   Bill.status != BillStatus.CANCELLED.value,
                                   Bill.period_start < period.end, Bill.period_end > period.start,
                                   Bill.run_id != run_id):
        out[account_id].append(e)
    return out


def previous_issued(session: Session, account_ids: list[int], period: Period
                    ) -> dict[int, Existing]:
    """Each account's latest issued invoice before the period (for the plausibility check)."""
    return dict(_invoices(session, account_ids, Bill.status == BillStatus.ISSUED.value,
                          Bill.period_end <= period.start, order=(Bill.period_start, Bill.id)))


def skip_before_billing(billing: str, existing: list[Existing], period: Period
                        ) -> tuple[str, str] | None:
    """(error code, message) when the account need not go through the engine at all."""
    if not existing:
        return None
    if billing == BillingMode.CREATE:
        return (ErrorCode.ALREADY_BILLED.value,
                f"already billed for {period}: {existing[-1].describe()}; use billing "
                "'create-and-correct' to correct an issued bill")
    drafts = [e for e in existing if e.status == BillStatus.DRAFT]
    if drafts:
        return (ErrorCode.ALREADY_BILLED.value,
                f"{drafts[-1].describe()} is not issued yet; finalize or cancel run "
                f"{drafts[-1].run_id} before correcting")
    other = [e for e in existing if (e.period_start, e.period_end) != (period.start, period.end)]
    if other:
        return (ErrorCode.ALREADY_BILLED.value,
                f"{other[-1].describe()} covers {other[-1].period_start}.."
                f"{other[-1].period_end}, another period overlapping {period}; it cannot be "
                "corrected by this run")
    return None


def credit_note(session: Session, original: Existing) -> NewBill:
    """The credit note cancelling ``original``: its lines and amounts negated."""
    b = session.get(Bill, original.id)
    lines = tuple(BillLine(ln.component, ln.label, -ln.quantity, ln.unit, ln.unit_price,
                           -ln.net_amount, ln.vat_rate, ln.period_start, ln.period_end,
                           ln.detail)
                  for ln in session.scalars(select(BillLineRow)
                                            .where(BillLineRow.bill_id == b.id)
                                            .order_by(BillLineRow.position)))
    return NewBill(BillKind.CREDIT_NOTE.value, b.id, b.currency, b.period_start, b.period_end,
                   lines, -b.net_total, -b.vat_total, -b.rounding, -b.total, b.fingerprint,
                   b.tariff_code, -b.consumption_kwh,
                   QualityCounts(b.q_measured, b.q_substituted, b.q_estimated, b.q_missing))


def implausible(draft: BillDraft, previous: Existing | None, factor: Decimal) -> str | None:
    if draft.total < 0:
        return (f"total {draft.total} {draft.currency} is negative; check the meter data and "
                "the feed-in of this account")
    if previous is not None and previous.total > 0 and previous.currency == draft.currency:
        if draft.total > previous.total * factor or draft.total * factor < previous.total:
            return (f"total {draft.total} {draft.currency} deviates by more than {factor}x "
                    f"from the previous bill {previous.number} ({previous.total} "
                    f"{previous.currency}); check the meter data")
    return None


def decide(session: Session, billing: str, outcome, existing: list[Existing],
           previous: Existing | None, factor: Decimal) -> Result:
    """The result for one account the engine has billed (``outcome``: AccountOutcome)."""
    res = Result(0, AttemptStatus.FAILED.value, quality=outcome.quality)
    if outcome.bill is None:
        res.error_code = outcome.error_code or ErrorCode.INTERNAL.value
        res.message = outcome.message
        return res
    issued = [e for e in existing if e.status == BillStatus.ISSUED]
    original = issued[-1] if issued and billing == BillingMode.CREATE_AND_CORRECT else None
    if original is not None and original.fingerprint == outcome.fingerprint:
        res.status = AttemptStatus.SKIPPED.value
        res.error_code = ErrorCode.UNCHANGED.value
        res.message = f"inputs unchanged since {original.describe()}; nothing to correct"
        return res
    why = implausible(outcome.bill, previous, factor)
    if why:
        res.error_code = ErrorCode.IMPLAUSIBLE_AMOUNT.value
        res.message = why
        return res
    if original is not None:
        res.bills.append(credit_note(session, original))
        res.message = (f"corrects {original.describe()}: credit note and replacement invoice"
                       + (f"; {outcome.message}" if outcome.message else ""))
    else:
        res.message = outcome.message or None
    res.bills.append(NewBill.invoice(outcome.bill, original.id if original else None))
    res.status = AttemptStatus.SUCCEEDED.value
    return res
