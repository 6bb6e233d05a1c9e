"""The ``billdesk`` command line (INTERFACES.md). No command opens the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys

from billdesk import __version__
from billdesk.domain.errors import InputError, WorkFailed


def build_parser() -> argparse.ArgumentParser:
    from billdesk.cli import audit, data, export, runs, send, settings

    p = argparse.ArgumentParser(prog="billdesk", description="Bill runs for energy utilities and communities. "
                "Without a command, opens the desktop app.")
    p.add_argument("--db", help="SQLite file or SQLAlchemy URL (postgresql+psycopg://…); "
                   "default: the embedded database in the user data folder")
    p.add_argument("--version", action="version", version=f"billdesk {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug logging on stderr")
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
    audit.register(sub)
    return p


def refuse_writes(argv: list[str], args) -> str | None:
    """The message refusing a command that writes, when ``--db`` is an audit package (opened
    read-only: docs/audit.md "Read-only"); None when the command may run."""
    if getattr(args, "read_only_ok", False) or not args.db:
        return None
    from billdesk.store.db import is_audit_package, to_url

    url = to_url(args.db)
    if not url.startswith("sqlite:///") or not is_audit_package(url[len("sqlite:///"):]):
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if args.self_test:
        from billdesk.gui.selftest import run_self_test

        return run_self_test(args.db)
    if not getattr(args, "func", None):
        if args.command:
            parser.parse_args(argv + ["--help"])
        from billdesk.gui.app import run_app

        return run_app(args.db)
    refused = refuse_writes(argv, args)
    if refused:
        print(f"billdesk: error: {refused}", file=sys.stderr)
        return 2
    try:
        code = args.func(args)
        return 0 if code is None else int(code)
    except InputError as exc:
        print(f"billdesk: error: {exc}", file=sys.stderr)
        return 2
    except WorkFailed as exc:
        print(f"billdesk: failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("billdesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
