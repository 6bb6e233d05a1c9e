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
from billdesk.runs import workers as wk
from billdesk.runs.liveness import detect_interrupted, new_owner, owner_alive
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.writer import LostRun, claim_heartbeat
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.faults import storage_error
from billdesk.store.models import Bill, BillingAttempt, BillRun

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000
WORKER_EXIT_SECONDS = 120  # a stopping worker finishes its batch (seconds at most) or is ended
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
              batch_size: int | None = None, who: str | None = None,
              join: bool = False) -> RunInfo:
    """Execute a draft run or resume an interrupted one; blocks until it ends.

    ``workers`` > 1: that many worker processes (spawned, each with its own engine) claim
    batches through the database (see billdesk.runs.workers). ``join``: add this process's
    workers to a run that another process is executing (typically on another machine, on
    PostgreSQL); returns when no unclaimed work is left, without finishing the run.

    Returns the run as it ended: completed, completed_with_errors, failed (strict stop) or
    cancelled. InputError when the run cannot start (wrong status, already running in a live
    process, an account period claimed by another active run). WorkFailed when a worker
    process died: the run is then interrupted and ``start_run`` resumes it.
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}", field="--workers")
    progress = progress or _noop_progress
    cancelled = cancelled or _never
    detect_interrupted(factory, run_id)
    if join:
        return _join(factory, run_id, workers, progress, cancelled, batch_size)
    owner = new_owner()
    resumed = _begin(factory, run_id, owner, who)
    try:
        return _execute(factory, run_id, owner, progress, cancelled, batch_size, who, resumed,
                        workers)
    except (LostRun, WorkFailed):
        raise
    except BaseException as exc:
        err = storage_error(exc, factory.kw.get("bind"))
        _interrupt(factory, run_id, owner, f"stopped by {err or type(exc).__name__}: "
                   f"{'' if err else exc}"[:500])
        if err is not None:        # disk full, server gone, …: a clear message, resumable
            err.stopped_run = run_id
            raise err from exc
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


def _interrupt(factory: sessionmaker, run_id: int, owner: str, message: str) -> None:
    try:
        with transaction(factory) as s:
            n = s.execute(update(BillRun).where(BillRun.id == run_id, BillRun.owner == owner,
                                                BillRun.status == RunStatus.RUNNING.value)
                          .values(status=RunStatus.INTERRUPTED.value, message=message)).rowcount
            if n:
                audit.record(s, "run.interrupted", "bill_run", run_id, {"reason": message})
    except Exception as exc:  # best effort; detect_interrupted catches it later
        err = storage_error(exc)
        if err is not None:     # the database itself is what failed: one line is enough
            log.warning("could not mark run %s interrupted: %s", run_id, err)
        else:
            log.exception("could not mark run %s interrupted", run_id)


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


def make_config(factory: sessionmaker, run_id: int, batch_size: int | None = None,
                communities: dict | None = None) -> tuple[_Config, RunInputs]:
    """The run's configuration and per-run inputs; ``communities``: allocations computed by
    the parent (so every worker bills with the same ones)."""
    with factory() as s:
        cfg = _Config(load_run(s, run_id))
        if batch_size:
            cfg.batch_size = int(batch_size)
        inputs = RunInputs(s, cfg.period, cfg.round_payable)
    if communities is not None:
        inputs.seed_communities(communities)
    return cfg, inputs


def _counts(factory, run_id) -> dict[str, int]:
    with factory() as s:
        return dict(s.execute(select(BillingAttempt.status, func.count())
                              .where(BillingAttempt.run_id == run_id)
                              .group_by(BillingAttempt.status)).all())


class _Meter:
    """done/total, throughput and time left for the caller's progress callback."""

    def __init__(self, progress: Progress, done: int, total: int):
        self.progress, self.done, self.total, self.start = progress, done, total, done
        self.t0 = time.perf_counter()

    def add(self, n: int) -> None:
        self.done += n
        elapsed = time.perf_counter() - self.t0
        rate = (self.done - self.start) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        self.progress(self.done, self.total, f"{rate:,.0f} accounts/s, {_fmt_eta(eta)} left")


def _request_cancel(factory, run_id: int, owner: str) -> None:
    with transaction(factory) as s:
        s.execute(update(BillRun).where(BillRun.id == run_id, BillRun.owner == owner,
                                        BillRun.status == RunStatus.RUNNING.value)
                  .values(cancel_requested=True))


def _execute(factory, run_id, owner, progress, cancelled, batch_size, who, resumed,
             workers=1) -> RunInfo:
    cfg, inputs = make_config(factory, run_id, batch_size)
    by = _counts(factory, run_id)
    total = sum(by.values())
    meter = _Meter(progress, total - by.get(AttemptStatus.PENDING.value, 0), total)
    progress(meter.done, total, "resuming" if resumed else "starting")
    stop: str | None = None     # 'strict' | 'cancelled'
    stop_msg = None
    if cfg.mode == ErrorMode.STRICT and by.get(AttemptStatus.FAILED.value):
        stop = "strict"         # resumed after the strict failure was written
    elif workers == 1:
        state: dict = {}

        def report(kind, value):
            if kind == "done":
                meter.add(value)
            elif kind == "strict":
                state["msg"] = value

        stop = wk.work(factory, run_id, owner, new_owner(), cfg, inputs, report=report,
                       should_stop=cancelled)
        if stop == "cancelled" and cancelled():
            _request_cancel(factory, run_id, owner)
        stop_msg = state.get("msg")
    else:
        stop, stop_msg = _run_processes(factory, run_id, owner, cfg, inputs, workers,
                                        batch_size, meter, cancelled)
    if stop is None:
        stop = _await_joiners(factory, run_id, owner, cfg, inputs, meter, cancelled)
    return _finish(factory, run_id, owner, stop, stop_msg, who)


def _database_url(factory: sessionmaker) -> str:
    return factory.kw["bind"].url.render_as_string(hide_password=False)


def _run_processes(factory, run_id, owner, cfg, inputs, n, batch_size, meter, cancelled,
                   *, joining: bool = False):
    """Run ``n`` worker processes to the end; (stop, strict message). WorkFailed (after
    marking the run interrupted, unless joining) when a worker process died or failed."""
    import multiprocessing as mp
    from multiprocessing import connection as mp_connection

    with factory() as s:
        communities = None if joining else inputs.all_communities(s, run_id)
    ctx = mp.get_context("spawn")
    stop_flag = ctx.RawValue("b", 0)   # lock-free: see workers.worker_main
    url = _database_url(factory)
    pipes = [ctx.Pipe(duplex=False) for _ in range(n)]
    procs = [ctx.Process(target=wk.worker_main, name=f"billdesk-run{run_id}-w{k + 1}",
                         args=(url, run_id, owner, batch_size or cfg.batch_size, communities,
                               pipes[k][1], stop_flag), daemon=True)
             for k in range(n)]
    for p in procs:
        p.start()
    for _r, w in pipes:
        w.close()                      # the workers hold the writing ends
    readers = [r for r, _w in pipes]
    stop = stop_msg = None
    failure: str | None = None
    lost: str | None = None
    cancel_sent = False
    deadline = None                    # once stopping: how long a worker may take to exit
    try:
        while True:
            messages = []
            for r in mp_connection.wait(readers, timeout=0.2) if readers else ():
                try:
                    messages.append(r.recv())
                except (EOFError, OSError):   # the worker exited (or died): its pipe is done
                    readers.remove(r)
            for kind, value in messages:
                if kind == "done":
                    meter.add(value)
                elif kind == "strict":
                    stop, stop_msg = "strict", stop_msg or value
                elif kind == "end" and value == "cancelled" and stop is None:
                    stop = "cancelled"
                elif kind == "lost":
                    lost = lost or value
                elif kind == "error":
                    failure = failure or f"a worker process failed: {value}"
            if not readers:
                time.sleep(0.05)
            if not cancel_sent and cancelled():
                cancel_sent = True
                stop = stop or "cancelled"
                if not joining:
                    _request_cancel(factory, run_id, owner)
                stop_flag.value = 1
            for p in procs:
                if p.exitcode not in (None, 0) and failure is None:
                    how = (f"was killed by signal {-p.exitcode}" if p.exitcode < 0
                           else f"stopped with exit code {p.exitcode}")
                    failure = f"worker process {p.pid} {how}"
            if failure or lost:
                stop_flag.value = 1
            if stop_flag.value and deadline is None:
                deadline = time.monotonic() + WORKER_EXIT_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                for p in procs:        # a worker that does not stop is ended; its batch
                    if p.exitcode is None:   # was not committed, its attempts stay pending
                        p.kill()
            if not messages and all(p.exitcode is not None for p in procs):
                break
    except BaseException:
        for p in procs:
            if p.exitcode is None:
                p.kill()
        raise
    for p in procs:
        p.join()
    if lost:
        raise LostRun(lost)
    if failure:
        if not joining:
            _interrupt(factory, run_id, owner, f"interrupted: {failure}"[:500])
            failure += f"; run {run_id} is interrupted, 'run start {run_id}' resumes it"
        raise WorkFailed(failure)
    return stop, stop_msg


def _await_joiners(factory, run_id, owner, cfg, inputs, meter, cancelled) -> str | None:
    """Our workers found no unclaimed attempt: wait for batches claimed by processes that
    joined the run, billing ourselves what a dead joiner left (its claims are released)."""
    while True:
        with factory() as s:
            held = s.execute(select(BillingAttempt.claimed_by, func.max(BillingAttempt.claimed_at),
                                    func.count())
                             .where(BillingAttempt.run_id == run_id,
                                    BillingAttempt.status == AttemptStatus.PENDING.value)
                             .group_by(BillingAttempt.claimed_by)).all()
        if not held:
            return None
        dead = [tok for tok, at, _n in held if tok is not None and not owner_alive(tok, at)]
        if dead:
            wk.release_claims(factory, run_id, dead)
        if dead or any(tok is None for tok, _at, _n in held):
            out = wk.work(factory, run_id, owner, new_owner(), cfg, inputs,
                          report=lambda k, v: meter.add(v) if k == "done" else None,
                          should_stop=cancelled)
            if out is not None:
                if out == "cancelled" and cancelled():
                    _request_cancel(factory, run_id, owner)
                return out
            continue
        if cancelled():
            _request_cancel(factory, run_id, owner)
            return "cancelled"
        time.sleep(0.2)


def _join(factory, run_id, workers, progress, cancelled, batch_size) -> RunInfo:
    """Work on a run another process executes, until no unclaimed attempt is left."""
    with transaction(factory) as s:
        run = load_run(s, run_id)
        if run.status in (RunStatus.DRAFT, RunStatus.INTERRUPTED):
            raise InputError(f"run {run_id} is {run.status}; --join adds workers to a running "
                             f"run only: start it with 'run start {run_id}'", field="ID")
        if run.status != RunStatus.RUNNING:      # it ended before we arrived: nothing to do
            return run_info(s, run)
        owner = run.owner
        audit.record(s, "run.join", "bill_run", run_id, {"owner": owner, "workers": workers})
    cfg, inputs = make_config(factory, run_id, batch_size)
    by = _counts(factory, run_id)
    meter = _Meter(progress, sum(by.values()) - by.get(AttemptStatus.PENDING.value, 0),
                   sum(by.values()))
    progress(meter.done, meter.total, f"joining run {run_id} (owner {owner})")
    try:
        if workers == 1:
            wk.work(factory, run_id, owner, new_owner(), cfg, inputs,
                    report=lambda k, v: meter.add(v) if k == "done" else None,
                    should_stop=cancelled)
        else:
            _run_processes(factory, run_id, owner, cfg, inputs, workers, batch_size, meter,
                           cancelled, joining=True)
    except LostRun:
        pass    # the run ended (or was interrupted) meanwhile
    with factory() as s:
        return run_info(s, load_run(s, run_id))


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
        s.execute(update(BillingAttempt).where(BillingAttempt.run_id == run_id,
                                               BillingAttempt.claimed_by.is_not(None))
                  .values(claimed_by=None, claimed_at=None))
        if run.mode == ErrorMode.STRICT and failed and stop in ("strict", "cancelled"):
            stop = "strict"     # a worker hit the failure; the others were stopped
            stop_msg = stop_msg or (run.message if (run.message or "").startswith("strict")
                                    else f"strict run stopped: {failed} account(s) failed")
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
