"""Live changes between clients on PostgreSQL: ``LISTEN billdesk_runs`` on a thread.

The notifications are sent by the database itself: a trigger on ``bill_runs`` (migration
0007) issues ``pg_notify('billdesk_runs', '{"run": id, "status": …, "op": …}')`` for every
inserted or changed run row, whichever client or worker wrote it. PostgreSQL delivers them
at commit, so a listener that reads on being notified sees the change. A run's row changes
with every batch commit (heartbeat, total), so a running run notifies once per batch.

``Listener`` holds its own connection (autocommit, never shared with a Session) and calls
``callback(RunEvent)`` on its thread; after a lost connection it reconnects with back-off
and reports ``RunEvent(None, None, "reconnected")`` — events may have been missed, re-read
everything. SQLite has no notifications: ``listen`` returns None and callers poll.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger(__name__)

CHANNEL = "billdesk_runs"


@dataclass(frozen=True)
class RunEvent:
    run: int | None          # None: (re)connected, anything may have changed
    status: str | None
    op: str | None           # insert | update | reconnected | connected


def parse(payload: str) -> RunEvent:
    try:
        d = json.loads(payload)
        return RunEvent(int(d["run"]), d.get("status"), d.get("op"))
    except (ValueError, KeyError, TypeError):
        return RunEvent(None, None, "unknown")


def conninfo(url) -> str:
    """A libpq URI from an SQLAlchemy URL (password kept: it is the caller's own)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Listener:
    """A daemon thread listening on ``channel``; ``stop()`` ends it within ``timeout``."""

    def __init__(self, url, callback: Callable[[RunEvent], None], channel: str = CHANNEL,
                 timeout: float = 0.5):
        self.dsn = conninfo(url)
        self.callback = callback
        self.channel = channel
        self.timeout = timeout
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name="billdesk-listener")

    def start(self) -> "Listener":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(self.timeout * 4 + 5)

    def _emit(self, event: RunEvent) -> None:
        try:
            self.callback(event)
        except Exception:  # noqa: BLE001 - a consumer's bug must not end the listener
            log.exception("run event callback failed")

    def _run(self) -> None:
        import psycopg

        delay, first = 0.5, True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.dsn, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f'LISTEN "{self.channel}"')
                    self.connected.set()
                    self._emit(RunEvent(None, None, "connected" if first else "reconnected"))
                    first, delay = False, 0.5
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=self.timeout):
                            self._emit(parse(n.payload))
                            if self._stop.is_set():
                                break
            except psycopg.Error as exc:
                self.connected.clear()
                log.info("run notifications: %s; reconnecting in %.1f s",
                         str(exc).strip().splitlines()[0] if str(exc).strip() else exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)
        self.connected.clear()


def listen(source, callback: Callable[[RunEvent], None], wait: float = 5.0) -> Listener | None:
    """A started Listener for a URL, engine or session factory on PostgreSQL (connected, or
    given ``wait`` seconds to connect); None on SQLite."""
    from sqlalchemy.engine import Engine

    bind = source
    if hasattr(source, "kw"):                # a sessionmaker
        bind = source.kw["bind"]
    if isinstance(bind, Engine):
        if bind.dialect.name != "postgresql":
            return None
        url = bind.url
    else:
        from billdesk.store.db import to_url
        from sqlalchemy.engine import make_url

        url = make_url(to_url(bind))
        if url.get_backend_name() != "postgresql":
            return None
    listener = Listener(url, callback).start()
    listener.connected.wait(wait)
    return listener
