"""``billdesk worker``: wait for running runs and bill their pending batches.

Any number of worker processes on any number of machines share the runs through the
database only: batches are claimed with ``FOR UPDATE SKIP LOCKED`` (billdesk.runs.workers),
each worker's claims are leased (billdesk.runs.lease), the waiting is ``LISTEN billdesk_runs``
(billdesk.store.notify) with a polling fallback every ``poll`` seconds (also what notices a
lease that ran out). A worker works on every running run — started by ``run start`` on some
machine (whose process finishes it) or queued for workers (``run start --detach``; the worker
that leaves it without pending work finishes it, billdesk.runs.queued).

``should_stop()`` (SIGTERM, Ctrl-C) is checked between batches: the batches in flight are
written, nothing new is claimed, and the worker returns.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import exists, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.runs import lease
from billdesk.runs import workers as wk
from billdesk.runs.billing import make_config
from billdesk.runs.liveness import detect_interrupted, is_queued, new_owner
from billdesk.runs.queued import finish_if_done
from billdesk.runs.writer import LostRun
from billdesk.store.models import BillingAttempt, BillRun

log = logging.getLogger(__name__)

Report = Callable[[str, dict], None]     # (event, details): started, batch, finished, idle


@dataclass
class WorkerOptions:
    run_id: int | None = None
    exit_when_idle: bool = False
    batch_size: int | None = None
    lease_seconds: int | None = None
    poll: float = 5.0


@dataclass
class WorkerStats:
    accounts: int = 0
    batches: int = 0
    runs: dict[int, int] = field(default_factory=dict)      # run id -> accounts billed here
    finished: list[int] = field(default_factory=list)       # queued runs finished here
    stopped_by: str = ""                                     # signal | idle | run ended
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)         # worker processes that failed

    def add(self, other: "WorkerStats") -> None:
        self.accounts += other.accounts
        self.batches += other.batches
        for k, v in other.runs.items():
            self.runs[k] = self.runs.get(k, 0) + v
        self.finished += other.finished
        self.errors += other.errors

    def as_dict(self) -> dict:
        return {"accounts": self.accounts, "batches": self.batches,
                "runs": {str(k): v for k, v in sorted(self.runs.items())},
                "finished": sorted(self.finished), "stopped_by": self.stopped_by,
                "seconds": round(self.seconds, 2), "errors": list(self.errors)}


_ATT = BillingAttempt.__table__


def _running(factory: sessionmaker, run_id: int | None) -> list[tuple[int, str, bool]]:
    with factory() as s:
        q = (select(BillRun.id, BillRun.owner, BillRun.cancel_requested)
             .where(BillRun.status == RunStatus.RUNNING.value).order_by(BillRun.id))
        if run_id is not None:
            q = q.where(BillRun.id == run_id)
        return [(i, o or "", bool(c)) for i, o, c in s.execute(q).all()]


def _has(factory: sessionmaker, run_id: int, unclaimed: bool) -> bool:
    cond = [_ATT.c.run_id == run_id, _ATT.c.status == AttemptStatus.PENDING.value]
    if unclaimed:
        cond.append(_ATT.c.claimed_by.is_(None))
    with factory() as s:
        return bool(s.scalar(select(exists().where(*cond))))


def _status(factory: sessionmaker, run_id: int) -> str | None:
    with factory() as s:
        return s.scalar(select(BillRun.status).where(BillRun.id == run_id))


def serve(factory: sessionmaker, opts: WorkerOptions | None = None, *,
          should_stop: Callable[[], bool] = lambda: False, report: Report | None = None,
          who: str | None = None) -> WorkerStats:
    """Work until ``should_stop()``, or (``exit_when_idle``) until no running run in scope
    has pending attempts, or (``run_id`` without ``exit_when_idle``) until that run ended."""
    from billdesk.store import notify

    opts = opts or WorkerOptions()
    report = report or (lambda _e, _d: None)
    stats = WorkerStats()
    t0 = time.monotonic()
    wake = threading.Event()
    listener = notify.listen(factory, lambda _ev: wake.set())
    configs: dict[int, tuple] = {}
    tokens: dict[int, str] = {}

    def on_report(rid):
        def f(kind, value):
            if kind == "done":
                stats.accounts += value
                stats.batches += 1
                stats.runs[rid] = stats.runs.get(rid, 0) + value
                report("batch", {"run": rid, "accounts": value, "total": stats.accounts})
            elif kind == "strict":
                report("strict", {"run": rid, "message": value})
        return f

    def work_on(rid: int, owner: str) -> None:
        if rid not in configs:
            configs[rid] = make_config(factory, rid, opts.batch_size)
            report("started", {"run": rid, "owner": owner})
        cfg, inputs = configs[rid]
        token = tokens.setdefault(rid, new_owner())
        try:
            wk.work(factory, rid, owner, token, cfg, inputs, report=on_report(rid),
                    should_stop=should_stop, kind="worker", lease_s=opts.lease_seconds)
        except LostRun:
            configs.pop(rid, None)      # the run ended or changed hands: look again
        except DBAPIError as exc:
            from billdesk.store.access import permission_error

            if permission_error(exc) is not None:
                raise
            log.warning("run %s: a batch failed (%s); its claims are released",
                        rid, str(exc).splitlines()[0])
            try:
                wk.release_claims(factory, rid, [token])
            except DBAPIError:
                pass
            time.sleep(1.0)

    try:
        while not should_stop():
            busy = False
            detect_interrupted(factory)
            for rid, owner, cancel in _running(factory, opts.run_id):
                if should_stop():
                    break
                if not cancel and _has(factory, rid, unclaimed=True):
                    work_on(rid, owner)
                    busy = True
                elif not cancel and lease.release_stale(factory, rid, who=who):
                    busy = True
                    continue
                if is_queued(owner) and finish_if_done(factory, rid, who=who) is not None:
                    stats.finished.append(rid)
                    configs.pop(rid, None)
                    report("finished", {"run": rid})
                    busy = True
            if busy or should_stop():
                continue
            if opts.run_id is not None:
                st = _status(factory, opts.run_id)
                if st not in (RunStatus.RUNNING.value, RunStatus.DRAFT.value) or (
                        opts.exit_when_idle and (st != RunStatus.RUNNING.value
                                                 or not _has(factory, opts.run_id, False))):
                    stats.stopped_by = "run ended" if st != RunStatus.RUNNING.value else "idle"
                    break
            elif opts.exit_when_idle and not any(
                    _has(factory, rid, False) for rid, _o, _c in _running(factory, None)):
                stats.stopped_by = "idle"
                break
            report("idle", {})
            wake.wait(opts.poll)
            wake.clear()
        if should_stop():
            stats.stopped_by = "signal"
    finally:
        if listener is not None:
            listener.stop()
        stats.seconds = time.monotonic() - t0
    return stats


# ----------------------------------------------------------------------------- processes
class StopFlag:
    """Set by SIGTERM / SIGINT (the first: the batches in flight are finished)."""

    def __init__(self):
        self.event = threading.Event()

    def __call__(self) -> bool:
        return self.event.is_set()

    def install(self) -> None:
        def handler(signum, _frame):
            if self.event.is_set() and signum == signal.SIGINT:
                raise KeyboardInterrupt
            self.event.set()
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)


def _child(url: str, opts: WorkerOptions, conn, who: str | None) -> None:
    """A worker process of ``serve_processes`` (spawned): its own engine and loop."""
    from billdesk.runs.processes import _die_with_parent
    from billdesk.store.db import make_engine, session_factory

    _die_with_parent()
    stop = StopFlag()
    stop.install()
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # the parent forwards a SIGTERM
    parent = os.getppid()
    engine = make_engine(url)
    code = 0
    try:
        def report(event, details):
            try:
                conn.send((event, details))
            except (BrokenPipeError, OSError):
                stop.event.set()
        stats = serve(session_factory(engine), opts,
                      should_stop=lambda: stop() or os.getppid() != parent, report=report,
                      who=who)
        conn.send(("stats", stats))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        log.exception("worker process failed")
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        except (BrokenPipeError, OSError):
            pass
        code = 1
    finally:
        engine.dispose()
        conn.close()
    os._exit(code)


def serve_processes(url: str, n: int, opts: WorkerOptions, *, should_stop: Callable[[], bool],
                    report: Report | None = None, who: str | None = None) -> WorkerStats:
    """``n`` worker processes, each a ``serve`` loop of its own; SIGTERM for all of them
    when ``should_stop()``. Returns their summed stats."""
    import multiprocessing as mp
    from multiprocessing import connection as mp_connection

    report = report or (lambda _e, _d: None)
    ctx = mp.get_context("spawn")
    pipes = [ctx.Pipe(duplex=False) for _ in range(n)]
    procs = [ctx.Process(target=_child, args=(url, opts, pipes[k][1], who),
                         name=f"billdesk-worker-{k + 1}", daemon=True) for k in range(n)]
    for p in procs:
        p.start()
    for _r, w in pipes:
        w.close()
    readers = [r for r, _w in pipes]
    total = WorkerStats()
    errors: list[str] = []
    signalled = False
    t0 = time.monotonic()
    while readers or any(p.exitcode is None for p in procs):
        if should_stop() and not signalled:
            signalled = True
            for p in procs:
                if p.exitcode is None:
                    p.terminate()          # SIGTERM: the child finishes its batches
        for r in mp_connection.wait(readers, timeout=0.2) if readers else ():
            try:
                kind, value = r.recv()
            except (EOFError, OSError):
                readers.remove(r)
                continue
            if kind == "stats":
                total.add(value)
            elif kind == "error":
                errors.append(value)
            else:
                report(kind, value)
        if not readers:
            time.sleep(0.05)
    for p in procs:
        p.join()
        if p.exitcode not in (0, None) and not errors:
            errors.append(f"worker process {p.pid} ended with exit code {p.exitcode}")
    total.seconds = time.monotonic() - t0
    total.stopped_by = "signal" if signalled else ("error" if errors else "idle")
    if errors:
        log.warning("worker processes: %s", "; ".join(errors))
    total.errors += errors
    return total
