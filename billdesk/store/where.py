"""What a database is, for messages and settings: its file (SQLite), whether it was opened
read-only, how to name it without a password, and how long a writer waits for another
process's write lock. Plain functions of an engine or URL (billdesk.store.db makes the
engines; billdesk.store.faults names the database in its messages)."""

from __future__ import annotations

import os

from sqlalchemy.engine import Engine, make_url


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another process's write lock (BILLDESK_BUSY_TIMEOUT,
    default 30)."""
    text = os.environ.get("BILLDESK_BUSY_TIMEOUT", "")
    try:
        value = float(text) if text.strip() else 30.0
    except ValueError:
        value = 30.0
    return max(0.0, min(value, 3600.0)) if value == value else 30.0


def sqlite_path(engine_or_url) -> str | None:
    """The file of a SQLite engine or URL (also when opened read-only as a URI)."""
    url = getattr(engine_or_url, "url", engine_or_url)
    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    db = url.database
    if db.startswith("file:"):
        from urllib.parse import unquote

        db = unquote(db[5:].split("?", 1)[0])
    return db


def is_readonly(engine: Engine) -> bool:
    """A SQLite engine opened read-only (the file or its folder is not writable, or it is an
    audit package)."""
    if getattr(engine, "billdesk_writable", True) is False:
        return True
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


def describe(engine: Engine) -> str:
    """What to show in a status bar: the file, or the server and database (no password)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite {sqlite_path(url)}" + (" (read-only)" if is_readonly(engine) else "")
    if url.query.get("service") and not url.host:      # a libpq service file entry
        return f"PostgreSQL service {url.query['service']}"
    return f"PostgreSQL {url.username or ''}@{url.host or 'local'}:{url.port or 5432}/{url.database}"
