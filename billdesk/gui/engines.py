"""One SQLAlchemy engine per database URL for the whole app (engines are thread-safe; every
job opens its own Session from ``factory_for(url)``). No Qt here."""

from __future__ import annotations

import threading

from billdesk.store import db as dbmod

_engines: dict[str, object] = {}
_lock = threading.Lock()


def engine_for(url: str):
    with _lock:
        e = _engines.get(url)
        if e is None:
            e = _engines[url] = dbmod.make_engine(url)
        return e


def factory_for(url: str):
    return dbmod.session_factory(engine_for(url))


def dispose_all() -> None:
    """Close every connection of this process — and of the reader processes, if any run."""
    import sys

    with _lock:
        for e in _engines.values():
            e.dispose()
        _engines.clear()
    reader = sys.modules.get("billdesk.gui.reader")
    if reader is not None:               # (in a reader itself: none idle, nothing to do)
        reader.dispose_all()
