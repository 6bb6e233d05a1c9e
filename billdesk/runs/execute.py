"""A run's lifecycle: start it (its state transitions: billdesk.runs.transitions), execute
its batches, cancel, resume, join.

Each batch is read in its own short session, billed (billdesk.runs.billing), and written in
one transaction (attempt results + draft bills + lines + the run's heartbeat and total; see
billdesk.runs.workers and billdesk.runs.writer): a process killed at any moment loses at most
the batch in flight, whose attempts stay ``pending`` and are billed when ``start_run``
resumes the ``interrupted`` run. With ``workers`` > 1 the batches are billed by worker
processes (billdesk.runs.processes).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError, WorkFailed
from billdesk.domain.run import AttemptStatus, ErrorMode, RunStatus
from billdesk.runs import claims
from billdesk.runs import workers as wk
from billdesk.runs.billing import make_config
from billdesk.runs.info import RunInfo
from billdesk.runs import lease
from billdesk.runs.liveness import detect_interrupted, is_queued, new_owner
from billdesk.runs.processes import Spawned, WorkerFailed, run_processes
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.transitions import begin, cancel_drafts, finish
from billdesk.runs.writer import LostRun
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.faults import storage_error
from billdesk.store.models import BillingAttempt, BillRun

log = logging.getLogger(__name__)

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
    # the worker processes start (interpreter, imports) while this one begins the run
    spawned = Spawned(factory, run_id, owner, workers) if workers > 1 else None
    try:
        resumed = begin(factory, run_id, owner, who)
    except BaseException:
        if spawned is not None:
            spawned.kill()
        raise
    try:
        return _execute(factory, run_id, owner, progress, cancelled, batch_size, who, resumed,
                        workers, spawned)
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
    finally:
        if spawned is not None:    # ended already, unless the run ended before using them
            spawned.kill()


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
             workers=1, spawned=None) -> RunInfo:
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
        try:
            stop, stop_msg = run_processes(
                factory, run_id, owner, cfg, inputs, workers, batch_size, meter, cancelled,
                on_cancel=lambda: _request_cancel(factory, run_id, owner), spawned=spawned)
        except WorkerFailed as exc:
            _interrupt(factory, run_id, owner, f"interrupted: {exc}"[:500])
            raise WorkFailed(f"{exc}; run {run_id} is interrupted, 'run start {run_id}' "
                             "resumes it") from None
    if stop is None:
        stop = _await_joiners(factory, run_id, owner, cfg, inputs, meter, cancelled)
    return finish(factory, run_id, owner, stop, stop_msg, who)


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
        dead = lease.stale_tokens(factory, run_id) if any(t for t, _a, _n in held) else []
        if dead:
            lease.release_stale(factory, run_id)
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
                    should_stop=cancelled, kind="join")
        else:
            run_processes(factory, run_id, owner, cfg, inputs, workers, batch_size, meter,
                          cancelled, joining=True)
    except LostRun:
        pass    # the run ended (or was interrupted) meanwhile
    with factory() as s:
        return run_info(s, load_run(s, run_id))


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
            n = cancel_drafts(s, run_id)
            claims.release_all(s, run_id)
            audit.record(s, "run.cancel", "bill_run", run_id,
                         {"previous_status": run.status, "drafts_cancelled": n}, who=who)
            run.status = RunStatus.CANCELLED.value
            run.message = f"cancelled; {n} draft bill(s) cancelled" if n else "cancelled"
            run.finished_at = run.finished_at or datetime.now(timezone.utc)
        s.flush()
        info = run_info(s, run)
    if info.status == RunStatus.RUNNING and is_queued(run.owner):
        # only workers execute it: with none at work it is finished here, else by the
        # worker that stops last (billdesk.runs.queued)
        from billdesk.runs.queued import finish_if_done

        return finish_if_done(factory, run_id, who=who) or info
    return info
