"""Background work of the app: a job is ``fn(*args, progress=, cancelled=, **kwargs) -> value``.

How a job's outcome reaches the GUI thread, and why it is done this way (issue 14, the
``Fatal Python error: none_dealloc`` crashes):

* Jobs run on plain Python threads — short reads on one small pool shared by the app
  (``ThreadPoolExecutor``), long jobs (a run's supervisor, a PDF export, a send) each on a
  thread of its own, so a long job never holds a thread that short reads wait for. No Qt
  object is created, owned or destroyed off the GUI thread: there is no ``QRunnable`` whose
  C++ side a pool thread deletes, and no ``QObject`` of signals that outlives (or dies
  before) the runnable that emits it.
* Nothing but the wake-up crosses threads through Qt: a job appends ``(job, event)`` to a
  thread-safe mailbox and emits ``_Bridge.ready`` — a signal **without arguments** of one
  QObject that lives on the GUI thread for the whole session. No Python object (and no
  ``None``) ever travels through a queued connection; the result stays referenced by the
  job (a plain Python object held in the registry) until the GUI thread has handed it to
  the callbacks. Wake-ups are coalesced (one pending ``ready`` at a time) and progress is
  coalesced per job (the latest value wins), so a chatty job cannot flood the event queue.
* Callbacks bound to a widget (``owner``) are dropped once that widget's C++ side is gone
  (a closed dialog or page), instead of calling into a deleted object.
* Shutdown: ``cancel_all()`` asks every job to stop, ``wait_all()`` waits (tests, the end of
  ``run_app``), ``abandon_all()`` drops the callbacks of jobs still running so nothing runs
  into a closed window.

The root cause of the crashes themselves was the binding: PySide6 6.12.0's abi3 wheels drop a
reference to ``None``/``True``/``False`` on every void call, every ``emit()`` and every
``None`` returned through a virtual on Python < 3.12 (where those objects are not immortal);
after enough calls CPython frees ``None``. The app now pins 6.11.3 and
``billdesk.gui.qtcheck`` refuses a binding that has this defect (see docs/gui.md).
"""

from __future__ import annotations

import collections
import itertools
import logging
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal

from billdesk.domain.errors import InputError

log = logging.getLogger(__name__)

SHORT_THREADS = 4            # reads: mostly waiting for the database (the GIL is released)
PROGRESS_INTERVAL = 0.05     # s: at most 20 progress updates per second per job


class Job:
    """A background job and its callbacks; a plain Python object (no Qt)."""

    def __init__(self, fn, args, kwargs, *, long: bool = False, name: str | None = None,
                 owner=None, on_success=None, on_failure=None, on_progress=None,
                 on_finished=None):
        self.id = next(_ids)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.long = long
        self.name = name or getattr(fn, "__name__", "job")
        self.owner = owner
        self.on_success, self.on_failure = on_success, on_failure
        self.on_progress, self.on_finished = on_progress, on_finished
        self.result = None
        self.error: BaseException | None = None
        self.message = ""
        self.expected = False
        self.done = threading.Event()          # set on the job's thread when fn returned
        self.delivered = False                 # set on the GUI thread after the callbacks
        self.abandoned = False
        self.started_at: float | None = None
        self._cancel = threading.Event()
        self._progress: tuple[int, int, str] | None = None
        self._progress_queued = False
        self._last_progress = 0.0
        self._lock = threading.Lock()

    # --- any thread
    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return not self.done.is_set()

    # --- the job's thread
    def _report(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_INTERVAL and done < total:
            return
        self._last_progress = now
        with self._lock:
            self._progress = (int(done), int(total), str(message))
            if self._progress_queued:
                return
            self._progress_queued = True
        _post(self, "progress")

    def _run(self) -> None:
        self.started_at = time.monotonic()
        try:
            if self.cancelled() and self.abandoned:
                raise InputError("cancelled before it started")
            self.result = self.fn(*self.args, progress=self._report,
                                  cancelled=self.cancelled, **self.kwargs)
        except InputError as exc:
            self.error, self.message, self.expected = exc, str(exc), True
        except BaseException as exc:  # noqa: BLE001 - classified below
            from billdesk.store.access import permission_error
            from billdesk.store.faults import redact, storage_error

            self.error = exc
            refused = permission_error(exc) if isinstance(exc, Exception) else None
            err = refused or (storage_error(exc) if isinstance(exc, Exception) else None)
            if err is not None:   # refused, database busy, read-only, full, damaged, server gone
                self.message, self.expected = str(err), True
            else:                 # a bug: logged, shown once
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                self.message = redact(f"{type(exc).__name__}: {first}")
                if not self.abandoned:
                    log.error("background job %s failed\n%s", self.name,
                              redact(traceback.format_exc()))
        finally:
            self.done.set()
            _post(self, "finished")

    # --- the GUI thread
    def abandon(self) -> None:
        """Cancel and never call back (its window is gone)."""
        self.abandoned = True
        self.cancel()

    def _owner_gone(self) -> bool:
        if self.owner is None:
            return False
        try:
            import shiboken6

            return not shiboken6.isValid(self.owner)
        except (ImportError, TypeError):
            return False

    def _deliver(self, event: str) -> None:
        if event == "progress":
            with self._lock:
                p, self._progress_queued = self._progress, False
            if p is not None and self.on_progress and not self._skip():
                _call(self.on_progress, *p)
            return
        # finished: the outcome, then on_finished; then the job lets go of everything
        try:
            if not self._skip():
                if self.error is None:
                    if self.on_success:
                        _call(self.on_success, self.result)
                elif self.on_failure:
                    _call(self.on_failure, self.message, self.expected)
                if self.on_finished and not self._skip():
                    _call(self.on_finished)
        finally:
            self.delivered = True
            _registry.pop(self.id, None)
            self.fn = self.args = self.kwargs = self.owner = None
            self.on_success = self.on_failure = self.on_progress = self.on_finished = None

    def _skip(self) -> bool:
        return self.abandoned or self._owner_gone()

    def __repr__(self) -> str:
        state = "running" if self.running else ("failed" if self.error else "done")
        return f"<Job {self.id} {self.name} {state}>"


def _call(fn, *args) -> None:
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 - a bug in a callback: report it, go on delivering
        sys.excepthook(*sys.exc_info())


class _Bridge(QObject):
    """Lives on the GUI thread; ``ready`` (no arguments) tells it to read the mailbox."""

    ready = Signal()

    def __init__(self):
        super().__init__()
        self.ready.connect(self.drain, Qt.ConnectionType.QueuedConnection)

    def drain(self) -> None:
        global _wake_pending
        with _mail_lock:
            _wake_pending = False
            events = list(_mailbox)
            _mailbox.clear()
        for job, event in events:
            job._deliver(event)


_ids = itertools.count(1)
_registry: dict[int, Job] = {}         # GUI thread: every job not yet delivered
_mailbox: collections.deque = collections.deque()
_mail_lock = threading.Lock()
_wake_pending = False
_bridge: _Bridge | None = None
_short: ThreadPoolExecutor | None = None
_long_threads: set[threading.Thread] = set()
_long_lock = threading.Lock()


def _post(job: Job, event: str) -> None:
    global _wake_pending
    with _mail_lock:
        _mailbox.append((job, event))
        if _wake_pending:
            return
        _wake_pending = True
        bridge = _bridge
    if bridge is not None:
        bridge.ready.emit()


def _ensure_bridge() -> None:
    global _bridge, _short
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("billdesk.gui.workers needs a Q(Core)Application")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("jobs are submitted from the GUI thread")
    if _bridge is None:
        _bridge = _Bridge()
    if _short is None:
        _short = ThreadPoolExecutor(max_workers=SHORT_THREADS, thread_name_prefix="billdesk-read")


def _long_main(job: Job) -> None:
    try:
        job._run()
    finally:
        with _long_lock:
            _long_threads.discard(threading.current_thread())


def submit(fn, *args, on_success=None, on_failure=None, on_progress=None, on_finished=None,
           owner=None, long: bool = False, name: str | None = None, **kwargs) -> Job:
    """Run ``fn`` off the GUI thread; the callbacks run on the GUI thread.

    ``long=True``: a thread of its own (runs, exports, sends), never the short pool.
    ``owner``: a QObject; once its C++ side is deleted the callbacks are dropped. By
    default the object of a bound-method ``on_success`` (or ``on_failure``).
    """
    _ensure_bridge()
    if owner is None:
        for cb in (on_success, on_failure, on_finished):
            holder = getattr(cb, "__self__", None)
            if isinstance(holder, QObject):
                owner = holder
                break
    job = Job(fn, args, kwargs, long=long, name=name, owner=owner, on_success=on_success,
              on_failure=on_failure, on_progress=on_progress, on_finished=on_finished)
    _registry[job.id] = job
    if long:
        t = threading.Thread(target=_long_main, args=(job,), name=f"billdesk-{job.name}",
                             daemon=False)
        with _long_lock:
            _long_threads.add(t)
        t.start()
    else:
        _short.submit(job._run)
    return job


def active(long: bool | None = None) -> list[Job]:
    """Jobs whose function has not returned yet (``long``: only long / only short ones)."""
    return [j for j in list(_registry.values())
            if j.running and (long is None or j.long == long)]


def pending() -> list[Job]:
    """Jobs not yet delivered to their callbacks (running, or finished and in the mailbox)."""
    return list(_registry.values())


def cancel_all(long: bool | None = None) -> None:
    for j in active(long):
        j.cancel()


def abandon_all() -> None:
    """Cancel every job and drop its callbacks (the window closes)."""
    for j in list(_registry.values()):
        j.abandon()


def wait_all(timeout: float = 30.0, deliver: bool = True) -> bool:
    """Wait until every job's function returned (and, with ``deliver``, its callbacks ran).

    For tests and the end of ``run_app``; processes the GUI thread's events while waiting.
    """
    end = time.monotonic() + timeout
    app = QCoreApplication.instance()
    while time.monotonic() < end:
        left = [j for j in list(_registry.values()) if j.running or (deliver and not
                                                                     j.delivered)]
        if not left:
            return True
        if app is not None and QThread.currentThread() is app.thread():
            app.processEvents()
        for j in left[:1]:
            j.done.wait(0.02)
    return not [j for j in list(_registry.values()) if j.running]


def shutdown(timeout: float = 30.0) -> bool:
    """At the end of the app: cancel, wait for the threads (bounded), stop the pool."""
    global _short
    cancel_all()
    ok = wait_all(timeout, deliver=False)
    with _long_lock:
        threads = list(_long_threads)
    end = time.monotonic() + timeout
    for t in threads:
        t.join(max(0.0, end - time.monotonic()))
    if _short is not None:
        _short.shutdown(wait=ok, cancel_futures=True)
        _short = None
    return ok and not any(t.is_alive() for t in threads)


__all__ = ["Job", "active", "abandon_all", "cancel_all", "pending", "shutdown", "submit",
           "wait_all"]
