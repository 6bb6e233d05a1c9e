"""Executing (and resuming) a run: batches of pending attempts through the engine.

Each batch is read in its own short session, billed, and written in one transaction
(attempt results + draft bills + lines + the run's heartbeat and total): a process killed at
any moment loses at most the batch in flight, whose attempts stay ``pending`` and are billed
when ``start_run`` resumes the ``interrupted`` run.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from decimal import Decimal
from typing import Callable

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.bill import BillStatus
from billdesk.domain.errors import InputError, WorkFailed
from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.run import AttemptStatus, ErrorCode, ErrorMode, RunStatus
from billdesk.engine import bill_batch
from billdesk.runs import claims
from billdesk.runs.decide import (Result, decide, existing_invoices, previous_issued,
                                  skip_before_billing)
from billdesk.runs.info import RunInfo
from billdesk.runs.inputs import RunInputs, point_codes
from billdesk.runs.liveness import detect_interrupted, new_owner
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.writer import LostRun, claim_heartbeat, write_results
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import Account, Bill, BillingAttempt, BillRun

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000
Progress = Callable[[int, int, str], None]


def _noop_progress(done: int, total: int, message: str = "") -> None:
    pass


def _never() -> bool:
    return False


def _fmt_eta(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def start_run(factory: sessionmaker, run_id: int, *, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, workers: int = 1,
              batch_size: int | None = None, who: str | None = None) -> RunInfo:
    """Execute a draft run or resume an interrupted one; blocks until it ends.

    Returns the run as it ended: completed, completed_with_errors, failed (strict stop) or
    cancelled. InputError when the run cannot start (wrong status, already running in a live
    process, an account period claimed by another active run).
    """
    if workers != 1:
        raise InputError("--workers N > 1 is not implemented yet: a run is executed by one "
                         "process (PostgreSQL batch claiming is planned)", field="--workers")
    progress = progress or _noop_progress
    cancelled = cancelled or _never
    detect_interrupted(factory, run_id)
    owner = new_owner()
    resumed = _begin(factory, run_id, owner, who)
    try:
        return _execute(factory, run_id, owner, progress, cancelled, batch_size, who, resumed)
    except (LostRun, WorkFailed):
        raise
    except BaseException as exc:
        _interrupt(factory, run_id, owner, f"stopped by {type(exc).__name__}: {exc}"[:500])
        raise


def _begin(factory: sessionmaker, run_id: int, owner: str, who: str | None) -> bool:
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
                audit.record(s, "run.resume", "bill_run", run_id, {"owner": owner}, who=who)
                return True
            run = load_run(s, run_id)
            if run.status == RunStatus.RUNNING:
                raise InputError(f"run {run_id} is already running (process {run.owner})",
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


def _interrupt(factory: sessionmaker, run_id: int, owner: str, message: str) -> None:
    try:
        with transaction(factory) as s:
            n = s.execute(update(BillRun).where(BillRun.id == run_id, BillRun.owner == owner,
                                                BillRun.status == RunStatus.RUNNING.value)
                          .values(status=RunStatus.INTERRUPTED.value, message=message)).rowcount
            if n:
                audit.record(s, "run.interrupted", "bill_run", run_id, {"reason": message})
    except Exception:  # pragma: no cover - best effort; detect_interrupted catches it later
        log.exception("could not mark run %s interrupted", run_id)


class _CancelRequested(Exception):
    pass


class _Config:
    def __init__(self, run: BillRun):
        self.run_id = run.id
        self.period = Period(run.period_start, run.period_end)
        self.mode = run.mode
        self.billing = run.billing
        self.thresholds = Thresholds.from_dict(run.thresholds)
        opts = run.options or {}
        self.factor = Decimal(str(opts.get("max_factor", "5")))
        self.round_payable = bool(opts.get("round_payable", False))
        self.batch_size = int(opts.get("batch_size", DEFAULT_BATCH))


def _execute(factory, run_id, owner, progress, cancelled, batch_size, who, resumed) -> RunInfo:
    with factory() as s:
        cfg = _Config(load_run(s, run_id))
        if batch_size:
            cfg.batch_size = int(batch_size)
        inputs = RunInputs(s, cfg.period, cfg.round_payable)
        by = dict(s.execute(select(BillingAttempt.status, func.count())
                            .where(BillingAttempt.run_id == run_id)
                            .group_by(BillingAttempt.status)).all())
    total = sum(by.values())
    done = total - by.get(AttemptStatus.PENDING.value, 0)
    start_done = done
    progress(done, total, "resuming" if resumed else "starting")
    t0 = time.perf_counter()
    last_pos = -1
    stop: str | None = None     # 'strict' | 'cancelled'
    stop_msg = None
    while True:
        if cancelled():
            stop = "cancelled"
            break
        tb = time.perf_counter()
        with factory() as rs:
            pend = rs.execute(select(BillingAttempt.id, BillingAttempt.account_id,
                                     BillingAttempt.position)
                              .where(BillingAttempt.run_id == run_id,
                                     BillingAttempt.status == AttemptStatus.PENDING.value,
                                     BillingAttempt.position > last_pos)
                              .order_by(BillingAttempt.position).limit(cfg.batch_size)).all()
            if not pend:
                break
            last_pos = pend[-1].position
            results = bill_accounts(rs, cfg, inputs, [p.account_id for p in pend])
        rows = [(p.id, p.account_id, r) for p, r in zip(pend, results)]
        if cfg.mode == ErrorMode.STRICT:
            for k, (_aid, _acc, r) in enumerate(rows):
                if r.status == AttemptStatus.FAILED:
                    rows = rows[:k + 1]
                    stop = "strict"
                    with factory() as cs:
                        code = cs.scalar(select(Account.code).where(Account.id == r.account_id))
                    stop_msg = (f"strict run stopped at account {code} (attempt "
                                f"{k + done + 1} of {total}): {r.error_code}: {r.message}")
                    break
        try:
            with transaction(factory) as ws:
                run = claim_heartbeat(ws, run_id, owner)
                if run.cancel_requested:
                    raise _CancelRequested
                write_results(ws, run, rows, (time.perf_counter() - tb) * 1000)
        except _CancelRequested:
            stop = "cancelled"
            break
        done += len(rows)
        elapsed = time.perf_counter() - t0
        rate = (done - start_done) / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        progress(done, total, f"{rate:,.0f} accounts/s, {_fmt_eta(eta)} left")
        if stop:
            break
    return _finish(factory, run_id, owner, stop, stop_msg, who)


def bill_accounts(session: Session, cfg: _Config, inputs: RunInputs,
                  account_ids: list[int]) -> list[Result]:
    """One Result per account id (same order): skip checks, the engine, decisions."""
    existing = existing_invoices(session, account_ids, cfg.period, cfg.run_id)
    results: dict[int, Result] = {}
    to_bill = []
    for a in account_ids:
        skip = skip_before_billing(cfg.billing, existing.get(a, []), cfg.period)
        if skip:
            results[a] = Result(a, AttemptStatus.SKIPPED.value, skip[0], skip[1])
        else:
            to_bill.append(a)
    if to_bill:
        prep = inputs.load_batch(session, to_bill)
        for a, (code, msg) in prep.failures.items():
            results[a] = Result(a, AttemptStatus.FAILED.value, code, msg)
        try:
            outcomes = bill_batch(prep.batch, cfg.thresholds) if prep.rows else []
        except Exception as exc:
            log.exception("the engine failed on a batch of run %s", cfg.run_id)
            outcomes = None
            for r in prep.rows:
                results[r.id] = Result(r.id, AttemptStatus.FAILED.value, ErrorCode.INTERNAL.value,
                                       f"billing engine error ({type(exc).__name__}: {exc}); "
                                       "report this to support")
        if outcomes is not None:
            previous = previous_issued(session, [r.id for r in prep.rows], cfg.period)
            no_data = [r.consumption_point_id for r, o in zip(prep.rows, outcomes)
                       if o.error_code == ErrorCode.NO_METER_DATA]
            codes = point_codes(session, no_data) if no_data else {}
            for r, o in zip(prep.rows, outcomes):
                res = decide(session, cfg.billing, o, existing.get(r.id, []),
                             previous.get(r.id), cfg.factor)
                res.account_id = r.id
                if res.error_code == ErrorCode.NO_METER_DATA:
                    res.message = (f"metering point {codes.get(r.consumption_point_id)}: "
                                   f"{res.message}; import its readings for {cfg.period}")
                elif res.error_code == ErrorCode.DATA_QUALITY:
                    res.message = (f"{res.message}; import corrected readings or lower the "
                                   "run's thresholds")
                results[r.id] = res
    return [results[a] for a in account_ids]


def _cancel_drafts(session: Session, run_id: int) -> int:
    return session.execute(update(Bill).where(Bill.run_id == run_id,
                                              Bill.status == BillStatus.DRAFT.value)
                           .values(status=BillStatus.CANCELLED.value)).rowcount


def _finish(factory, run_id, owner, stop, stop_msg, who) -> RunInfo:
    now = datetime.now(timezone.utc)
    with transaction(factory) as s:
        run = claim_heartbeat(s, run_id, owner)
        by = dict(s.execute(select(BillingAttempt.status, func.count())
                            .where(BillingAttempt.run_id == run_id)
                            .group_by(BillingAttempt.status)).all())
        failed = by.get(AttemptStatus.FAILED.value, 0)
        if stop == "strict":
            n = _cancel_drafts(s, run_id)
            claims.release_all(s, run_id)
            run.status = RunStatus.FAILED.value
            run.message = stop_msg + (f"; its {n} draft bill(s) are cancelled and will never "
                                      "be issued" if n else "")
        elif stop == "cancelled":
            _cancel_drafts(s, run_id)
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


def cancel_run(factory: sessionmaker, run_id: int, who: str | None = None) -> RunInfo:
    """Cancel a run. Not yet running, interrupted or finished unfinalized: at once (its draft
    bills are cancelled, its claims released). Running in a live process: a request the
    executing process honours after its current batch. Finalized runs cannot be cancelled."""
    detect_interrupted(factory, run_id)
    with transaction(factory) as s:
        s.execute(update(BillRun).where(BillRun.id == run_id)
                  .values(cancel_requested=BillRun.cancel_requested))  # take the write lock
        run = load_run(s, run_id)
        if run.status in (RunStatus.FINALIZED, RunStatus.CANCELLED):
            raise InputError(f"run {run_id} is {run.status} and cannot be cancelled"
                             + ("; correct its bills with a create-and-correct run"
                                if run.status == RunStatus.FINALIZED else ""), field="ID")
        if run.status == RunStatus.RUNNING:
            run.cancel_requested = True
            run.message = "cancel requested; the executing process stops after its batch"
            audit.record(s, "run.cancel_request", "bill_run", run_id, {}, who=who)
        else:
            n = _cancel_drafts(s, run_id)
            claims.release_all(s, run_id)
            audit.record(s, "run.cancel", "bill_run", run_id,
                         {"previous_status": run.status, "drafts_cancelled": n}, who=who)
            run.status = RunStatus.CANCELLED.value
            run.message = f"cancelled; {n} draft bill(s) cancelled" if n else "cancelled"
            run.finished_at = run.finished_at or datetime.now(timezone.utc)
        s.flush()
        return run_info(s, run)
