"""Which process executes a run, and noticing runs whose process died (-> ``interrupted``).

A running run records its owner ``host:pid:token`` and a heartbeat (updated with every batch
commit). A run is *interrupted* when its owner runs on this host and the process is gone, or,
for another host, when the heartbeat is older than ``STALE_AFTER``. A run queued for workers
(owner ``queue:token``, see billdesk.runs.queued) has no owning process and is never
interrupted: the lease of each claimed batch (billdesk.runs.lease) recovers from a dead worker.

``BILLDESK_HOSTNAME`` overrides the host name in the tokens (tests make one machine look like
several with it; a real host needs no setting).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from billdesk.domain.run import RunStatus
from billdesk.store import audit
from billdesk.store.db import is_readonly, transaction
from billdesk.store.models import BillRun

STALE_AFTER = timedelta(minutes=5)
HOST = (os.environ.get("BILLDESK_HOSTNAME") or socket.gethostname())[:40]
QUEUE = "queue:"     # the owner of a run that only workers execute


def is_queued(owner: str | None) -> bool:
    return bool(owner) and owner.startswith(QUEUE)


def new_owner() -> str:
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped is a zombie: dead for us
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def process_command(pid: int) -> str | None:
    """The command line of a live process on this machine (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            raw = f.read()
    except OSError:
        return None
    return raw.replace(b"\x00", b" ").decode("utf-8", "replace").strip() or None


def is_billdesk_process(pid: int) -> bool | None:
    """True/False when the process's command line tells, None when it cannot be read."""
    cmd = process_command(pid)
    if cmd is None:
        return None
    return "billdesk" in cmd


def force_interrupt(factory: sessionmaker, run_id: int) -> str:
    """``run start --force-resume``: a run recorded as running whose owner is a live process
    that is *not* billdesk (its pid was reused, e.g. after a restart) is marked interrupted,
    so that it can be resumed. Refused (InputError) when the owner is billdesk, runs on
    another machine with a fresh heartbeat, or cannot be checked. Returns what was done."""
    from billdesk.domain.errors import InputError
    from billdesk.runs.queries import load_run

    with factory() as s:
        run = load_run(s, run_id)
        status, owner, heartbeat = run.status, run.owner, run.heartbeat_at
    if status != RunStatus.RUNNING:
        return f"run {run_id} is {status}; nothing to take over"
    host, _, rest = (owner or "").partition(":")
    pid = rest.partition(":")[0]
    if owner and host == HOST and pid.isdigit():
        if _pid_alive(int(pid)):
            verdict = is_billdesk_process(int(pid))
            if verdict is None:
                raise InputError(f"run {run_id} is recorded as executed by process {pid}, "
                                 "which is alive and cannot be inspected; stop it first",
                                 field="--force-resume")
            if verdict:
                raise InputError(f"run {run_id} is being executed by billdesk process {pid} "
                                 f"({(process_command(int(pid)) or '')[:80]}); cancel the run "
                                 "('run cancel') or stop that process instead",
                                 field="--force-resume")
    elif owner_alive(owner, heartbeat):
        raise InputError(f"run {run_id} is executed on another machine ({owner}) whose "
                         f"heartbeat is recent; --force-resume takes over only from a process "
                         f"on this machine or after {int(STALE_AFTER.total_seconds() // 60)} "
                         "minutes without a heartbeat", field="--force-resume")
    with transaction(factory) as s:
        n = s.execute(update(BillRun).where(BillRun.id == run_id,
                                            BillRun.status == RunStatus.RUNNING,
                                            BillRun.owner == owner)
                      .values(status=RunStatus.INTERRUPTED,
                              message=f"taken over (--force-resume): recorded owner {owner} "
                              "is not executing it")).rowcount
        if n:
            audit.record(s, "run.force_resume", "bill_run", run_id, {"owner": owner})
    return f"run {run_id}: recorded owner {owner} is not billdesk; taking the run over"


def owner_alive(owner: str | None, heartbeat: datetime | None,
                now: datetime | None = None) -> bool:
    if not owner:
        return False
    if is_queued(owner):
        return True
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host == HOST and pid.isdigit():
        return _pid_alive(int(pid))
    now = now or datetime.now(timezone.utc)
    return heartbeat is not None and now - heartbeat < STALE_AFTER


def detect_interrupted(factory: sessionmaker, run_id: int | None = None) -> list[int]:
    """Mark running runs whose owner is gone as interrupted; their ids. A database user who
    may not change runs (a viewer) leaves them as they are: they are marked by the next
    user who may (or by ``run start``)."""
    with factory() as s:
        q = select(BillRun.id, BillRun.owner, BillRun.heartbeat_at).where(
            BillRun.status == RunStatus.RUNNING)
        if run_id is not None:
            q = q.where(BillRun.id == run_id)
        dead = [(i, o) for i, o, hb in s.execute(q).all() if not owner_alive(o, hb)]
    done = []
    engine = factory.kw.get("bind")
    if dead and engine is not None and is_readonly(engine):
        return []   # a read-only copy: shown as it is, nothing can be marked
    for rid, owner in dead:
        try:
            if _mark_interrupted(factory, rid, owner):
                done.append(rid)
        except DBAPIError as exc:
            from billdesk.store.access import permission_error

            if permission_error(exc) is None:
                raise
    return done


def _mark_interrupted(factory: sessionmaker, rid: int, owner: str) -> bool:
    with transaction(factory) as s:
        n = s.execute(update(BillRun).where(BillRun.id == rid,
                                            BillRun.status == RunStatus.RUNNING,
                                            BillRun.owner == owner)
                      .values(status=RunStatus.INTERRUPTED,
                              message=f"interrupted: process {owner} stopped without "
                              "finishing; 'run start' resumes it")).rowcount
        if n:
            audit.record(s, "run.interrupted", "bill_run", rid, {"owner": owner})
        return bool(n)
