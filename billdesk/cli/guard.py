"""The CLI's last line of defence: logging that never shows a password nor (without -v) a
traceback, and unexpected errors (bugs) reported in one line with the traceback in the
error log file (billdesk.errorlog)."""

from __future__ import annotations

import os
import sys
import traceback

from billdesk import errorlog
from billdesk.store.faults import redact


def configure_logging(verbose: bool) -> None:
    if verbose:
        os.environ["BILLDESK_VERBOSE"] = "1"     # worker processes inherit it
    errorlog.configure(verbose)


def log_file():
    return errorlog.log_file()


def report_unexpected(exc: BaseException, verbose: bool) -> int:
    """A bug: one line on stderr, the traceback in the log file (and on stderr with -v)."""
    tb = redact("".join(traceback.format_exception(exc)))
    where = errorlog.write(f"--- {errorlog.stamp()} pid {os.getpid()} billdesk "
                           f"{redact(' '.join(sys.argv[1:]))}\n{tb}\n")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    detail = f"{type(exc).__name__}: {redact(first)}" if first else type(exc).__name__
    hint = f"details in {where}" if where else "no log file could be written"
    if verbose:
        print(tb, file=sys.stderr, end="")
    else:
        hint += "; -v shows the traceback"
    print(f"billdesk: internal error (a bug, please report it): {detail} ({hint})",
          file=sys.stderr)
    return 1
