"""The CLI's last line of defence: logging that never shows a password, and unexpected
errors (bugs) reported in one line with the traceback in a log file."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from billdesk.store.faults import redact

LOG_LIMIT = 5 * 1024 * 1024   # the error log is started afresh beyond 5 MB


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes every password from URLs and conninfo strings."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure_logging(verbose: bool) -> None:
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_billdesk", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler._billdesk = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)


def log_file() -> Path:
    """``billdesk-errors.log`` next to the embedded database (BILLDESK_HOME, or the user
    data folder)."""
    from billdesk.store.db import default_db_path

    return default_db_path().parent / "billdesk-errors.log"


def _write_log(text: str) -> Path | None:
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if path.exists() and path.stat().st_size > LOG_LIMIT else "a"
        with open(path, mode, encoding="utf-8", errors="backslashreplace") as f:
            f.write(text)
        return path
    except OSError:
        return None


def report_unexpected(exc: BaseException, verbose: bool) -> int:
    """A bug: one line on stderr, the traceback in the log file (and on stderr with -v)."""
    tb = redact("".join(traceback.format_exception(exc)))
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    where = _write_log(f"--- {stamp} pid {os.getpid()} billdesk "
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
