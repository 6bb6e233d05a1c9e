"""A run's state transitions in the database: begin (draft|interrupted -> running, with the
run's claims) and finish (running -> completed, completed_with_errors, failed or cancelled,
with its claims and drafts settled). Both the process executing a run here
(billdesk.runs.execute) and queued runs executed by workers only (billdesk.runs.queued) go
through these."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.bill import BillStatus
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.domain.run import AttemptStatus, ErrorMode, RunStatus
from billdesk.runs import claims
from billdesk.runs.info import RunInfo
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.writer import claim_heartbeat
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import Bill, BillingAttempt, BillRun


def begin(factory: sessionmaker, run_id: int, owner: str, who: str | None) -> bool:
    """draft|interrupted -> running, owned by us; claims for a draft. True when resuming."""
    now = datetime.now(timezone.utc)
    values = dict(status=RunStatus.RUNNING.value, owner=owner, heartbeat_at=now,
                  cancel_requested=False, message=None)
    try:
        with transaction(factory) as s:
            # the conditional UPDATE comes first: it takes the write lock / row lock, so two
            # processes starting the same run cannot both win
            if s.execute(update(BillRun).where(BillRun.id == run_id,
                                               BillRun.status == RunStatus.DRAFT.value)
                         .values(started_at=now, **values)).rowcount == 1:
                run = load_run(s, run_id)
                claims.insert_claims(s, run_id, Period(run.period_start, run.period_end))
                audit.record(s, "run.start", "bill_run", run_id, {"owner": owner}, who=who)
                return False
            if s.execute(update(BillRun).where(BillRun.id == run_id,
                                               BillRun.status == RunStatus.INTERRUPTED.value)
                         .values(**values)).rowcount == 1:
                # batches claimed by the processes that died stay pending: free them
                s.execute(update(BillingAttempt)
                          .where(BillingAttempt.run_id == run_id,
                                 BillingAttempt.status == AttemptStatus.PENDING.value,
                                 BillingAttempt.claimed_by.is_not(None))
                          .values(claimed_by=None, claimed_at=None))
                audit.record(s, "run.resume", "bill_run", run_id, {"owner": owner}, who=who)
                return True
            run = load_run(s, run_id)
            if run.status == RunStatus.RUNNING:
                raise InputError(f"run {run_id} is already running (process {run.owner}); if "
                                 "that process is not billdesk (e.g. after a restart), "
                                 f"'run start {run_id} --force-resume' takes it over",
                                 field="ID")
            raise InputError(f"run {run_id} is {run.status}; only a draft or an interrupted "
                             "run can be started", field="ID")
    except IntegrityError as exc:
        if not claims.is_conflict(exc):
            raise
        with factory() as s:
            run = load_run(s, run_id)
            period = Period(run.period_start, run.period_end)
        raise claims.ClaimConflict(claims.conflict_message(factory, run_id, period),
                                   field="ID") from None


def cancel_drafts(session: Session, run_id: int) -> int:
    return session.execute(update(Bill).where(Bill.run_id == run_id,
                                              Bill.status == BillStatus.DRAFT.value)
                           .values(status=BillStatus.CANCELLED.value)).rowcount


def finish(factory, run_id, owner, stop, stop_msg, who) -> RunInfo:
    now = datetime.now(timezone.utc)
    with transaction(factory) as s:
        run = claim_heartbeat(s, run_id, owner)
        by = dict(s.execute(select(BillingAttempt.status, func.count())
                            .where(BillingAttempt.run_id == run_id)
                            .group_by(BillingAttempt.status)).all())
        failed = by.get(AttemptStatus.FAILED.value, 0)
        s.execute(update(BillingAttempt).where(BillingAttempt.run_id == run_id,
                                               BillingAttempt.claimed_by.is_not(None))
                  .values(claimed_by=None, claimed_at=None))
        if run.mode == ErrorMode.STRICT and failed and stop in ("strict", "cancelled"):
            stop = "strict"     # a worker hit the failure; the others were stopped
            stop_msg = stop_msg or (run.message if (run.message or "").startswith("strict")
                                    else f"strict run stopped: {failed} account(s) failed")
        if stop == "strict":
            n = cancel_drafts(s, run_id)
            claims.release_all(s, run_id)
            run.status = RunStatus.FAILED.value
            run.message = stop_msg + (f"; its {n} draft bill(s) are cancelled and will never "
                                      "be issued" if n else "")
        elif stop == "cancelled":
            cancel_drafts(s, run_id)
            claims.release_all(s, run_id)
            run.status = RunStatus.CANCELLED.value
            run.message = "cancelled while running"
        else:
            claims.release_unbilled(s, run_id)
            run.status = (RunStatus.COMPLETED_WITH_ERRORS if failed
                          else RunStatus.COMPLETED).value
            run.message = f"{failed} account(s) failed" if failed else None
        run.finished_at = now
        run.cancel_requested = False
        audit.record(s, "run.finish", "bill_run", run_id,
                     {"status": run.status, "counts": by, "message": run.message,
                      "total_amount": format(run.total_amount or Decimal(0), "f")}, who=who)
        s.flush()
        info = run_info(s, run)
    return info
