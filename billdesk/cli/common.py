"""Helpers shared by the CLI commands: opening the database, printing JSON, progress."""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from sqlalchemy.engine import Engine

from billdesk.domain.errors import InputError
from billdesk.store import db as dbmod


OPENED: list[Engine] = []   # engines of this command, disposed when it ends (cli.main)


def dispose_all() -> None:
    while OPENED:
        try:
            OPENED.pop().dispose()
        except Exception:  # noqa: BLE001 - closing a connection to a server that is gone
            pass


def open_db(args, migrate: bool = True, write: bool = True) -> Engine:
    """The engine for ``--db``; an embedded SQLite database is created or migrated on open.

    ``write``: the command will write (SQLite: the file is checked for damage first; a
    read-only file or folder is still opened, for reading, and refused at the first write).
    A password inside a URL is refused; a PostgreSQL password comes from libpq (PGPASSWORD,
    ~/.pgpass, service files) or the system keyring.
    """
    from billdesk.store.faults import redact, storage_error

    dbmod.refuse_password(args.db)
    url = dbmod.to_url(args.db)
    if url.startswith("postgresql"):
        from billdesk.store.credentials import with_password

        url = with_password(url)
    try:
        engine = dbmod.make_engine(url)
        OPENED.append(engine)
    except InputError:
        raise
    except Exception as exc:  # malformed URL, missing driver
        raise InputError(f"cannot open the database: {redact(_first_line(exc))}",
                         field="--db") from None
    if migrate:
        try:
            if engine.dialect.name == "sqlite":
                dbmod.prepare(engine, write=write)
            else:
                rev = dbmod.current_revision(engine)
                if rev is None:
                    raise InputError("the database has no billdesk schema; run "
                                     "'billdesk --db URL db upgrade' first", field="--db")
                if rev != dbmod.head_revision():
                    if rev not in dbmod.known_revisions():
                        raise InputError(f"the database schema is at revision {rev!r}, which "
                                         "this version of billdesk does not know: it was "
                                         "written by a newer billdesk", field="--db")
                    raise InputError(f"the database schema is at revision {rev}, this "
                                     f"billdesk needs {dbmod.head_revision()}; run "
                                     "'billdesk --db URL db upgrade' first", field="--db")
        except InputError:
            raise
        except Exception as exc:
            from billdesk.store.access import permission_error

            refused = permission_error(exc)
            if refused is not None:
                raise refused from None
            err = storage_error(exc, engine)
            if err is not None:
                raise err from None
            raise InputError(f"cannot open database {dbmod.describe(engine)}: "
                             f"{redact(_first_line(exc))}", field="--db") from None
    cap = getattr(args, "capability", None)
    if cap not in (None, "read") and not cap.startswith("db."):   # the owner's commands
        require(engine, cap)                                      # check for themselves
    return engine


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def require(engine: Engine, capability: str) -> None:
    """Refuse a command at once (exit 2, "permission denied: …") when the connected database
    user lacks its capability (billdesk.store.access): before any input is read, any file
    written or any mail sent. The database enforces the same on every write anyway (a
    refusal there is mapped by ``permission_error``); this makes every write command of a
    role that may not write fail the same way, whatever its input."""
    if engine.dialect.name != "postgresql":
        return
    from billdesk.store.access import whoami

    me = whoami(engine)
    if not me.can(capability):
        raise InputError(f"permission denied: {me.why_not(capability)}")


def _default(o):
    if isinstance(o, Decimal):
        return format(o, "f")
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if isinstance(o, Enum):
        return o.value
    if isinstance(o, (set, tuple)):
        return list(o)
    raise TypeError(f"cannot serialise {type(o).__name__}")


def dumps(obj) -> str:
    return json.dumps(obj, default=_default, ensure_ascii=False, indent=2)


def emit(args, obj, text: str | None = None) -> None:
    """Exactly one JSON document on stdout with --json, else the human text."""
    if getattr(args, "json", False):
        sys.stdout.write(dumps(obj) + "\n")
    elif text is not None:
        sys.stdout.write(text.rstrip("\n") + "\n")


class StderrProgress:
    """progress(done, total, message) printed to stderr at most every 0.5 s."""

    def __init__(self, label: str = "", quiet: bool = False):
        self.label = label
        self.quiet = quiet or not sys.stderr
        self._last = 0.0
        self.t0 = time.monotonic()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if self.quiet or (now - self._last < 0.5 and done != total):
            return
        self._last = now
        self._printed = True
        pct = f"{100 * done / total:5.1f}% " if total else ""
        print(f"\r{self.label}{pct}{done:,}/{total:,} {message}"[:160].ljust(60) if total
              else f"\r{self.label}{message}"[:160].ljust(60), end="", file=sys.stderr,
              flush=True)

    def close(self) -> None:
        if not self.quiet and getattr(self, "_printed", False):
            print(file=sys.stderr)
