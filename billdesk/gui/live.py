"""Live changes from other workstations and workers: PostgreSQL notifications as a Qt signal.

The listener thread (billdesk.store.notify) holds its own connection; it puts each
notification into a mailbox and wakes the GUI thread with a signal without arguments (as
billdesk.gui.workers does: nothing but a wake-up crosses threads through Qt), where it is
re-emitted as ``run_changed(run id, status)``. ``reconnected`` means notifications may have been missed (re-read all).
On SQLite ``active`` is False and the pages keep polling as before.
"""

from __future__ import annotations

import collections
import threading

from PySide6.QtCore import QObject, Qt, QTimer, Signal

LIVE_MIN_INTERVAL_MS = 750   # at most this often a page re-reads on notifications


class LiveRuns(QObject):
    run_changed = Signal(int, str)       # run id, status (emitted on the GUI thread)
    reconnected = Signal()
    _wake = Signal()                     # listener thread -> GUI thread, no arguments

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        from billdesk.store import notify

        self._mail: collections.deque = collections.deque()
        self._lock = threading.Lock()
        self._woken = False
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.listener = None
        try:
            self.listener = notify.listen(url, self._event, wait=0)
        except Exception:  # noqa: BLE001 - a URL that cannot be parsed: no live updates
            self.listener = None

    @property
    def active(self) -> bool:
        """Notifications arrive (PostgreSQL, connected): the pages may poll rarely."""
        return self.listener is not None and self.listener.connected.is_set()

    def _event(self, ev) -> None:       # on the listener thread
        with self._lock:
            self._mail.append((ev.run, ev.status or ""))
            if self._woken:
                return
            self._woken = True
        self._wake.emit()

    def _drain(self) -> None:           # on the GUI thread
        with self._lock:
            events, self._woken = list(self._mail), False
            self._mail.clear()
        for run, status in events:
            if run is None:
                self.reconnected.emit()
            else:
                self.run_changed.emit(int(run), status)

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None


class Throttle(QObject):
    """Calls ``fn`` for notifications at most once per ``ms``: a running run notifies on
    every batch commit of every worker (many a second with several workers), and each
    re-read of a page costs the database server counts over the run's attempts. The first
    notification after a quiet spell is handled at once, the ones right after it by one
    call when the interval is over, so no change is left unread (the last one included)."""

    def __init__(self, fn, ms: int = LIVE_MIN_INTERVAL_MS, parent=None):
        super().__init__(parent)
        import time

        self._clock = time.monotonic
        self.fn, self.ms = fn, ms
        self._last = -1e9
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def __call__(self) -> None:
        if self._timer.isActive():
            return                      # a call is already due: it reads this change too
        wait = self._last + self.ms / 1000 - self._clock()
        if wait <= 0:
            self._fire()
        else:
            self._timer.start(int(wait * 1000) + 1)

    def _fire(self) -> None:
        self._last = self._clock()
        self.fn()
