"""Runs executed entirely by workers: ``run start ID --detach`` / ``--workers 0``, the GUI's
"Queue for workers".

``queue_run`` starts the run like ``run start`` (draft|interrupted -> running, account claims
for a draft, audit) but no process of ours bills it: its owner is ``queue:<token>``, which
``billdesk worker`` processes (any number, any machine) recognise. Such a run is never marked
interrupted (it has no process to lose); a dead worker's batch is taken back after its lease
(billdesk.runs.lease). The worker that finds the run without pending attempts — or, after a
cancel or strict stop, without batches still being worked on — finishes it
(``finish_if_done``), exactly as ``run start`` would; a cancel with no worker at work is
finished at once by ``run cancel`` itself.
"""

from __future__ import annotations

import time
import uuid
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from billdesk.domain.errors import InputError
from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.runs import lease
from billdesk.runs.info import RunInfo
from billdesk.runs.liveness import QUEUE, detect_interrupted, is_queued
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.writer import LostRun
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import BillingAttempt


def queue_run(factory, run_id: int, who: str | None = None) -> RunInfo:
    """Start ``run_id`` for workers and return at once (status ``running``)."""
    from billdesk.runs.execute import _begin

    detect_interrupted(factory, run_id)
    owner = f"{QUEUE}{uuid.uuid4().hex[:12]}"
    resumed = _begin(factory, run_id, owner, who)
    with transaction(factory) as s:
        audit.record(s, "run.queue", "bill_run", run_id, {"owner": owner, "resumed": resumed},
                     who=who)
        return run_info(s, load_run(s, run_id))


def pending_counts(factory, run_id: int) -> tuple[int, int]:
    """(pending attempts, of them claimed)."""
    att = BillingAttempt.__table__
    with factory() as s:
        row = s.execute(select(func.count(), func.count(att.c.claimed_by))
                        .where(att.c.run_id == run_id,
                               att.c.status == AttemptStatus.PENDING.value)).one()
    return int(row[0]), int(row[1])


def finish_if_done(factory, run_id: int, who: str | None = None) -> RunInfo | None:
    """Finish a queued run that has nothing left to do; None while work remains (or when it
    is not a running queued run, or another worker finishes it at the same moment)."""
    from billdesk.runs.execute import _finish

    with factory() as s:
        run = load_run(s, run_id)
        status, owner, cancel = run.status, run.owner, bool(run.cancel_requested)
    if status != RunStatus.RUNNING or not is_queued(owner):
        return None
    pending, claimed = pending_counts(factory, run_id)
    if cancel:
        if claimed:
            lease.release_stale(factory, run_id, who=who)
            if lease.live_claims(factory, run_id):
                return None     # workers stop after their batch; the last one finishes
        stop = "cancelled"      # _finish turns it into 'strict' after a strict failure
    elif pending:
        return None
    else:
        stop = None
    try:
        return _finish(factory, run_id, owner, stop, None, who)
    except LostRun:
        return None             # finished (or changed) by another process meanwhile
    except OperationalError:    # e.g. a deadlock with a batch written at this moment:
        return None             # the next look finishes it


def follow_run(factory, run_id: int, progress: Callable[[int, int, str], None],
               cancelled: Callable[[], bool] | None = None,
               poll: float = 0.5) -> RunInfo:
    """Wait until a running run ends, reporting its progress (all workers' work); on
    PostgreSQL woken by its notifications (billdesk.store.notify), else polling."""
    import threading

    from billdesk.runs.queries import run_counts
    from billdesk.store import notify

    wake = threading.Event()
    listener = notify.listen(factory, lambda ev: (ev.run in (None, run_id)) and wake.set())
    t0, d0 = time.monotonic(), None
    try:
        while True:
            with factory() as s:
                run = load_run(s, run_id)
                counts, _errors = run_counts(s, run_id)
                if run.status != RunStatus.RUNNING:
                    return run_info(s, run)
            done = counts.total - counts.pending
            d0 = done if d0 is None else d0
            dt = time.monotonic() - t0
            rate = (done - d0) / dt if dt > 0.5 else 0.0
            progress(done, counts.total, f"{rate:,.0f} accounts/s (all workers)"
                     if rate else "waiting for workers")
            if cancelled is not None and cancelled():
                raise InputError(f"stopped following run {run_id}; it goes on with its "
                                 "workers ('run cancel' stops it)")
            wake.wait(poll if listener is None else max(poll, 2.0))
            wake.clear()
    finally:
        if listener is not None:
            listener.stop()
