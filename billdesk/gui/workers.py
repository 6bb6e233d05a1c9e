"""Background work on QThreadPool: a job is ``fn(progress, cancelled) -> result``.

The job runs on a pool thread and must open its own Session (never pass ORM objects); its
result and progress come back to the GUI thread through queued signals. Every started worker
is tracked until it finishes, so closing the window can cancel them all and wait for none
but the ones it cancelled.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from billdesk.domain.errors import InputError

log = logging.getLogger(__name__)

_active: set["Worker"] = set()
_active_lock = threading.Lock()


class WorkerSignals(QObject):
    started = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, expected (a user-fixable error) or a bug
    finished = Signal()
    released = Signal(object)  # the worker, last: the GUI thread lets go of it


class Worker(QRunnable):
    """Runs ``fn(*args, progress=, cancelled=, **kwargs)``; progress is throttled to 20/s."""

    def __init__(self, fn, *args, **kwargs):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        self.error: BaseException | None = None
        self._last_progress = 0.0
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress < 0.05 and done < total:
            return
        self._last_progress = now
        self.signals.progressed.emit(int(done), int(total), str(message))

    def run(self) -> None:  # on a pool thread
        self.signals.started.emit()
        try:
            result = self.fn(*self.args, progress=self._progress, cancelled=self.cancelled,
                             **self.kwargs)
        except InputError as exc:
            self.error = exc
            self.signals.failed.emit(str(exc), True)
        except Exception as exc:
            from billdesk.store.access import permission_error
            from billdesk.store.faults import redact, storage_error

            self.error = exc
            refused = permission_error(exc)      # the database refused the role: expected
            err = refused or storage_error(exc)
            if err is not None:   # refused, database busy, read-only, full, damaged, server gone
                self.signals.failed.emit(str(err), True)
            else:                 # a bug: log the traceback, show it once
                log.error("background job failed\n%s", redact(traceback.format_exc()))
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                self.signals.failed.emit(redact(f"{type(exc).__name__}: {first}"), False)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()
            self.done.set()
            # the Python object (and its signals QObject) must outlive the queued signals;
            # it is released on the GUI thread after they were delivered
            self.signals.released.emit(self)


class _Tracker(QObject):
    def release(self, worker) -> None:
        with _active_lock:
            _active.discard(worker)


_tracker: _Tracker | None = None


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    global _tracker
    if _tracker is None:
        _tracker = _Tracker()
    worker.signals.released.connect(_tracker.release)
    with _active_lock:
        _active.add(worker)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


def submit(fn, *args, on_success=None, on_failure=None, on_progress=None, on_finished=None,
           **kwargs) -> Worker:
    """Start ``fn`` on the pool with callbacks (run on the GUI thread via queued signals)."""
    w = Worker(fn, *args, **kwargs)
    if on_success:
        w.signals.succeeded.connect(on_success)
    if on_failure:
        w.signals.failed.connect(on_failure)
    if on_progress:
        w.signals.progressed.connect(on_progress)
    if on_finished:
        w.signals.finished.connect(on_finished)
    return start(w)


def active() -> list[Worker]:
    """Workers started and not yet released (may include finished ones not yet released)."""
    with _active_lock:
        return [w for w in _active if not w.done.is_set()]


def cancel_all() -> None:
    for w in active():
        w.cancel()


def wait_all(timeout_ms: int = 30000) -> bool:
    """Wait for every tracked worker (used at shutdown and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
