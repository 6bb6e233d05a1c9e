"""Cancelling an issued invoice outside a correction run: a credit note, issued at once.

An issued document never changes: cancelling invoice X issues a credit note (its lines and
amounts negated, ``corrects`` = X) with the next gap-free credit-note number, and X becomes
``cancelled`` — in one transaction. The credit note belongs to a one-document run of its own
(``Cancellation of X``, finalized at once) so every document keeps its run, and the audit log
records who cancelled what and why. The account can then be billed again for the period
(create mode bills accounts without an issued bill).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.errors import InputError
from billdesk.domain.run import BillingMode, ErrorMode, RunStatus
from billdesk.runs.decide import credit_notes
from billdesk.runs.finalize import ISSUE_DRAFT, PREFIX, next_numbers
from billdesk.runs.freeze import seal_issue
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import Account, Bill, BillLineRow, BillRun, RunClaim


@dataclass(frozen=True)
class CancelResult:
    original_id: int
    original_number: str
    credit_note_id: int
    credit_note_number: str
    run_id: int
    total: object           # the credit note's total (negative Decimal)

    def as_dict(self) -> dict:
        return {"original": {"id": self.original_id, "number": self.original_number},
                "credit_note": {"id": self.credit_note_id, "number": self.credit_note_number},
                "run_id": self.run_id, "total": format(self.total, "f")}


def cancel_bill(factory: sessionmaker, ref: int | str, reason: str | None = None, *,
                today: date | None = None, who: str | None = None) -> CancelResult:
    """Cancel issued invoice ``ref`` (id or number) by a credit note; InputError if it is not
    an issued invoice or its account's period is held by an active run."""
    now = datetime.now(timezone.utc)
    year = (today or date.today()).year
    actor = who or audit.actor()
    with transaction(factory) as s:
        text = str(ref).strip()
        q = select(Bill).with_for_update()
        bill = s.scalar(q.where(Bill.id == int(text))) if text.isdigit() else None
        bill = bill or s.scalar(q.where(Bill.number == text))
        if bill is None:
            raise InputError(f"no bill with id or number {text!r}", field="ID|NUMBER")
        if bill.kind != BillKind.INVOICE.value:
            raise InputError(f"{bill.number or bill.id} is a {bill.kind.replace('_', ' ')}; "
                             "only invoices are cancelled", field="ID|NUMBER")
        if bill.status != BillStatus.ISSUED.value:
            raise InputError(f"{bill.number or bill.id} is {bill.status}; only an issued "
                             "invoice can be cancelled", field="ID|NUMBER")
        held = s.scalar(select(RunClaim.run_id).where(
            RunClaim.account_id == bill.account_id,
            RunClaim.month >= bill.period_start.replace(day=1),
            RunClaim.month < bill.period_end).limit(1))
        if held is not None:
            raise InputError(f"the account's period is in active run {held}; finish or "
                             "cancel that run first", field="ID|NUMBER")
        code = s.scalar(select(Account.code).where(Account.id == bill.account_id))
        run = BillRun(name=f"Cancellation of {bill.number}", status=RunStatus.FINALIZED.value,
                      period_start=bill.period_start, period_end=bill.period_end,
                      target=f"accounts:{code}", mode=ErrorMode.LENIENT.value,
                      billing=BillingMode.CREATE.value, thresholds={},
                      options={"cancels": bill.id, "reason": reason or ""},
                      created_by=actor, cancel_requested=False, started_at=now,
                      finished_at=now, finalized_at=now, total_amount=-bill.total,
                      message=reason or None)
        s.add(run)
        s.flush()
        new = credit_notes(s, [SimpleNamespace(id=bill.id)])[bill.id]
        number = next_numbers(s, PREFIX[BillKind.CREDIT_NOTE.value], year, 1)[0]
        # a draft first (the database forbids lines on a numbered bill), issued below
        cn = Bill(run_id=run.id, attempt_id=None, account_id=bill.account_id, kind=new.kind,
                  status=BillStatus.DRAFT.value, number=None,
                  period_start=new.period_start, period_end=new.period_end,
                  currency=new.currency, net_total=new.net_total, vat_total=new.vat_total,
                  rounding=new.rounding, total=new.total, corrects_id=bill.id,
                  fingerprint=new.fingerprint, tariff_code=new.tariff_code,
                  consumption_kwh=new.consumption_kwh, q_measured=new.quality.measured,
                  q_substituted=new.quality.substituted, q_estimated=new.quality.estimated,
                  q_missing=new.quality.missing, created_at=now, issued_at=None)
        s.add(cn)
        s.flush()
        for i, ln in enumerate(new.lines):
            s.add(BillLineRow(bill_id=cn.id, position=i, component=ln.component,
                              label=ln.label, quantity=ln.quantity, unit=ln.unit,
                              unit_price=ln.unit_price, net_amount=ln.net_amount,
                              vat_rate=ln.vat_rate, period_start=ln.period_start,
                              period_end=ln.period_end, detail=ln.detail))
        s.flush()
        # issued as finalize issues: frozen content and the next link of the CN chain
        # (issue 10), then the invoice is cancelled — the database allows that only now
        issue = [{"bid": cn.id, "num": number, "at": now}]
        seal_issue(s, run.id, issue, now)
        if s.connection().execute(ISSUE_DRAFT, issue).rowcount not in (-1, 1):
            raise RuntimeError(f"credit note {number} changed while it was issued")
        s.expire(cn)
        bill.status = BillStatus.CANCELLED.value
        audit.record(s, "bill.issue", "bill", cn.id, {"number": number, "run": run.id,
                                                      "cancels": bill.number,
                                                      "record_hash": issue[0]["rhash"]},
                     who=who)
        audit.record(s, "bill.cancel", "bill", bill.id,
                     {"reason": reason or "", "credit_note": number, "run": run.id}, who=who)
        s.flush()
        return CancelResult(bill.id, bill.number, cn.id, number, run.id, cn.total)


__all__ = ["CancelResult", "cancel_bill"]
