"""Child processes that die with their parent: a killed export or run leaves no orphans.

``die_with_parent(parent_pid)`` is the first thing a worker process does. On Linux the
kernel sends it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a
daemon thread also checks every half second that the parent is still the one that started
it (a process whose parent died is re-parented) and ends the worker if not.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def _prctl_deathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # noqa: BLE001 - the watchdog thread covers it
        pass


def _watch(parent: int, interval: float) -> None:
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent_pid: int | None = None, interval: float = 0.5) -> None:
    """End this process when ``parent_pid`` (default: the current parent) is gone."""
    parent = os.getppid() if parent_pid is None else parent_pid
    _prctl_deathsig()
    if os.getppid() != parent:   # the parent died before the death signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, interval), daemon=True,
                     name="billdesk-parent-watch").start()


def pid_alive(pid: int) -> bool:
    """A process with this id runs on this machine (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def this_process() -> str:
    """``host:pid`` of this process."""
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def process_alive(owner: str | None) -> bool:
    """Whether ``host:pid[:…]`` names a live process; a process on another host counts as
    alive (it cannot be checked from here)."""
    import socket

    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True
    return pid_alive(int(pid))
