"""The ``billdesk`` command line (docs/cli.md). No command opens the desktop app.

Nothing a user can type or a file can contain ends in a Python traceback: bad input and
storage faults are typed errors (exit 2; 1 for work that failed), and anything unexpected —
a bug — prints one line naming the log file that holds the traceback (``-v`` prints it too)
and exits 1.
"""

from __future__ import annotations

import argparse
import logging
import sys

from billdesk import __version__
from billdesk.domain.errors import InputError, WorkFailed

log = logging.getLogger("billdesk")


def build_parser() -> argparse.ArgumentParser:
    from billdesk.cli import audit, community, data, export, runs, send, settings, team

    p = argparse.ArgumentParser(prog="billdesk", description="Bill runs for energy utilities and communities. "
                "Without a command, opens the desktop app.")
    p.add_argument("--db", help="SQLite file or SQLAlchemy URL (postgresql+psycopg://…, no "
                   "password: PGPASSWORD, ~/.pgpass, a service file or the keyring); "
                   "default: the embedded database in the user data folder")
    p.add_argument("--version", action="version", version=f"billdesk {__version__}")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="debug logging and tracebacks of unexpected errors on stderr")
    p.add_argument("--self-test", action="store_true",
                   help="create a demo database in a fresh profile (or --db), open the window, "
                   "run, finalize and export one bill, print a JSON report; exit 0 if all "
                   "worked")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    data.register(sub)
    runs.register(sub)
    export.register(sub)
    send.register(sub)
    settings.register(sub)
    team.register(sub)
    audit.register(sub)
    community.register(sub)
    return p


def refuse_writes(argv: list[str], args) -> str | None:
    """The message refusing a command that writes, when ``--db`` is an audit package (opened
    read-only: docs/audit.md "Read-only"); None when the command may run."""
    if getattr(args, "read_only_ok", False) or not args.db:
        return None
    from billdesk.store.db import is_audit_package, sqlite_path, to_url

    try:
        path = sqlite_path(to_url(args.db))
    except Exception:  # noqa: BLE001 - a malformed URL is refused when it is opened
        return None
    if not path or not is_audit_package(path):
        return None
    words, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--db":
            skip = True
        elif not a.startswith("-"):
            words.append(a)
        if len(words) == 2:
            break
    return (f"{args.db} is an audit package and opens read-only: '{' '.join(words)}' would "
            "change it. Allowed: verify, audit check, run list|show, bills list, bill show "
            "[--explain], quality-check, settings show, export pdf")


def _safe_streams() -> None:
    """Text that cannot be encoded (a file name with undecodable bytes) is escaped, never an
    UnicodeEncodeError halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # replaced by a test or an IDE
            pass


PATH_OPTIONS = {"db", "file", "out"}   # paths may hold any bytes the file system allows


def check_text_options(args: argparse.Namespace) -> None:
    """Text options (names, targets, codes) must be printable UTF-8 text: bytes that are not
    UTF-8 (seen as lone surrogates) or control characters are refused, naming the option."""
    from billdesk.domain.values import control_character

    for key, value in vars(args).items():
        if key in PATH_OPTIONS or key == "func":
            continue
        for v in value if isinstance(value, list) else [value]:
            if not isinstance(v, str):
                continue
            option = "--" + key.replace("_", "-") if len(key) > 2 else key.upper()
            if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
                raise InputError("contains bytes that are not UTF-8 text", field=option)
            bad = control_character(v)
            if bad:
                raise InputError(f"contains {bad}", field=option)


def database_refusal(exc: BaseException, capability: str | None = None) -> InputError | None:
    """A write the database refused for the connected role (exit 2), else None."""
    from billdesk.store.access import permission_error

    return permission_error(exc, capability)


def main(argv: list[str] | None = None) -> int:
    from billdesk.cli.guard import configure_logging, report_unexpected
    from billdesk.store.faults import storage_error

    argv = sys.argv[1:] if argv is None else argv
    _safe_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        from billdesk.store.db import refuse_password

        refuse_password(args.db)    # every command, the desktop app included
        if args.self_test:
            from billdesk.gui.selftest import run_self_test

            return run_self_test(args.db)
        if not getattr(args, "func", None):
            if args.command:
                parser.parse_args(argv + ["--help"])
            from billdesk.gui.app import run_app

            return run_app(args.db)
        check_text_options(args)
        refused = refuse_writes(argv, args)
        if refused:
            print(f"billdesk: error: {refused}", file=sys.stderr)
            return 2
        code = args.func(args)
        return 0 if code is None else int(code)
    except InputError as exc:  # StorageError is one
        print(f"billdesk: error: {exc}", file=sys.stderr)
        return 2
    except WorkFailed as exc:
        print(f"billdesk: failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("billdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # stdout closed early (| head): nothing left to say
        return 141
    except Exception as exc:
        refused = database_refusal(exc, getattr(args, "capability", None))
        if refused is not None:    # a write the database refused for the connected role
            print(f"billdesk: error: {refused}", file=sys.stderr)
            return 2
        err = storage_error(exc)
        if err is not None:
            print(f"billdesk: error: {err}", file=sys.stderr)
            return 2
        return report_unexpected(exc, args.verbose)
    finally:
        from billdesk.cli.common import dispose_all

        dispose_all()


if __name__ == "__main__":
    raise SystemExit(main())
