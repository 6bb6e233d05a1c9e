"""Connecting: engines for SQLite (WAL, foreign keys) and PostgreSQL, sessions, migrations."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from billdesk import paths

log = logging.getLogger(__name__)


def default_db_path() -> Path:
    """The embedded database in the user data folder (BILLDESK_HOME overrides the folder)."""
    home = os.environ.get("BILLDESK_HOME")
    if home:
        folder = Path(home)
    else:
        from platformdirs import user_data_path

        folder = user_data_path("billdesk", appauthor=False)
    return folder / "billdesk.sqlite"


def to_url(db: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL from a ``--db`` value: a URL, a SQLite file path, or None."""
    if db is None:
        db = default_db_path()
    text = str(db)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-200000")  # 200 MB page cache
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(db: str | os.PathLike | None = None, **kwargs) -> Engine:
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)

        # Let SQLAlchemy issue BEGIN itself so that transactions really start where it
        # thinks they do (pysqlite's own transaction handling defers BEGIN).
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _rec):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # a write transaction takes the write lock at once (BEGIN IMMEDIATE, waiting up to
            # busy_timeout): a deferred one that reads first fails *without waiting* with
            # "database is locked" when another connection committed meanwhile (it cannot
            # upgrade its stale snapshot) — seen when the app creates a run while another
            # run writes its batches
            write = conn.get_execution_options().get("billdesk_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]):
    """A session whose work is committed on success and rolled back on any error (on SQLite
    a write transaction: it holds the write lock from its first statement)."""
    with factory() as session:
        with session.begin():
            session.connection(execution_options={"billdesk_write": True})
            yield session


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def prepare(engine: Engine, timezone: str | None = None) -> str:
    """Migrate to head and set the database-wide defaults once; returns the time zone."""
    from billdesk.domain.period import zone
    from billdesk.store import settings

    upgrade(engine)
    with transaction(session_factory(engine)) as s:
        tz = settings.get(s, "timezone")
        if tz is None:
            tz = timezone or settings.DEFAULT_TIMEZONE
            zone(tz)  # ValueError for an unknown zone
            settings.put(s, "timezone", tz)
        elif timezone and timezone != tz:
            raise ValueError(f"the database's time zone is {tz}; it cannot be changed")
    return tz


def head_revision() -> str:
    """The newest migration shipped with this version of billdesk."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def describe(engine: Engine) -> str:
    """What to show in a status bar: the file, or the server and database (no password)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite {url.database}"
    return f"PostgreSQL {url.username or ''}@{url.host or 'local'}:{url.port or 5432}/{url.database}"
