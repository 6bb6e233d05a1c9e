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


# --------------------------------------------------------------------- audit packages
#: SQLite's header field ``application_id`` (offset 68) of an audit package: "bdAu"
PACKAGE_APPLICATION_ID = 0x62644175


def is_audit_package(path: str | os.PathLike) -> bool:
    """Whether ``path`` is an audit package (docs/audit.md): a SQLite file whose header names
    billdesk's application id. Reads the 100-byte header only (no database connection)."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError:
        return False
    return (len(head) == 100 and head.startswith(b"SQLite format 3\x00")
            and int.from_bytes(head[68:72], "big") == PACKAGE_APPLICATION_ID)


def _read_only_sqlite(path: str, **kwargs) -> Engine:
    """An engine that can only read the SQLite file ``path``: opened with ``mode=ro`` (the
    file is never written, no journal or WAL file is made) and ``query_only``."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"

    def connect():
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.isolation_level = None
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA cache_size=-200000")
        conn.execute("PRAGMA temp_store=MEMORY")
        return conn

    engine = create_engine("sqlite://", creator=connect, **kwargs)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")

    engine.billdesk_writable = False
    engine.billdesk_package = str(Path(path).resolve())
    return engine


def is_writable(target) -> bool:
    """The one predicate "may this database be written?" (an Engine, a sessionmaker or a
    Session): False for an audit package, which billdesk opens read-only; the CLI refuses
    its write commands and the app hides or disables actions that write."""
    engine = target
    if isinstance(target, sessionmaker):
        engine = target.kw.get("bind")
    elif isinstance(target, Session):
        engine = target.get_bind()
    return getattr(engine, "billdesk_writable", True)


def package_path(target) -> str | None:
    """The audit package file ``target`` reads, or None for an ordinary database."""
    engine = target.kw.get("bind") if isinstance(target, sessionmaker) else target
    return getattr(engine, "billdesk_package", None)


def make_engine(db: str | os.PathLike | None = None, **kwargs) -> Engine:
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and is_audit_package(url.database):
            return _read_only_sqlite(url.database, **kwargs)
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
            conn.exec_driver_sql("BEGIN")

        return engine
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]):
    """A session whose work is committed on success and rolled back on any error."""
    with factory() as session:
        with session.begin():
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
