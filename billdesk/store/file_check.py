"""The app's background check of a SQLite file: when it is owed, and run in a child process.

``PRAGMA quick_check`` reads the whole file (~6 s per GB: ~45 s on a 7.4 GB database). The
app used to run it on a thread at every start; that thread's Python held the interpreter
lock in pieces while the clerk worked (page switches 145 ms longer, once a 13 s quality
check took 184 s), and the app's first write waited for it. Two changes, both only where the
app turns them on (:func:`enable`; the command line and the tests keep checking every time):

**Only when owed.** What corrupts a SQLite file (https://www.sqlite.org/howtocorrupt.html) is
not SQLite's own transactions: it is something else writing into the file or replacing it (a
restore, a copy, a sync tool, another program), a crash or power loss on a disk that does
not keep its write order, and faults of the medium. So after a clean check the app records
the file's identity and state — device, inode, size, modification time — in
``file-checks.json`` in the user's billdesk folder (not in the database: writing there would
change what is compared). At the next start the check is skipped when all of these are the
same, the ``-wal`` is empty or absent (a crash, or another process writing now, leaves
transactions there) and the last full check is younger than ``MAX_AGE_DAYS`` (faults of the
medium show in pages nobody wrote: once a week the whole file is read anyway). When the app
closes cleanly it renews the record of a file it had found clean at its start and that is
still the same file (same inode): what changed meanwhile was written through SQLite. A crash
or a kill renews nothing, so the next start checks; so does any change made while no
billdesk app had the file open (a restore, a copy, a command-line run).

**In a child process.** When it runs, the check runs in a spawned child at the lowest CPU
priority (Linux's I/O priority follows it), so no thread of the app holds the lock for it.
A child that dies (killed, out of memory) is no verdict: the check then runs in process as
before. A damaged file is refused exactly as before (``StorageError(kind="corrupt")``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

MAX_AGE_DAYS = 7
RECORD_NAME = "file-checks.json"

_lock = threading.Lock()
_folder: Path | None = None        # where the records are kept; None: not enabled
_clean: dict[str, tuple[int, int]] = {}   # files found clean at this start: (device, inode)


def enable(folder: str | os.PathLike | None) -> None:
    """The app: records in ``folder`` (None: off again, every deferred check runs)."""
    global _folder
    with _lock:
        _folder = None if folder is None else Path(folder)
        _clean.clear()


def enabled() -> bool:
    return _folder is not None


def state(path: str | os.PathLike) -> dict | None:
    """What is compared: the file's identity, size and modification time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return {"dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _wal_frames(path: str) -> bool:
    """Whether ``path``'s ``-wal`` holds anything: transactions of another process that has
    the file open, or left by one that crashed (the app itself writes nothing before the
    check; the last connection to close removes the ``-wal``)."""
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def _records_path() -> Path | None:
    return None if _folder is None else _folder / RECORD_NAME


def _read() -> dict:
    p = _records_path()
    if p is None:
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(records: dict) -> None:
    p = _records_path()
    if p is None:
        return
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + ".tmp")
        tmp.write_text(json.dumps(records, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, p)
    except OSError as exc:          # no record: the next start checks again
        log.warning("could not record the file check in %s: %s", p, exc)


def unchanged_since_clean_check(path: str, now: float | None = None) -> bool:
    """True when ``path`` is the file last checked clean, unchanged, checked recently."""
    with _lock:
        if _folder is None:
            return False
        rec = _read().get(path)
        cur = state(path)
        if not isinstance(rec, dict) or cur is None:
            return False
        age = (now if now is not None else time.time()) - float(rec.get("checked_at", 0))
        if not 0 <= age <= MAX_AGE_DAYS * 86400:
            return False
        if any(rec.get(k) != v for k, v in cur.items()) or _wal_frames(path):
            return False
        _clean[path] = (cur["dev"], cur["ino"])
        return True


def record_clean(path: str, before: dict | None) -> None:
    """The check of ``path`` passed; ``before`` is its :func:`state` taken before the check
    began (a change made during the check then shows at the next start)."""
    if before is None:
        return
    with _lock:
        if _folder is None:
            return
        records = _read()
        records[path] = {**before, "checked_at": time.time()}
        _write(records)
        _clean[path] = (before["dev"], before["ino"])


def record_clean_close() -> None:
    """The app closes cleanly, every connection of it closed: renew the record of each file
    found clean at this start that is still the same file, keeping the time of its last full
    check (``MAX_AGE_DAYS`` counts from that)."""
    with _lock:
        if _folder is None or not _clean:
            return
        records = _read()
        for path, ident in list(_clean.items()):
            cur, rec = state(path), records.get(path)
            if cur is None or not isinstance(rec, dict) or (cur["dev"], cur["ino"]) != ident:
                records.pop(path, None)
                continue
            records[path] = {**cur, "checked_at": rec.get("checked_at", 0)}
        _write(records)


def forget(path: str) -> None:
    """A damaged file: no record, so it is checked (and refused) at every start."""
    with _lock:
        _clean.pop(path, None)
        if _folder is None:
            return
        records = _read()
        if records.pop(path, None) is not None:
            _write(records)


# --------------------------------------------------------------------------- the child
def _child(path: str, conn) -> None:
    try:
        os.nice(19)
    except (AttributeError, OSError):
        pass
    import sqlite3
    from urllib.parse import quote

    try:
        c = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30)
        try:
            problems = [r[0] for r in c.execute("PRAGMA quick_check(5)")]
        finally:
            c.close()
        conn.send(("ok", problems))
    except sqlite3.OperationalError as exc:   # locked, cannot open, I/O: not about the bytes
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    except sqlite3.DatabaseError as exc:      # "file is not a database", "malformed"
        conn.send(("ok", [str(exc)]))
    except Exception as exc:  # noqa: BLE001 - no verdict: the app checks in process
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def quick_check_in_child(path: str) -> list[str] | None:
    """``PRAGMA quick_check(5)``'s rows for ``path``, run in a child process at the lowest
    priority; None when the child gave no verdict (died, could not open the file)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(path, send), daemon=True,
                       name="billdesk-file-check")
    proc.start()
    send.close()
    try:
        msg = receive.recv()
    except (EOFError, OSError):
        msg = None
    finally:
        receive.close()
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join(5)
    if not msg or msg[0] != "ok":
        log.warning("the file check's child gave no verdict (%s): checking in process",
                    msg[1] if msg else f"exit code {proc.exitcode}")
        return None
    return list(msg[1])


__all__ = ["MAX_AGE_DAYS", "enable", "enabled", "forget", "quick_check_in_child",
           "record_clean", "record_clean_close", "state", "unchanged_since_clean_check"]
