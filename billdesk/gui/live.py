"""Live changes from other workstations and workers: PostgreSQL notifications as a Qt signal.

The listener thread (billdesk.store.notify) holds its own connection; each notification is
re-emitted as ``run_changed(run id, status)`` — a signal emitted from that thread is queued
to the GUI thread. ``reconnected`` means notifications may have been missed (re-read all).
On SQLite ``active`` is False and the pages keep polling as before.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class LiveRuns(QObject):
    run_changed = Signal(int, str)       # run id, status
    reconnected = Signal()

    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        from billdesk.store import notify

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
        if ev.run is None:
            self.reconnected.emit()
        else:
            self.run_changed.emit(ev.run, ev.status or "")

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
