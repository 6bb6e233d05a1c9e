"""Writing export files safely: never through a planted symlink, never outside the folder,
never half a file under the final name.

``write_atomic`` creates its temporary file with ``O_CREAT | O_EXCL | O_NOFOLLOW`` (a new,
unpredictable name ``.NAME.<pid>.<random>.part`` in the output folder: nothing that exists
there, a symlink included, is ever opened), writes and closes it, then renames it over the
final name with ``os.replace`` (atomic; a symlink at the final name is replaced itself, its
target is never written). On any failure the temporary file is removed.
``remove_stale_parts`` deletes what an export killed half-way left behind.
"""

from __future__ import annotations

import errno
import os
import re
import secrets

_PART = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{12}\.part$")
_LEGACY_PART = re.compile(r"^[^.].*\.pdf\.part$")   # NAME.pdf.part of earlier versions
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | \
    getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_atomic(folder: str, name: str, data: bytes, mode: int = 0o644) -> str:
    """Write ``data`` to ``folder/name`` atomically; returns the final path. ``name`` must be
    a plain file name (no separator)."""
    if os.sep in name or (os.altsep and os.altsep in name) or name in ("", ".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    path = os.path.join(folder, name)
    for _ in range(20):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(6)}.part")
        try:
            fd = os.open(tmp, _FLAGS, mode)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 20 collisions of 48 random bits
        raise FileExistsError(errno.EEXIST, "cannot create a temporary file", folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def _pid_alive(pid: int) -> bool:
    from billdesk.children import pid_alive

    return pid == os.getpid() or pid_alive(pid)   # a zombie is dead


def remove_stale_parts(folder: str) -> int:
    """Delete the temporary files of exports that died (their process is gone) and legacy
    ``NAME.pdf.part`` files; a symlink is removed itself, never followed. Returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for e in entries:
        m = _PART.match(e.name)
        stale = (m is not None and not _pid_alive(int(m[1]))) or _LEGACY_PART.match(e.name)
        if not stale:
            continue
        try:
            if e.is_symlink() or e.is_file(follow_symlinks=False):
                os.unlink(e.path)
                removed += 1
        except OSError:
            pass
    return removed
