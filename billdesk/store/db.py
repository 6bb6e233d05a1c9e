"""Connecting: engines for SQLite (WAL, foreign keys) and PostgreSQL, sessions, migrations.

One job, kept whole (~530 lines): opening a database safely — engines, the file checks
before anything is written, sessions and transactions, migrations (header reading is in
store/sqlite_files.py, revisions without Alembic in store/revisions.py)."""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from billdesk import paths
from billdesk.paths import default_db_path  # noqa: F401 - where it is looked up
from billdesk.store.where import busy_timeout, describe, is_readonly, sqlite_path  # noqa: F401
from billdesk.store import file_check, limits, revisions
from billdesk.domain.errors import InputError, StorageError
from billdesk.store.sqlite_files import SQLITE_HEADER, application_id, note_open, read_header

log = logging.getLogger(__name__)
limits.install()  # lengths and characters checked before the database sees them


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


# --------------------------------------------------------------------- audit packages
#: SQLite's header field ``application_id`` (offset 68) of an audit package: "bdAu"
PACKAGE_APPLICATION_ID = 0x62644175


def is_audit_package(path: str | os.PathLike) -> bool:
    """Whether ``path`` is an audit package (docs/audit.md): a SQLite file whose header names
    billdesk's application id. Reads the 100-byte header only (no database connection), or
    asks SQLite when this process has the file open (store/sqlite_files.py)."""
    try:
        head = read_header(path, 100)
    except OSError:
        return False
    if head is None:        # open in this process: ask SQLite (docs: store/sqlite_files.py)
        return application_id(path) == PACKAGE_APPLICATION_ID
    return (len(head) == 100 and head.startswith(SQLITE_HEADER)
            and int.from_bytes(head[68:72], "big") == PACKAGE_APPLICATION_ID)


def _read_only_sqlite(path: str, **kwargs) -> Engine:
    """An engine that can only read the SQLite file ``path``: opened with ``mode=ro`` (the
    file is never written, no journal or WAL file is made) and ``query_only``."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"

    def connect():
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        note_open(path)
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
        head = read_header(path, len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read the database file {path}: "
                           f"{exc.strerror or exc}", kind="cantopen", field="--db") from None
    # head None: a connection of this process has the file open, so SQLite read it already
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
        if url.database and url.database != ":memory:" and \
                not url.database.startswith("file:") and is_audit_package(url.database):
            return _read_only_sqlite(url.database, **kwargs)   # never written (docs/audit.md)
        ro = False
        file_path = None
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            path = file_path = Path(url.database)
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
        if file_path is not None:      # its header is then read through SQLite, not open()
            event.listen(engine, "connect", lambda _c, _r, p=file_path: note_open(p))

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
    if package_path(engine):
        raise StorageError(f"{package_path(engine)} is an audit package and opens read-only: "
                           "changes are refused; nothing was written", kind="readonly")
    if is_readonly(engine):
        raise StorageError(f"the database is read-only ({describe(engine)}): reading works, "
                           "changes are refused; nothing was written — use a copy in a "
                           "writable folder or fix the permissions", kind="readonly")
    if _deferred:
        run_deferred_check(engine)
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
    if engine.dialect.name == "sqlite" and revision == "head":
        rev, head = current_revision(engine), head_revision()
        if rev is not None and rev != head and not revisions.changes_sqlite(rev, head):
            # only the version stamp changes (the migrations declare it, and
            # tests/store/test_migration_sqlite_unchanged.py checks each declaration): the
            # stamp is written without Alembic (its import and scripts, ~0.15 s of CPU) and
            # without the foreign-key check of every table that db/env.py makes
            from sqlalchemy import text

            with engine.begin() as conn:
                done = conn.execute(text("UPDATE alembic_version SET version_num = :head "
                                         "WHERE version_num = :rev"),
                                    {"head": head, "rev": rev}).rowcount
            if done == 1:
                return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def prepare(engine: Engine, timezone: str | None = None, *, write: bool = True,
            check_now: bool = True) -> str:
    """Migrate to head and set the database-wide defaults once; returns the time zone.

    SQLite: a file holding another application's tables is refused; when opened for
    writing (``write``) the file is checked first (``PRAGMA quick_check``) and a damaged one
    is refused, so nothing is ever written into it. With ``check_now=False`` (the app, whose
    window must not wait ~6 s per GB for the check) the check is *deferred*: it runs on a
    worker after the window opens (``run_deferred_check``), and the process's first write
    waits for it (``write_session``) — still nothing is written into a damaged file; a
    migration checks at once. A read-only database is not migrated: it must already be at
    this version's schema. Only a missing schema or time zone makes this write; a database
    that is ready is only read (no write lock is taken).
    """
    from billdesk.domain.period import zone
    from billdesk.store import settings

    where = describe(engine)
    sqlite = engine.dialect.name == "sqlite"
    writable = write and not is_readonly(engine)
    if sqlite:
        _check_sqlite(engine, quick_check=writable and check_now)
        if writable and not check_now:
            defer_check(engine)
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
        if sqlite and rev is not None and not revisions.changes_sqlite(rev, head):
            # only the version stamp is written (migrations declared ``changes_sqlite =
            # False``): no full file check first; the stamp is the deferred check's to
            # write once the file passed it, and a read-only use writes nothing at all
            if writable and check_now:
                upgrade(engine)
            elif writable and not _upgrade_after_check(engine):
                upgrade(engine)
        else:
            if sqlite and not (writable and check_now):   # a migration checks the file first
                if run_deferred_check(engine, trust_record=False) is None:
                    _check_sqlite(engine, quick_check=True)
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


class _FileCheck:
    """A deferred ``quick_check`` of one SQLite file in this process: run once, by whichever
    thread needs it first; the others wait for its outcome."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = False
        self.error: StorageError | None = None
        self.seconds: float | None = None
        self.upgrade = False           # migrations owed once the file passed the check


_deferred: dict[str, _FileCheck] = {}
_deferred_lock = threading.Lock()


def _file_key(target) -> str | None:
    path = sqlite_path(target)
    return None if not path or path == ":memory:" else str(Path(path).resolve())


def defer_check(engine: Engine) -> None:
    """The file's ``quick_check`` is owed before this process writes to it."""
    key = _file_key(engine)
    if key is not None:
        with _deferred_lock:
            _deferred.setdefault(key, _FileCheck())


def _upgrade_after_check(engine: Engine) -> bool:
    """Owe ``engine``'s file its migrations until its deferred check has passed (True), or
    False when no check is pending (it ran and passed: migrate now)."""
    fc = _deferred.get(_file_key(engine) or "")
    if fc is None:
        return False
    with fc.lock:
        if fc.done:
            if fc.error is not None:
                raise fc.error
            return False
        fc.upgrade = True
        return True


def _deferred_check(engine: Engine, key: str, trust_record: bool) -> None:
    """The deferred check itself. Where the app enabled it (``store.file_check``): skipped
    for a file unchanged since its last clean check (``trust_record``), else run in a child
    process (none of this process's threads holds the interpreter lock for it) and its
    outcome recorded; otherwise ``PRAGMA quick_check`` on this thread, as always."""
    if not file_check.enabled():
        _check_sqlite(engine, quick_check=True)
        return
    if trust_record and file_check.unchanged_since_clean_check(key):
        log.info("file check of %s skipped: unchanged since its last clean check", key)
        _check_sqlite(engine, quick_check=False)       # another application's file: refused
        return
    _check_sqlite(engine, quick_check=False)
    before = file_check.state(key)
    problems = file_check.quick_check_in_child(key)
    if problems is None:                                  # no verdict from the child
        _check_sqlite(engine, quick_check=True)
    elif problems != ["ok"]:
        file_check.forget(key)
        raise StorageError(f"the database file is damaged ({describe(engine)}: "
                           f"{'; '.join(problems).replace(chr(10), '; ')[:300]}); nothing "
                           "was written — restore it from a backup", kind="corrupt")
    file_check.record_clean(key, before)


def run_deferred_check(target, *, trust_record: bool = True) -> float | None:
    """Run (or wait for) the deferred check of ``target`` (an engine or URL); its seconds, or
    None when none was owed. Raises StorageError(kind="corrupt") for a damaged file — every
    time it is asked again, so no write ever goes ahead. ``trust_record=False``: a full
    check even of a file unchanged since its last one (before a migration)."""
    engine = target if isinstance(target, Engine) else None
    key = _file_key(target if engine is not None else to_url(target))
    fc = _deferred.get(key) if key else None
    if fc is None:
        return None
    with fc.lock:
        if not fc.done:
            import time

            t0 = time.perf_counter()
            own = engine is None
            eng = make_engine(to_url(target)) if own else engine
            try:
                _deferred_check(eng, key, trust_record=trust_record)
            except StorageError as exc:
                fc.error = exc
            else:
                if fc.upgrade:              # migrations that change only the version stamp
                    upgrade(eng)
                    fc.upgrade = False
            finally:
                if own:
                    eng.dispose()
            fc.seconds = time.perf_counter() - t0
            fc.done = True
    if fc.error is not None:
        raise fc.error
    return fc.seconds


@lru_cache(maxsize=1)
def _scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations()))
    return ScriptDirectory.from_config(cfg)


def known_revisions() -> frozenset[str]:
    graph = revisions.shipped()
    if graph is not None:
        return frozenset(graph)
    return frozenset(r.revision for r in _scripts().walk_revisions())


def head_revision() -> str:
    """The newest migration shipped with this version of billdesk (read from the migration
    files without Alembic where they make one chain: store/revisions.py)."""
    return revisions.head() or _scripts().get_current_head()


def revision_before(revision: str) -> str | None:
    """The migration that ``revision`` follows (None for the first)."""
    graph = revisions.shipped()
    if graph is not None and revision in graph:
        return graph[revision]
    return _scripts().get_revision(revision).down_revision


def current_revision(engine: Engine) -> str | None:
    answered, rev = revisions.current(engine)
    if answered:
        return rev
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
