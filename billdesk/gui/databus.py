"""One place that says "this data changed": the views subscribe, actions and feeds publish.

``DataBus.changed(topic, id)`` — topics: ``runs``, ``bills``, ``documents``, ``accounts``,
``tariffs``, ``communities``, ``settings``; ``id`` a run id where it applies, else 0.
A page subscribes with ``bus.subscribe(topics, callback)``: the callback runs once per burst
of changes (coalesced over ``DELAY_MS``), and only while the page is visible — a hidden
page is marked stale and refreshed when it is shown (``Stale`` helper).

Who publishes:
* the app's own actions (finalize, import, export, a cancelled bill, saved settings);
* ``ChangeFeed``: this database's changes made by anyone (another workstation, the CLI, a
  worker), noticed by polling a cheap signature (billdesk.store.changes) every few seconds.
  On PostgreSQL a LISTEN/NOTIFY listener can publish to the same bus instead (it calls
  ``bus.publish``; nothing else changes).

No Qt in the core: the feed's query runs as a job (``jobs.change_marks``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from billdesk.gui import workers

TOPICS = ("runs", "bills", "documents", "accounts", "tariffs", "communities", "settings")
DELAY_MS = 300


class DataBus(QObject):
    changed = Signal(str, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.published: list[tuple[str, int]] = []      # the last few (for the tests)

    def publish(self, topic: str, ident: int = 0) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}")
        self.published = (self.published + [(topic, ident)])[-50:]
        self.changed.emit(topic, int(ident))

    def subscribe(self, widget, topics, callback) -> "Stale":
        """``callback()`` after changes of ``topics``, when ``widget`` is visible (else when it
        is shown next)."""
        return Stale(self, widget, tuple(topics), callback)


class Stale(QObject):
    """Refresh ``widget`` once per burst of changes; later if it is hidden."""

    def __init__(self, bus: DataBus, widget, topics, callback):
        super().__init__(widget)
        self.widget, self.topics, self.callback = widget, topics, callback
        self.stale = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._fire)
        bus.changed.connect(self._changed)

    def _changed(self, topic: str, _ident: int) -> None:
        if topic in self.topics:
            self.stale = True
            self.timer.start()

    def _fire(self) -> None:
        if not self.stale:
            return
        if self.widget.isVisible():
            self.stale = False
            self.callback()

    def shown(self) -> None:
        """Call from the widget's showEvent: refresh if something changed meanwhile."""
        if self.stale:
            self.timer.start(0)


class ChangeFeed(QObject):
    """Polls the database's change marks and publishes the topics that moved."""

    def __init__(self, url: str, bus: DataBus, interval_ms: int = 4000, parent=None):
        super().__init__(parent)
        self.url, self.bus = url, bus
        self.marks: dict | None = None
        self.job = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        if self.job is not None:
            return
        from billdesk.gui import jobs

        since = None if self.marks is None else self.marks.get("audit")
        self.job = workers.submit(jobs.change_marks, self.url, since, owner=self,
                                  name="changes", on_success=self._marks,
                                  on_finished=self._done)

    def _done(self) -> None:
        self.job = None

    def _marks(self, marks: dict) -> None:
        old, self.marks = self.marks, marks
        if old is None:
            return
        moved = set(marks.get("audit_topics", ()))
        moved.update(t for t in TOPICS if old.get(t) != marks.get(t))
        for topic in TOPICS:
            if topic in moved:
                self.bus.publish(topic)
