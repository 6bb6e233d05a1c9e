"""What becomes of each account of a batch: bill, skip (already billed, unchanged), correct
(credit note + replacement invoice) or fail (engine error, implausible amount)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Callable

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from billdesk.domain.bill import (BillDraft, BillKind, BillLine, BillStatus, LazyLines,
                                  lines_source)
from billdesk.domain.period import Period
from billdesk.domain.quality import QualityCounts
from billdesk.domain.run import AttemptStatus, BillingMode, ErrorCode
from billdesk.store.idsets import any_of
from billdesk.store.models import Bill, BillLineRow


@dataclass
class NewBill(LazyLines):
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
    # what it was computed from (billdesk.runs.snapshot); or a call making that text, made
    # when the bill is written (billdesk.runs.writer)
    inputs: str | Callable[[], str] | None = None
    local_kwh: Decimal | None = None          # community members (and producers' credits)
    community_saving: Decimal | None = None

    @classmethod
    def invoice(cls, d: BillDraft, corrects_id: int | None = None) -> "NewBill":
        """The invoice of draft ``d``; its lines stay where the draft has them (the engine's
        columns, until read). Made by setting its fields at once (billdesk.engine.records
        tells why: one per billed account)."""
        member = d.community_saving is not None
        new = _new(cls)
        fields = {"kind": _INVOICE, "corrects_id": corrects_id, "currency": d.currency,
                  "period_start": d.period_start, "period_end": d.period_end,
                  "net_total": d.net_total, "vat_total": d.vat_total, "rounding": d.rounding,
                  "total": d.total, "fingerprint": d.fingerprint, "tariff_code": d.tariff_code,
                  "consumption_kwh": d.consumption_kwh, "quality": d.quality, "inputs": None,
                  "local_kwh": d.local_kwh if member else None,
                  "community_saving": d.community_saving}
        src = lines_source(d)
        if src is None:
            fields["lines"] = d.lines
        else:
            fields["_lines_src"] = src
        new.__dict__ = fields
        return new


_new = object.__new__
_INVOICE = BillKind.INVOICE.value


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


def invoices_around(session: Session, account_ids, period: Period, run_id: int
                    ) -> tuple[dict[int, list[Existing]], dict[int, Existing]]:
    """In one query (per 5,000 accounts of a list; ``account_ids`` may be a subquery): (the
    non-cancelled invoices of other runs overlapping the period, per account, oldest first;
    each account's latest issued invoice before the period, for the plausibility check).

    Of an account's earlier issued invoices only that latest one is read: the others are
    dropped by the database (a correlated look-up through the bills' (account, period start)
    index, made only for the issued invoices before the period), not every invoice of the
    account's history sent to Python. Read through the session's connection (Core rows)."""
    existing: dict[int, list[Existing]] = defaultdict(list)
    previous: dict[int, Existing] = {}
    cols = (Bill.account_id, Bill.id, Bill.run_id, Bill.status, Bill.number, Bill.period_start,
            Bill.period_end, Bill.fingerprint, Bill.total, Bill.currency)
    invoice, issued = BillKind.INVOICE.value, BillStatus.ISSUED.value
    earlier = Bill.__table__.alias("earlier")
    # the account's latest issued invoice ending by the period's start: the largest
    # (period start, id); its start is at most the period's, which bounds the index range
    latest = (select(earlier.c.id)
              .where(earlier.c.account_id == Bill.account_id, earlier.c.kind == invoice,
                     earlier.c.status == issued, earlier.c.period_start <= period.start,
                     earlier.c.period_end <= period.start)
              .order_by(earlier.c.period_start.desc(), earlier.c.id.desc())
              .limit(1).scalar_subquery())
    overlapping = and_(Bill.status != BillStatus.CANCELLED.value, Bill.period_start < period.end,
                       Bill.period_end > period.start, Bill.run_id != run_id)
    before = and_(Bill.status == issued, Bill.period_end <= period.start, Bill.id == latest)
    parts = ([account_ids[i:i + 5000] for i in range(0, len(account_ids), 5000)]
             if isinstance(account_ids, list) else [account_ids])
    conn = session.connection()
    for part in parts:
        for r in conn.execute(select(*cols).where(
                any_of(session, Bill.account_id, part),
                Bill.kind == invoice, or_(overlapping, before))
                .order_by(Bill.id)):
            if r[6] <= period.start:    # ended by the period's start: the latest before it
                previous[r[0]] = Existing(*r[1:])
            else:
                existing[r[0]].append(Existing(*r[1:]))
    return existing, previous


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


def credit_notes(session: Session, originals: list[Existing]) -> dict[int, NewBill]:
    """The credit notes cancelling ``originals`` (by original bill id): their lines and
    amounts negated. Two queries for any number of bills."""
    ids = sorted({o.id for o in originals})
    lines: dict[int, list[BillLine]] = defaultdict(list)
    bills: dict[int, Bill] = {}
    for i in range(0, len(ids), 5000):
        part = ids[i:i + 5000]
        bills.update((b.id, b) for b in session.scalars(select(Bill).where(Bill.id.in_(part))))
        for ln in session.scalars(select(BillLineRow).where(BillLineRow.bill_id.in_(part))
                                  .order_by(BillLineRow.bill_id, BillLineRow.position)):
            lines[ln.bill_id].append(BillLine(ln.component, ln.label, -ln.quantity, ln.unit,
                                              ln.unit_price, -ln.net_amount, ln.vat_rate,
                                              ln.period_start, ln.period_end, ln.detail))
    return {bid: NewBill(BillKind.CREDIT_NOTE.value, b.id, b.currency, b.period_start,
                         b.period_end, tuple(lines[bid]), -b.net_total, -b.vat_total,
                         -b.rounding, -b.total, b.fingerprint, b.tariff_code, -b.consumption_kwh,
                         QualityCounts(b.q_measured, b.q_substituted, b.q_estimated,
                                       b.q_missing), b.inputs)
            for bid, b in bills.items()}


def to_correct(billing: str, outcome, existing: list[Existing]) -> Existing | None:
    """The issued invoice a create-and-correct run replaces, when it has to (inputs changed)."""
    if outcome.bill is None or billing != BillingMode.CREATE_AND_CORRECT:
        return None
    issued = [e for e in existing if e.status == BillStatus.ISSUED]
    if issued and issued[-1].fingerprint != outcome.fingerprint:
        return issued[-1]
    return None


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


_FAILED = AttemptStatus.FAILED.value
_SKIPPED = AttemptStatus.SKIPPED.value
_SUCCEEDED = AttemptStatus.SUCCEEDED.value
_INTERNAL = ErrorCode.INTERNAL.value
_IMPLAUSIBLE = ErrorCode.IMPLAUSIBLE_AMOUNT.value


def decide(billing: str, outcome, existing: list[Existing], previous: Existing | None,
           factor: Decimal, credits: dict[int, NewBill]) -> Result:
    """The result for one account the engine has billed (``outcome``: AccountOutcome);
    ``credits``: credit notes of the originals to correct, by id (see ``credit_notes``)."""
    bill = outcome.bill
    if bill is None:
        return Result(0, _FAILED, error_code=outcome.error_code or _INTERNAL,
                      message=outcome.message, quality=outcome.quality)
    if not existing:     # the usual case: nothing to correct, a plain invoice (or implausible)
        why = implausible(bill, previous, factor)
        if why:
            return Result(0, _FAILED, error_code=_IMPLAUSIBLE, message=why,
                          quality=outcome.quality)
        return Result(0, _SUCCEEDED, message=outcome.message or None, quality=outcome.quality,
                      bills=[NewBill.invoice(bill)])
    res = Result(0, _FAILED, quality=outcome.quality)
    issued = [e for e in existing if e.status == BillStatus.ISSUED]
    original = issued[-1] if issued and billing == BillingMode.CREATE_AND_CORRECT else None
    if original is not None and original.fingerprint == outcome.fingerprint:
        res.status = _SKIPPED
        res.error_code = ErrorCode.UNCHANGED.value
        res.message = f"inputs unchanged since {original.describe()}; nothing to correct"
        return res
    why = implausible(bill, previous, factor)
    if why:
        res.error_code = _IMPLAUSIBLE
        res.message = why
        return res
    if original is not None:
        res.bills.append(credits[original.id])
        res.message = (f"corrects {original.describe()}: credit note and replacement invoice"
                       + (f"; {outcome.message}" if outcome.message else ""))
    else:
        res.message = outcome.message or None
    res.bills.append(NewBill.invoice(bill, original.id if original else None))
    res.status = _SUCCEEDED
    return res
