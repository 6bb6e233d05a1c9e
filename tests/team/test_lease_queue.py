"""Leases, heartbeats and runs queued for workers, on SQLite and PostgreSQL (in-process)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

import builders
from billdesk.runs import cancel_run, create_run, get_run, queue_run
from billdesk.runs import lease
from billdesk.runs import workers as wk
from billdesk.runs.billing import bill_accounts, make_config
from billdesk.runs.liveness import HOST
from billdesk.runs.worker_loop import WorkerOptions, serve
from billdesk.runs.writer import LostRun, write_batch
from billdesk.store.db import transaction
from billdesk.store.models import AuditEntry, Bill, BillRun, RunWorker

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def owner_of(factory, run_id):
    with factory() as s:
        return s.scalar(select(BillRun.owner).where(BillRun.id == run_id))


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_lease_heartbeat_and_dead_processes(factory):
    builders.build(factory, 30)
    run = queue_run(factory, create_run(factory, "2025-03", "all").id)
    owner = owner_of(factory, run.id)
    far = "elsewhere:4242:aaaa"                 # another machine: only its lease counts
    lease.register(factory, run.id, far, "worker", lease=1)
    assert len(wk.claim_batch(factory, run.id, owner, far, 10)) == 10
    with lease.Heartbeat(factory, run.id, far, lease=1):
        time.sleep(1.8)                         # longer than the lease: renewed meanwhile
        assert lease.stale_tokens(factory, run.id) == []
    time.sleep(1.6)                             # no heartbeat for longer than the lease
    assert lease.stale_tokens(factory, run.id) == [far]
    near = f"{HOST}:{dead_pid()}:bbbb"          # this machine, process gone: at once
    lease.register(factory, run.id, near, "worker", lease=3600)
    assert len(wk.claim_batch(factory, run.id, owner, near, 10)) == 10
    assert set(lease.stale_tokens(factory, run.id)) == {far, near}
    alive = f"{HOST}:{__import__('os').getpid()}:cccc"
    lease.register(factory, run.id, alive, "worker", lease=1)
    assert len(wk.claim_batch(factory, run.id, owner, alive, 5)) == 5
    time.sleep(1.2)                             # our own process: alive whatever the lease
    assert alive not in lease.stale_tokens(factory, run.id)
    assert lease.live_claims(factory, run.id) == 5
    assert lease.release_stale(factory, run.id) == 20
    with factory() as s:
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "run.lease_expired"))
        assert set(audit.details["tokens"]) == {far, near} and audit.details["attempts"] == 20
    assert lease.stale_tokens(factory, run.id) == []


def test_a_batch_taken_back_cannot_be_written_twice(factory):
    """A worker that only looked dead (its lease ran out) writes its batch late: the claim
    re-assertion refuses it, the account keeps the one bill the other worker wrote."""
    builders.build(factory, 12)
    run = queue_run(factory, create_run(factory, "2025-03", "all").id)
    owner = owner_of(factory, run.id)
    slow = "elsewhere:1:slow"
    lease.register(factory, run.id, slow, "worker", lease=1)
    batch = wk.claim_batch(factory, run.id, owner, slow, 12)
    cfg, inputs = make_config(factory, run.id)
    with factory() as s:
        results = bill_accounts(s, cfg, inputs, [b.account_id for b in batch])
    with transaction(factory) as s:
        s.execute(update(RunWorker).where(RunWorker.token == slow)
                  .values(heartbeat_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    stats = serve(factory, WorkerOptions(run_id=run.id, exit_when_idle=True, poll=0.1))
    assert stats.accounts == 12 and stats.finished == [run.id]
    rows = [(b.id, b.account_id, r) for b, r in zip(batch, results)]
    with pytest.raises(LostRun):
        with transaction(factory) as s:
            write_batch(s, run.id, owner, slow, rows, 1.0, claimed=(len(batch), batch.stamp))
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Bill)) == 12
        assert s.execute(select(Bill.account_id).group_by(Bill.account_id)
                         .having(func.count() > 1)).all() == []
    assert get_run(factory, run.id, attempts=False).status == "completed"


def test_queued_run_cancelled_without_and_with_workers(factory):
    builders.build(factory, 400)
    a = queue_run(factory, create_run(factory, "2025-03", "accounts:A00001,A00002").id)
    assert a.status == "running"
    assert get_run(factory, a.id, attempts=False).status == "running"   # never 'interrupted'
    out = cancel_run(factory, a.id)              # no worker at work: cancelled at once
    assert out.status == "cancelled" and out.counts.pending == 2
    b = queue_run(factory, create_run(factory, "2025-03", "all").id)
    seen = {}

    def report(event, d):
        if event == "batch" and "cancel" not in seen:
            seen["cancel"] = cancel_run(factory, b.id)     # as from another client
    stats = serve(factory, WorkerOptions(run_id=b.id, batch_size=20, poll=0.1),
                  report=report)
    assert seen["cancel"].status == "running"            # a request: the worker stops
    assert stats.stopped_by == "run ended" and stats.finished == [b.id]
    info = get_run(factory, b.id, attempts=False)
    assert info.status == "cancelled" and info.counts.pending > 0
    with factory() as s:
        assert {st for (st,) in s.execute(select(Bill.status).where(Bill.run_id == b.id))} \
            <= {"cancelled"}


def test_queued_strict_run_stops_every_worker(factory):
    builders.build(factory, 300, no_data=(150,))
    r = queue_run(factory, create_run(factory, "2025-03", "all", mode="strict").id)
    stop = threading.Event()
    other = threading.Thread(target=serve, args=(factory, WorkerOptions(
        run_id=r.id, batch_size=10, exit_when_idle=True, poll=0.1)),
        kwargs={"should_stop": stop.is_set})
    other.start()
    serve(factory, WorkerOptions(run_id=r.id, batch_size=10, exit_when_idle=True, poll=0.1))
    other.join(60)
    assert not other.is_alive()
    info = get_run(factory, r.id, attempts=False)
    assert info.status == "failed" and "A00151" in info.message
    with factory() as s:
        assert {st for (st,) in s.execute(select(Bill.status).where(Bill.run_id == r.id))} \
            == {"cancelled"}


def test_run_start_workers_0_follows_the_workers(db_url, factory):
    builders.build(factory, 500)
    r = create_run(factory, "2025-03", "all")
    follower = subprocess.Popen([*BILLDESK, "--db", db_url, "run", "start", str(r.id),
                                 "--workers", "0", "--json"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while get_run(factory, r.id, attempts=False).status != "running":
        assert time.monotonic() < deadline and follower.poll() is None, follower.stderr.read()
        time.sleep(0.05)
    stats = serve(factory, WorkerOptions(exit_when_idle=True, batch_size=50, poll=0.1))
    out, err = follower.communicate(timeout=60)
    assert follower.returncode == 0, err
    assert '"status": "completed"' in out and stats.accounts == 500
    assert "(workers)" in err                              # it showed the workers' progress


def test_a_worker_joins_a_run_started_by_run_start(db_url, factory):
    """The owner (``run start`` on another workstation) finishes; the worker helps."""
    builders.build(factory, 3000)
    r = create_run(factory, "2025-03", "all")
    owner = subprocess.Popen([*BILLDESK, "--db", db_url, "run", "start", str(r.id),
                              "--batch-size", "50", "--quiet", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while get_run(factory, r.id, attempts=False).status != "running":
        assert time.monotonic() < deadline and owner.poll() is None, owner.stderr.read()
        time.sleep(0.02)
    stats = serve(factory, WorkerOptions(run_id=r.id, exit_when_idle=True, batch_size=50,
                                         poll=0.1))
    out, err = owner.communicate(timeout=120)
    assert owner.returncode == 0, err
    assert stats.finished == []                  # not ours to finish
    info = get_run(factory, r.id, attempts=True)
    assert info.status == "completed" and info.counts.succeeded == 3000
    kinds = {w.kind: w.accounts for w in info.workers}
    assert kinds["run"] + kinds.get("worker", 0) == 3000
    assert [w["kind"] for w in info.as_dict()["workers"]].count("run") == 1
