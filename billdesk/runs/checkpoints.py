"""SQLite's WAL checkpoints during a run with worker processes, off the workers' path.

By default the connection whose commit takes the write-ahead log past 1,000 pages (~4 MB;
a batch of 2,000 bills writes about that much) copies the log into the database file and
syncs it, inside that commit: a worker then waits for the disk (tens to hundreds of ms)
before it bills its next batch, and the other worker waits behind it for the write lock.
The workers' connections do not checkpoint (``defer_checkpoints``); the supervising process,
which only waits meanwhile, checkpoints on a thread of its own (``Checkpointer``: PASSIVE,
so it never blocks a writer or a reader). Durability is unchanged: a commit is in the log
either way; only who copies it into the file, and when, differs. The first commit after the
run (finishing it, in the supervising process, whose connections checkpoint as usual) or
the last connection to close copies whatever is left.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

INTERVAL = 0.25     # seconds between the supervisor's checkpoints


def _sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def defer_checkpoints(engine: Engine) -> None:
    """``engine``'s SQLite connections (made from now on) leave checkpoints to another
    process (``PRAGMA wal_autocheckpoint=0``). Nothing on PostgreSQL."""
    if not _sqlite(engine):
        return

    @event.listens_for(engine, "connect")
    def _no_autocheckpoint(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")


class Checkpointer:
    """A daemon thread checkpointing ``engine``'s SQLite file every ``interval`` seconds
    (PASSIVE) on a connection of its own, while worker processes write; nothing on
    PostgreSQL. A failed checkpoint is only logged: the log is then copied later."""

    def __init__(self, engine: Engine, interval: float = INTERVAL):
        self.engine, self.interval = engine, interval
        self._stop = threading.Event()
        self._thread = None

    def start(self) -> "Checkpointer":
        if _sqlite(self.engine) and not self.engine.url.query.get("mode") == "ro":
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name="billdesk-checkpoints")
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)

    def __enter__(self) -> "Checkpointer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            raw = self.engine.raw_connection()
        except Exception:  # noqa: BLE001 - the workers' commits are what matters
            log.debug("no connection for checkpoints", exc_info=True)
            return
        try:
            conn = raw.driver_connection    # autocommit (isolation_level None): no BEGIN
            while not self._stop.wait(self.interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except Exception:  # noqa: BLE001 - busy or I/O: the next one tries again
                    log.debug("checkpoint failed", exc_info=True)
        finally:
            raw.close()
