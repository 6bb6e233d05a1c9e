"""Background work on QThreadPool: a job is ``fn(progress, cancelled) -> result``.

The job runs on a pool thread and must open its own Session (never pass ORM objects); its
result and progress come back to the GUI thread through queued signals.
"""

from __future__ import annotations

import logging
import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from billdesk.domain.errors import InputError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    started = Signal()
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, expected (a user-fixable error) or a bug
    finished = Signal()


class Worker(QRunnable):
    def __init__(self, fn, *args, **kwargs):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(True)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        self.signals.progressed.emit(int(done), int(total), str(message))

    def run(self) -> None:  # on a pool thread
        self.signals.started.emit()
        try:
            result = self.fn(*self.args, progress=self._progress, cancelled=self.cancelled,
                             **self.kwargs)
        except InputError as exc:
            self.signals.failed.emit(str(exc), True)
        except Exception as exc:  # a bug: log the traceback, show it once
            log.error("background job failed\n%s", traceback.format_exc())
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}", False)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker
