"""Storage faults as clear, typed errors (``StorageError``) instead of driver tracebacks.

``storage_error(exc, engine)`` maps what SQLite, PostgreSQL (psycopg) and the file system
raise — a lock held by another process, a read-only file or folder, a full disk, a damaged
file, a file that is no database, a lost server connection — to a ``StorageError`` whose
message names the database (never a password) and says what to do. It never includes the
SQL statement or its parameters (SQLAlchemy's own message does). ``None`` when ``exc`` is not
a storage fault (a bug, which the caller reports as such).
"""

from __future__ import annotations

import errno
import re

from billdesk.domain.errors import StorageError

_URL_PASSWORD = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):[^@\s]*@")
_KV_PASSWORD = re.compile(r"(?i)\b(password|passwd|pwd)\s*=\s*('[^']*'|\"[^\"]*\"|[^\s&;]+)")


def redact(text: str) -> str:
    """``text`` with every password in a URL (``scheme://user:secret@``) or a conninfo /
    query string (``password=secret``) replaced by ``***``."""
    text = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}:***@", str(text))
    return _KV_PASSWORD.sub(lambda m: f"{m[1]}=***", text)


def _where(engine) -> str:
    if engine is None:
        return "the database"
    from billdesk.store.db import describe

    return describe(engine)


def _first_line(exc: BaseException) -> str:
    text = str(exc.args[0]) if getattr(exc, "args", None) else str(exc)
    return redact(text.strip().splitlines()[0] if text.strip() else type(exc).__name__)


def busy_timeout_seconds() -> float:
    from billdesk.store.db import busy_timeout

    return busy_timeout()


def storage_error(exc: BaseException, engine=None) -> StorageError | None:
    """The ``StorageError`` for ``exc`` (an SQLAlchemy, DBAPI or OS error), or None."""
    if isinstance(exc, StorageError):
        return exc
    from sqlalchemy import exc as sa_exc

    where = _where(engine)
    if isinstance(exc, OSError) and not isinstance(exc, sa_exc.SQLAlchemyError):
        return _os_error(exc, where)
    if not isinstance(exc, (sa_exc.DBAPIError, sa_exc.InterfaceError)):
        if isinstance(exc, sa_exc.ResourceClosedError | sa_exc.PendingRollbackError):
            return StorageError(f"{where}: the connection was lost ({_first_line(exc)}); "
                                "nothing of the interrupted operation was written",
                                kind="lost")
        return None
    orig = getattr(exc, "orig", None) or exc
    name = type(orig).__module__
    if name.startswith("sqlite3") or hasattr(orig, "sqlite_errorname"):
        return _sqlite_error(orig, where)
    if name.startswith("psycopg"):
        return _pg_error(exc, orig, where)
    return None


def _sqlite_error(orig: BaseException, where: str) -> StorageError | None:
    code = getattr(orig, "sqlite_errorname", "") or ""
    text = str(orig)
    low = text.lower()
    if code.startswith("SQLITE_BUSY") or "database is locked" in low or "is busy" in low:
        return StorageError(
            f"another process holds the database ({where}) and did not release it within "
            f"{busy_timeout_seconds():g} s; nothing was written — try again when it has "
            "finished (BILLDESK_BUSY_TIMEOUT sets the wait in seconds)", kind="busy")
    if code.startswith("SQLITE_READONLY") or "readonly database" in low or "read-only" in low:
        return StorageError(
            f"the database is read-only ({where}): reading works, changes are refused; "
            "nothing was written — use a copy in a writable folder or fix the permissions",
            kind="readonly")
    if code.startswith("SQLITE_FULL") or "disk is full" in low:
        return StorageError(
            f"the disk holding the database is full ({where}); nothing of this operation "
            "was written — free some space and try again", kind="full")
    if code.startswith("SQLITE_CORRUPT") or "malformed" in low:
        return StorageError(
            f"the database file is damaged ({where}: {text}); nothing was written — restore "
            "it from a backup", kind="corrupt")
    if code.startswith("SQLITE_NOTADB") or "not a database" in low:
        return StorageError(f"not a SQLite database ({where}); give the path of a billdesk "
                            "database or of a new file", kind="notadb")
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        return StorageError(f"cannot open the database file ({where}): check that its "
                            "folder exists and is readable", kind="cantopen")
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in low:
        return StorageError(f"disk I/O error on the database ({where}: {text}); nothing "
                            "was written — is the disk full or removed?", kind="io")
    if code.startswith("SQLITE_PERM") or code.startswith("SQLITE_AUTH"):
        return StorageError(f"access to the database denied ({where}: {text})",
                            kind="readonly")
    return None


def _pg_error(exc, orig: BaseException, where: str) -> StorageError | None:
    sqlstate = getattr(orig, "sqlstate", None) or ""
    text = _first_line(orig)
    if sqlstate == "53100" or "no space left" in text.lower():
        return StorageError(f"the database server's disk is full ({where}: {text}); "
                            "nothing of this operation was written", kind="full")
    if sqlstate == "25006":
        return StorageError(f"the database is read-only ({where}: {text}); nothing was "
                            "written", kind="readonly")
    if sqlstate in ("55P03", "40P01"):
        return StorageError(f"another session holds a lock the operation needs ({where}: "
                            f"{text}); nothing was written — try again", kind="busy")
    if sqlstate in ("28000", "28P01"):
        return StorageError(f"PostgreSQL refused the login ({where}: {text}); give the "
                            "password through PGPASSWORD, ~/.pgpass, a service file or the "
                            "keyring", kind="cantopen")
    if sqlstate == "3D000":
        return StorageError(f"no such database ({where}: {text})", kind="cantopen")
    if sqlstate.startswith("57P") or sqlstate.startswith("08") or \
            getattr(exc, "connection_invalidated", False) or \
            type(orig).__name__ in ("OperationalError", "InterfaceError"):
        return StorageError(f"lost the connection to the database server ({where}: {text}); "
                            "nothing of the interrupted operation was written — when the "
                            "server is back, run the command again (an interrupted run "
                            "resumes with 'run start ID')", kind="lost")
    return None


def _os_error(exc: OSError, where: str) -> StorageError | None:
    name = getattr(exc, "filename", None)
    what = f" {name}" if name else ""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return StorageError(f"the disk is full writing{what}; free some space and try again",
                            kind="full", file=None)
    if exc.errno == errno.EROFS:
        return StorageError(f"read-only file system writing{what}", kind="readonly")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StorageError(f"permission denied:{what or ' ' + where}", kind="readonly")
    if exc.errno == errno.EIO:
        return StorageError(f"disk I/O error on{what or ' ' + where}", kind="io")
    return None
