"""Logging for the command line and its worker processes: one line per message on stderr
(the traceback only with ``-v``), every traceback in the error log file, never a password.

The error log is ``billdesk-errors.log`` next to the embedded database (BILLDESK_HOME, or
the user data folder); it is started afresh beyond 5 MB.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

LOG_LIMIT = 5 * 1024 * 1024


def redact(text: str) -> str:
    from billdesk.store.faults import redact as _redact

    return _redact(text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual (tracebacks only when ``tracebacks``), then removes every password
    from URLs and conninfo strings."""

    def __init__(self, fmt=None, datefmt=None, tracebacks: bool = True):
        super().__init__(fmt, datefmt)
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if self.tracebacks or not record.exc_info:
            return redact(super().format(record))
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            text = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        return redact(text + f" (traceback in {log_file()})")


class TracebackFileHandler(logging.Handler):
    """Writes records that carry a traceback to the error log file."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.setFormatter(RedactingFormatter("%(asctime)s %(process)d %(levelname)s "
                                             "%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            write(self.format(record) + "\n")


def log_file() -> Path:
    from billdesk.store.db import default_db_path

    return default_db_path().parent / "billdesk-errors.log"


def write(text: str) -> Path | None:
    """Append ``text`` to the error log; its path, or None when it cannot be written."""
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if path.exists() and path.stat().st_size > LOG_LIMIT else "a"
        with open(path, mode, encoding="utf-8", errors="backslashreplace") as f:
            f.write(redact(text))
        return path
    except OSError:
        return None


def configure(verbose: bool = False) -> None:
    """Install billdesk's handlers on the root logger (again: replacing its own)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_billdesk", False):
            root.removeHandler(h)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s",
                                           tracebacks=verbose))
    tracebacks = TracebackFileHandler()
    for h in (stderr, tracebacks):
        h._billdesk = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)


def configure_child() -> None:
    """In a worker process: billdesk's handlers unless the process already has some."""
    if not logging.getLogger().handlers:
        configure(verbose=os.environ.get("BILLDESK_VERBOSE") == "1")


def stamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
