"""The ``billdesk`` command line (INTERFACES.md). No command opens the desktop app."""

from __future__ import annotations

import argparse
import logging
import sys

from billdesk import __version__
from billdesk.domain.errors import InputError, WorkFailed


def build_parser() -> argparse.ArgumentParser:
    from billdesk.cli import data, export, runs, send, settings, team

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
    team.register(sub)
    return p


def database_refusal(exc: BaseException, capability: str | None = None) -> InputError | None:
    """A write the database refused for the connected role (exit 2), else None."""
    from billdesk.store.access import permission_error

    return permission_error(exc, capability)


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
    try:
        code = args.func(args)
        return 0 if code is None else int(code)
    except InputError as exc:
        print(f"billdesk: error: {exc}", file=sys.stderr)
        return 2
    except WorkFailed as exc:
        print(f"billdesk: failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        refused = database_refusal(exc, getattr(args, "capability", None))
        if refused is None:
            raise
        print(f"billdesk: error: {refused}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("billdesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
