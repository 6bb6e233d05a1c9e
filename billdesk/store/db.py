"""Connecting: engines for SQLite (WAL, foreign keys) and PostgreSQL, sessions, migrations."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from billdesk import paths
from billdesk.store import limits
from billdesk.domain.errors import InputError, StorageError

log = logging.getLogger(__name__)
limits.install()  # lengths and characters checked before the database sees them
SQLITE_HEADER = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """The embedded database in the user data folder (BILLDESK_HOME overrides the folder)."""
    home = os.environ.get("BILLDESK_HOME")
    if home:
        folder = Path(home)
    else:
        from platformdirs import user_data_path

        folder = user_data_path("billdesk", appauthor=False)
    return folder / "billdesk.sqlite"


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for another process's write lock (BILLDESK_BUSY_TIMEOUT,
    default 30)."""
    text = os.environ.get("BILLDESK_BUSY_TIMEOUT", "")
    try:
        value = float(text) if text.strip() else 30.0
    except ValueError:
        value = 30.0
    return max(0.0, min(value, 3600.0)) if value == value else 30.0


def to_url(db: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL from a ``--db`` value: a URL, a SQLite file path, or None."""
    if db is None:
        db = default_db_path()
    text = str(db)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    # built, not pasted: a '?', '#' or '%' in the path must not become a query or fragment
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def refuse_password(db: str | os.PathLike | None) -> None:
    """A ``--db`` URL must not carry a password (it would show in the process list, the
    shell history and messages): InputError naming the alternatives; the URL is never
    echoed."""
    text = "" if db is None else str(db)
    if "://" not in text:
        return
    try:
        u = make_url(text)
    except Exception:  # noqa: BLE001 - malformed: say so without echoing it
        raise InputError("malformed database URL; expected e.g. "
                         "postgresql+psycopg://user@host:5432/dbname", field="--db") from None
    if u.password is not None or any(k.lower() in ("password", "passwd", "pwd")
                                     for k in u.query):
        raise InputError("a password inside the --db URL is refused (it would be visible in "
                         "the process list and the shell history); give it through "
                         "PGPASSWORD, ~/.pgpass, a service file (?service=NAME) or the "
                         "system keyring", field="--db")


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
    """A SQLite engine opened read-only (the file or its folder is not writable)."""
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


def _sqlite_mode(path: Path, readonly: bool | None) -> str:
    """'rw', 'ro' (the file is read-only) or 'immutable' (its folder is not writable, so the
    WAL and shared-memory files cannot be created: reading the file as it is is all that
    works). StorageError for a folder, an unreadable file or one that is no SQLite file."""
    where = f"SQLite {path}"
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file", kind="notadb",
                           field="--db")
    if not path.exists():
        if readonly:
            raise StorageError(f"no database file {path}", kind="cantopen", field="--db")
        return "rw"
    if not path.is_file():
        raise StorageError(f"{path} is not a regular file (a device or a pipe?), not a "
                           "database", kind="notadb", field="--db")
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read the database file {path}: "
                           f"{exc.strerror or exc}", kind="cantopen", field="--db") from None
    if head and head != SQLITE_HEADER:
        raise StorageError(f"{path} is not a SQLite database (it does not start with the "
                           "SQLite header); give the path of a billdesk database or of a new "
                           "file", kind="notadb", field="--db")
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    file_ok = os.access(path, os.W_OK)
    if not folder_ok:
        log.info("%s: folder not writable, opening read-only (immutable)", where)
        return "immutable"
    if readonly or not file_ok:
        return "ro"
    return "rw"


def _sqlite_pragmas(readonly: bool):
    timeout_ms = int(busy_timeout() * 1000)

    def apply(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cur.execute("PRAGMA cache_size=-200000")  # 200 MB page cache
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    return apply


def make_engine(db: str | os.PathLike | None = None, *, readonly: bool | None = None,
                **kwargs) -> Engine:
    """An engine for a SQLite file/URL or a PostgreSQL URL.

    SQLite: a file that is not writable, or lies in a folder that is not, is opened
    read-only (``mode=ro``; ``immutable=1`` when the folder is not writable, since WAL needs
    its side files there): reads work, writes raise ``StorageError`` (read-only).
    ``readonly=True`` forces that. A file that is no SQLite database is refused here.
    """
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        ro = False
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            path = Path(url.database)
            mode = _sqlite_mode(path, readonly)
            if mode == "rw":
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                from urllib.parse import quote

                ro = True
                query = {"mode": "ro", "uri": "true"}
                if mode == "immutable":
                    query["immutable"] = "1"
                url = url.set(database="file:" + quote(str(path)), query=query)
        elif url.query.get("mode") == "ro":
            ro = True
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(ro))

        # Let SQLAlchemy issue BEGIN itself so that transactions really start where it
        # thinks they do (pysqlite's own transaction handling defers BEGIN).
        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn, _rec):
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # a write transaction takes the write lock at once, waiting up to the busy
            # timeout for another writer; a deferred one could only fail later, at its first
            # write, without waiting (its snapshot is then stale)
            write = conn.get_execution_options().get("billdesk_write") and not ro
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        kwargs.setdefault("connect_args", {}).setdefault("connect_timeout", 10)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def writer(engine: Engine) -> Engine:
    """The engine whose SQLite transactions begin IMMEDIATE (shares the pool)."""
    w = engine.__dict__.get("_billdesk_writer")
    if w is None:
        w = engine.execution_options(billdesk_write=True)
        engine.__dict__["_billdesk_writer"] = w
    return w


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def write_session(factory: sessionmaker[Session]) -> Session:
    """A new session for writing: on SQLite its transaction begins IMMEDIATE (at its first
    statement, so work done before touching the session holds no lock). StorageError at once
    for a read-only SQLite database."""
    engine = factory.kw.get("bind")
    if engine is None or engine.dialect.name != "sqlite":
        return factory()
    if is_readonly(engine):
        raise StorageError(f"the database is read-only ({describe(engine)}): reading works, "
                           "changes are refused; nothing was written — use a copy in a "
                           "writable folder or fix the permissions", kind="readonly")
    return factory(bind=writer(engine))


@contextmanager
def transaction(factory: sessionmaker[Session]):
    """A session whose work is committed on success and rolled back on any error.

    SQLite: the write lock is taken at the transaction's first statement (BEGIN IMMEDIATE,
    waiting up to ``busy_timeout()``). Storage faults (lock not obtained, read-only, disk
    full, damaged file, lost server) come out as ``StorageError``.
    """
    from sqlalchemy.exc import DBAPIError

    from billdesk.store.faults import storage_error

    try:
        with write_session(factory) as session:
            with session.begin():
                yield session
    except DBAPIError as exc:
        err = storage_error(exc, factory.kw.get("bind"))
        if err is None:
            raise
        raise err from exc


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


def prepare(engine: Engine, timezone: str | None = None, *, write: bool = True) -> str:
    """Migrate to head and set the database-wide defaults once; returns the time zone.

    SQLite: a file holding another application's tables is refused; when opened for
    writing (``write``) the file is checked first (``PRAGMA quick_check``) and a damaged one
    is refused, so nothing is ever written into it. A read-only database is not migrated: it
    must already be at this version's schema. Only a missing schema or time zone makes this
    write; a database that is ready is only read (no write lock is taken).
    """
    from billdesk.domain.period import zone
    from billdesk.store import settings

    where = describe(engine)
    if engine.dialect.name == "sqlite":
        _check_sqlite(engine, quick_check=write and not is_readonly(engine))
    rev = current_revision(engine)
    head = head_revision()
    if rev is not None and rev not in known_revisions():
        raise StorageError(f"the database ({where}) is at schema revision {rev!r}, which this "
                           "version of billdesk does not know: it was written by a newer "
                           "billdesk", kind="notadb")
    if rev != head:
        if is_readonly(engine):
            raise StorageError(f"the database ({where}) is read-only and needs its schema "
                               f"migrated ({rev or 'empty'} -> {head}); open a writable copy "
                               "once", kind="readonly")
        upgrade(engine)
    with session_factory(engine)() as s:
        tz = settings.get(s, "timezone")
    if tz is not None:
        if timezone and timezone != tz:
            raise ValueError(f"the database's time zone is {tz}; it cannot be changed")
        return tz
    if is_readonly(engine):
        raise StorageError(f"the database ({where}) is read-only and has no time zone set",
                           kind="readonly")
    with transaction(session_factory(engine)) as s:
        tz = settings.get(s, "timezone")
        if tz is None:
            tz = timezone or settings.DEFAULT_TIMEZONE
            zone(tz)  # ValueError for an unknown zone
            settings.put(s, "timezone", tz)
    return tz


def _check_sqlite(engine: Engine, quick_check: bool) -> None:
    """Refuse another application's database, and (``quick_check``) a damaged file."""
    where = describe(engine)
    with engine.connect() as c:
        tables = {r[0] for r in c.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "alembic_version" not in tables:
            raise StorageError(f"the database ({where}) holds tables of another application "
                               f"({', '.join(sorted(tables)[:3])}…) and no billdesk schema; "
                               "give the path of a billdesk database or of a new file",
                               kind="notadb")
        if quick_check and tables:
            problems = [r[0] for r in c.exec_driver_sql("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise StorageError(f"the database file is damaged ({where}: "
                                   f"{'; '.join(problems).replace(chr(10), '; ')[:300]}); nothing was written — "
                                   "restore it from a backup", kind="corrupt")


@lru_cache(maxsize=1)
def _scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    return ScriptDirectory.from_config(cfg)


def known_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in _scripts().walk_revisions())


def head_revision() -> str:
    """The newest migration shipped with this version of billdesk."""
    return _scripts().get_current_head()


def revision_before(revision: str) -> str | None:
    """The migration that ``revision`` follows (None for the first)."""
    return _scripts().get_revision(revision).down_revision


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def describe(engine: Engine) -> str:
    """What to show in a status bar: the file, or the server and database (no password)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"SQLite {sqlite_path(url)}" + (" (read-only)" if is_readonly(engine) else "")
    if url.query.get("service") and not url.host:      # a libpq service file entry
        return f"PostgreSQL service {url.query['service']}"
    return f"PostgreSQL {url.username or ''}@{url.host or 'local'}:{url.port or 5432}/{url.database}"
