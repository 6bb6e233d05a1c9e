"""Worker processes of one run and their supervision (``start_run(workers=N)``).

The supervisor spawns N processes (each with its own engine and sessions); each claims,
bills and writes batches (billdesk.runs.workers.work) and reports through its own pipe;
the supervisor forwards their counts to the caller's progress, stops them on a cancel, a
strict failure or a dead sibling, and ends one that does not stop in WORKER_EXIT_SECONDS.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Callable

from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import WorkFailed
from billdesk.runs import workers as wk
from billdesk.runs.billing import make_config
from billdesk.runs.checkpoints import Checkpointer, defer_checkpoints
from billdesk.runs.liveness import new_owner
from billdesk.runs.writer import LostRun
from billdesk.store.db import make_engine, session_factory

log = logging.getLogger(__name__)

WORKER_EXIT_SECONDS = 120  # a stopping worker finishes its batch (seconds at most) or is ended


class WorkerFailed(WorkFailed):
    """A worker process died or failed; the run must be marked interrupted."""


def _database_url(factory: sessionmaker) -> str:
    return factory.kw["bind"].url.render_as_string(hide_password=False)


class Spawned:
    """Worker processes of one run, started and importing billdesk, each waiting for its
    orders (``send``): spawned before the run begins, so that their start-up (~0.5 s of
    interpreter and imports each) overlaps the parent's beginning of the run."""

    def __init__(self, factory: sessionmaker, run_id: int, owner: str, n: int,
                 joining: bool = False):
        import multiprocessing as mp

        ctx = mp.get_context("spawn")
        self.stop_flag = ctx.RawValue("b", 0)   # lock-free: see worker_main
        url = _database_url(factory)
        pipes = [ctx.Pipe(duplex=False) for _ in range(n)]
        inboxes = [ctx.Pipe(duplex=False) for _ in range(n)]   # (child's end, parent's end)
        kind = "join" if joining else "worker"   # their run_workers rows (the run detail)
        self.procs = [ctx.Process(target=worker_main, name=f"billdesk-run{run_id}-w{k + 1}",
                                  args=(url, run_id, owner, inboxes[k][0], pipes[k][1],
                                        self.stop_flag, kind), daemon=True)
                      for k in range(n)]
        self.readers = [r for r, _w in pipes]
        self.inboxes = [w for _r, w in inboxes]
        try:
            for p in self.procs:
                # small arguments only: start() writes them into a pipe that the child
                # reads while it imports billdesk, so a large one (the communities'
                # allocations, megabytes) would hold the next worker's start until this
                # one has imported
                p.start()
        except BaseException:
            self.kill()
            raise
        finally:
            for _r, w in pipes:
                w.close()              # the workers hold the writing ends
            for r, _w in inboxes:
                r.close()

    def send(self, batch_size: int, communities) -> None:
        """Each worker's orders: its batch size and the communities' allocations to bill
        with (None: computed by the worker). Waits until each has read them."""
        for w in self.inboxes:
            try:
                w.send((batch_size, communities))
            except (BrokenPipeError, OSError):   # it died first: its exit code tells
                pass
            w.close()
        self.inboxes = []

    def kill(self) -> None:
        """End the processes that are still running (a worker that got no orders exits by
        itself when its inbox closes)."""
        for w in self.inboxes:
            w.close()
        self.inboxes = []
        for p in self.procs:
            if p.exitcode is None and p.pid is not None:
                p.kill()
        for p in self.procs:
            if p.pid is not None:
                p.join()


def run_processes(factory, run_id, owner, cfg, inputs, n, batch_size, meter, cancelled,
                  *, joining: bool = False, on_cancel: Callable[[], None] | None = None,
                  spawned: Spawned | None = None):
    """Run ``n`` worker processes to the end; (stop, strict message). ``on_cancel()`` when
    ``cancelled()`` turns true (the owner asks the run to stop through the database);
    WorkerFailed when a worker process died or failed (the caller marks the run interrupted).
    ``spawned``: the processes, started already (else started here)."""
    from multiprocessing import connection as mp_connection

    if spawned is None:
        spawned = Spawned(factory, run_id, owner, n, joining)
    procs, stop_flag = spawned.procs, spawned.stop_flag
    try:
        with factory() as s:           # while the workers import
            communities = None if joining else inputs.all_communities(s, run_id)
        spawned.send(batch_size or cfg.batch_size, communities)
    except BaseException:
        spawned.kill()
        raise
    readers = list(spawned.readers)
    stop = stop_msg = None
    failure: str | None = None
    lost: str | None = None
    cancel_sent = False
    deadline = None                    # once stopping: how long a worker may take to exit
    checkpoints = Checkpointer(factory.kw["bind"]).start()   # the workers' (SQLite)
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
                if on_cancel is not None:
                    on_cancel()
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
    finally:
        checkpoints.stop()
    for p in procs:
        p.join()
    if lost:
        raise LostRun(lost)
    if failure:
        raise WorkerFailed(failure)
    return stop, stop_msg


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the parent dies, so a killed run leaves no orphan worker."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # pragma: no cover - other systems: the ppid check below
        pass


def worker_main(url: str, run_id: int, owner: str, inbox, conn, stop_flag,
                kind: str = "worker") -> None:
    """Entry point of a worker process (multiprocessing 'spawn'): own engine and sessions.

    ``inbox``: the parent's first and only message (``Spawned.send``), the batch size and
    the communities' allocations to bill with (None: computed here), sent once the run has
    begun; without it (the inbox closed) the worker exits.

    It reports through its own pipe ``conn`` and reads the lock-free shared byte
    ``stop_flag``: nothing it shares with the other workers holds a lock, so a worker killed
    at any instant cannot leave a lock taken that blocks the others (a shared Queue or Event
    can: their internal locks die with the process that held them). ``kind``: how it shows
    in the run's workers (``worker`` for ``run start --workers N``, ``join`` for ``--join``).
    """
    _die_with_parent()
    parent = os.getppid()
    from billdesk.errorlog import configure_child

    configure_child()

    def send(kind, value) -> None:
        try:
            conn.send((kind, value))
        except (BrokenPipeError, OSError):  # the parent is gone: stop at the next check
            pass

    try:
        batch_size, communities = inbox.recv()
    except (EOFError, OSError):        # the parent is gone, or the run did not begin
        os._exit(1)
    inbox.close()
    token = new_owner()
    engine = make_engine(url)
    defer_checkpoints(engine)          # the parent checkpoints (SQLite; runs/checkpoints.py)
    code = 0
    try:
        factory = session_factory(engine)
        cfg, inputs = make_config(factory, run_id, batch_size, communities)
        out = wk.work(factory, run_id, owner, token, cfg, inputs, report=send,
                      should_stop=lambda: bool(stop_flag.value) or os.getppid() != parent,
                      overlap=False, kind=kind)
        send("end", out)
    except LostRun as exc:
        send("lost", str(exc))
    except BaseException as exc:  # reported to the parent, which interrupts the run
        from billdesk.store.faults import redact, storage_error

        err = storage_error(exc) if isinstance(exc, Exception) else None
        if err is not None:
            log.warning("worker of run %s stopped: %s", run_id, err)
        else:
            log.exception("worker of run %s failed", run_id)
        first = (str(exc).strip().splitlines() or [""])[0]   # never the SQL and parameters
        send("error", str(err) if err else redact(f"{type(exc).__name__}: {first}"))
        code = 1
    finally:
        engine.dispose()
        conn.close()
    os._exit(code)
