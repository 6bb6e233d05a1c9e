"""Looking at a SQLite file's header without breaking this process's own locks on it.

SQLite's locks on a database file are POSIX advisory locks, and POSIX drops *every* lock a
process holds on a file when the process closes *any* descriptor of it — also one opened by
plain ``open()`` to read 100 bytes of header ("How To Corrupt An SQLite Database File",
section 2.2, https://www.sqlite.org/howtocorrupt.html). After that another process sees the
file unused: the last of its connections to close checkpoints the WAL and deletes the
``-wal`` and ``-shm`` files under this process's open connections, whose next statement
fails with "disk I/O error" (or, with writers on both sides, worse).

So a file is read with ``open()`` only while no SQLite connection of this process can have
it open: every engine billdesk makes registers its file's inode at its first connection
(:func:`note_open`). For a registered file the facts come from SQLite itself — its own
file layer keeps a descriptor it would close open while other connections of the process
hold locks on the file: ``PRAGMA application_id`` through a short read-only connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

#: the first 16 bytes of every SQLite 3 database file
SQLITE_HEADER = b"SQLite format 3\x00"

_lock = threading.Lock()
_opened: set[tuple[int, int]] = set()     # (device, inode) of files SQLite may hold open here


def _key(path: str | os.PathLike) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def note_open(path: str | os.PathLike) -> None:
    """Register ``path`` as (possibly) open by a SQLite connection of this process."""
    key = _key(path)
    if key is not None:
        with _lock:
            _opened.add(key)


def may_be_open(path: str | os.PathLike) -> bool:
    """Whether a SQLite connection of this process may hold ``path`` open (and its locks)."""
    key = _key(path)
    with _lock:
        return key is not None and key in _opened


def read_header(path: str | os.PathLike, size: int = 100) -> bytes | None:
    """The first ``size`` bytes of ``path`` read with ``open()`` — or None when a SQLite
    connection of this process may have the file open (reading it would drop its locks).
    OSError as ``open()`` raises it."""
    if may_be_open(path):
        return None
    with open(path, "rb") as f:
        return f.read(size)


def application_id(path: str | os.PathLike) -> int | None:
    """The header's ``application_id`` (offset 68) of a SQLite file this process may have
    open, read through SQLite; None when it cannot be read as a database."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()
