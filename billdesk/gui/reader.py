"""The app's large reads in long-lived reader child processes (no Qt here).

Reading 100,000 accounts or a run's 100,000 attempts and building their column table
(folded search text, sort ranks) is seconds of Python work; on a thread of the app it holds
the interpreter lock in slices that, added to the GUI thread's own work, stalled the window
130–500 ms (issue 14). Here a job's worker thread hands the read to a reader process — a
spawned child that stays up for the session, with its own engines (one per URL, as the app)
— waits for the answer with the lock released, and rebuilds the result a piece at a time
(``billdesk.gui.shipping``), so the app's own share of a large read is a few milliseconds of
copying in sub-millisecond pieces.

``call("billdesk.gui.jobs:read_accounts", url)`` runs that function in a reader as
``fn(url, ..., progress=, cancelled=)`` and returns what it returns. Up to ``MAX_READERS``
readers run at once (two large reads in parallel; a third waits for one to be free). The
functions must be plain reads returning plain values (the job rules: no ORM objects).

Failure handling: an error in the read comes back as the same kind of error a job on a
thread raises — ``InputError`` for a refused, busy, damaged or unreachable database (the
store's classification, done in the child) and ``ReaderError`` (a RuntimeError, with the
child's traceback) for a bug. A reader that dies (killed, out of memory) makes the call
raise ``ReaderError`` naming its exit code; the next call starts a new reader. Cancelling a
call (its job cancelled or abandoned) kills that reader — reads change nothing — and the
next call starts another.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import threading

from billdesk.domain.errors import InputError

log = logging.getLogger(__name__)

MAX_READERS = 2
# small reads (``call(..., small=True)``: the runs list, the status bar's counts, a page of
# Bills, the change feed — a few milliseconds each) never wait for a large one: they take any
# idle reader, or start one more (at most MAX_SMALL busy with small reads) — on a thread of
# the app their Python held the lock 25-45 ms each while the window opened (issue 14)
MAX_SMALL = 1
# the modules of the reads (by name: they call us)
PRELOAD = ("billdesk.gui.jobs", "billdesk.gui.community_jobs", "billdesk.gui.send_jobs",
           "billdesk.gui.tables", "billdesk.store.listings", "billdesk.runs",
           "billdesk.store.changes")


class ReaderError(RuntimeError):
    """The reader process failed: a bug in the read, or the process died."""


# --------------------------------------------------------------------------- the child
def _resolve(path: str):
    module, _, name = path.partition(":")
    if not module.startswith(("billdesk.", "tests.")) or not name:   # tests: their helpers
        raise ValueError(f"not a billdesk read: {path!r}")
    return getattr(importlib.import_module(module), name)


def _child_main(conn) -> None:
    """The reader's loop: one call at a time until the app closes its end of the pipe."""
    import signal
    import traceback

    from billdesk.gui import engines, shipping
    from billdesk.gui.child_process import progress_sender

    signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl+C is the app's to handle
    for module in PRELOAD:            # now: the first read does not wait for them
        importlib.import_module(module)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        try:
            if msg[0] == "dispose":
                engines.dispose_all()
                conn.send(("disposed",))
                continue
            _op, path, args, kwargs = msg
            try:
                result = _resolve(path)(*args, progress=progress_sender(conn),
                                        cancelled=lambda: False,
                                        **kwargs)
            except InputError as exc:
                conn.send(("error", True, str(exc), ""))
                continue
            except Exception as exc:  # noqa: BLE001 - classified as a job on a thread is
                from billdesk.store.access import permission_error
                from billdesk.store.faults import redact, storage_error

                err = permission_error(exc) or storage_error(exc)
                if err is not None:
                    conn.send(("error", True, str(err), ""))
                else:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    conn.send(("error", False, redact(f"{type(exc).__name__}: {first}"),
                               redact(traceback.format_exc())))
                continue
            shipping.send_value(conn, result)
        except (BrokenPipeError, EOFError, OSError):
            break
    try:
        engines.dispose_all()
    except Exception:  # noqa: BLE001 - the process ends anyway
        pass


# --------------------------------------------------------------------------- the app's side
class _Reader:
    def __init__(self):
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_child_main, args=(child,), daemon=True,
                                name="billdesk-reader")
        self.proc.start()
        child.close()

    def alive(self) -> bool:
        return self.proc.is_alive()

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        finally:
            self.conn.close()

    def close(self, timeout: float = 5.0) -> None:
        """Close the pipe: the reader ends its loop and exits."""
        self.conn.close()
        self.proc.join(timeout)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)


_cond = threading.Condition()
_idle: list[_Reader] = []
_busy: set[_Reader] = set()
_small: set[_Reader] = set()          # the busy ones doing a small read
_starting = [0, 0]                    # readers being started for large, small reads
_closed = False


def _acquire(small: bool = False) -> _Reader:
    with _cond:
        while True:
            while _idle:
                r = _idle.pop()
                if r.alive():
                    _busy.add(r)
                    if small:
                        _small.add(r)
                    return r
                r.kill()                      # died while idle: a new one is started
            if small:
                room = len(_small) + _starting[1] < MAX_SMALL
            else:
                room = len(_busy) - len(_small) + _starting[0] < MAX_READERS
            if room:
                _starting[small] += 1
                break
            _cond.wait(0.5)
    try:
        r = _Reader()
    finally:
        with _cond:
            _starting[small] -= 1
    with _cond:
        _busy.add(r)
        if small:
            _small.add(r)
    return r


def _release(r: _Reader, reusable: bool) -> None:
    with _cond:
        _busy.discard(r)
        _small.discard(r)
        if reusable and not _closed and r.alive():
            _idle.append(r)
        else:
            r.kill()
        _cond.notify_all()


def warm() -> None:
    """Start one reader now (on a worker, before the first large read needs it)."""
    with _cond:
        if _idle or _busy or any(_starting) or _closed:
            return
    r = _acquire()
    _release(r, True)


def wait_for_start(timeout: float = 30.0) -> None:
    """Until no reader is being started (``warm``'s): a small read made now takes it instead
    of starting another process."""
    import time

    end = time.monotonic() + timeout
    with _cond:
        while any(_starting) and not _idle and time.monotonic() < end:
            _cond.wait(0.1)


def call(path: str, *args, progress=None, cancelled=None, small: bool = False, **kwargs):
    """``path`` (``"module:function"``) run in a reader as ``fn(*args, progress=,
    cancelled=, **kwargs)``; its result, or its error raised here (see the module text).
    ``small``: a read of milliseconds (see MAX_SMALL); cancelling it waits for its answer
    (which the job drops) instead of ending the reader."""
    from billdesk.gui import shipping

    if small:
        cancelled = None
    r = _acquire(small)
    reusable = False
    try:
        try:
            r.conn.send(("call", path, args, kwargs))
            while True:
                if cancelled is not None and cancelled():
                    raise InputError("cancelled")
                if not r.conn.poll(0.1):
                    if not r.alive():
                        raise EOFError
                    continue
                msg = r.conn.recv()
                if msg[0] == "progress":
                    if progress is not None:
                        progress(*msg[1:])
                elif msg[0] == "shipped":
                    result = shipping.receive(r.conn, msg[1])
                    reusable = True
                    return result
                elif msg[0] == "error":
                    reusable = True
                    _tag, expected, text, trace = msg
                    if expected:
                        raise InputError(text)
                    raise ReaderError(f"{text} (in the reader process)\n{trace}")
        except (EOFError, OSError) as exc:
            r.proc.join(1)
            code = r.proc.exitcode
            raise ReaderError(
                "the reader process ended unexpectedly"
                + (f" (exit code {code})" if code is not None else "")
                + " — try again: a new one is started") from exc
    finally:
        _release(r, reusable)


def pids() -> list[int]:
    """The process ids of the readers running (tests, diagnostics)."""
    with _cond:
        return [r.pid for r in [*_idle, *_busy] if r.pid is not None and r.alive()]


def dispose_all(timeout: float = 10.0) -> None:
    """Every idle reader closes its database connections (as ``engines.dispose_all`` does in
    the app: tests drop their databases after it)."""
    with _cond:
        idle = list(_idle)
        _idle.clear()
    for r in idle:
        ok = False
        try:
            r.conn.send(("dispose",))
            if r.conn.poll(timeout):
                ok = r.conn.recv() == ("disposed",)
        except (EOFError, OSError):
            ok = False
        _release(r, ok)


def shutdown(timeout: float = 5.0) -> None:
    """End every reader (the app's end). Busy ones are killed."""
    global _closed
    with _cond:
        _closed = True
        idle, busy = list(_idle), list(_busy)
        _idle.clear()
    for r in idle:
        r.close(timeout)
    for r in busy:
        r.kill()


def reopen() -> None:
    """Allow readers again after ``shutdown`` (tests)."""
    global _closed
    with _cond:
        _closed = False


__all__ = ["MAX_READERS", "ReaderError", "call", "dispose_all", "pids", "reopen", "shutdown",
           "wait_for_start", "warm"]
