"""No double billing: an account's month is held by at most one active run (RunClaim).

Claims are inserted for every account and month of the run when it starts (draft ->
running), in the same transaction as the status change; the primary key
(account_id, month) makes a second, overlapping run fail to start, whatever process
starts it. They are released:

- when the run ends: for every account that did not get a draft bill (failed, skipped,
  pending), so a rerun of the failed accounts can claim them;
- entirely when the run fails (strict stop), is cancelled or is finalized (its bills are then
  issued, and create mode's ALREADY_BILLED check protects them from there on).

An interrupted run keeps its claims (it is resumed, or cancelled to release them).
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, delete, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.bill import BillStatus
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.store.models import Account, Bill, BillingAttempt, BillRun, RunClaim


class ClaimConflict(InputError):
    """Some account's period is already in another active run."""


def months(period: Period) -> list:
    return [m.start.replace(day=1) for m in period.months()]


def insert_claims(session: Session, run_id: int, period: Period) -> None:
    """Claim every account of the run for every month of the period: one INSERT … SELECT per
    month from the run's attempts (the database copies the rows; none pass through Python)."""
    att = BillingAttempt.__table__
    for m in months(period):
        session.execute(insert(RunClaim).from_select(
            ["account_id", "month", "run_id"],
            select(att.c.account_id, literal(m, Date), literal(run_id, Integer))
            .where(att.c.run_id == run_id)))


def conflict_message(factory: sessionmaker, run_id: int, period: Period) -> str:
    with factory() as s:
        mine = select(BillingAttempt.account_id).where(BillingAttempt.run_id == run_id)
        rows = s.execute(select(Account.code, RunClaim.month, BillRun.id, BillRun.status)
                         .join(Account, Account.id == RunClaim.account_id)
                         .join(BillRun, BillRun.id == RunClaim.run_id)
                         .where(RunClaim.account_id.in_(mine),
                                RunClaim.month.in_(months(period)),
                                RunClaim.run_id != run_id).limit(6)).all()
    if not rows:
        return (f"run {run_id} overlaps another run that started at the same moment; "
                "try again")
    parts = [f"{code} {m:%Y-%m} (run {rid}, {st})" for code, m, rid, st in rows[:5]]
    return (f"run {run_id} cannot start: account period(s) already in another active run: "
            + ", ".join(parts) + (" …" if len(rows) > 5 else "")
            + "; finalize or cancel that run first")


def is_conflict(exc: IntegrityError) -> bool:
    text = str(exc.orig).lower()
    return "run_claims" in text or "pk_run_claims" in text or "unique" in text


def release_all(session: Session, run_id: int) -> None:
    session.execute(delete(RunClaim).where(RunClaim.run_id == run_id))


def release_unbilled(session: Session, run_id: int) -> None:
    """Release the claims of the run's accounts that hold no draft bill of this run."""
    billed = select(Bill.account_id).where(Bill.run_id == run_id,
                                           Bill.status == BillStatus.DRAFT.value)
    session.execute(delete(RunClaim).where(RunClaim.run_id == run_id,
                                           RunClaim.account_id.not_in(billed)))
