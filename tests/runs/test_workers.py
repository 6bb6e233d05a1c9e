"""``start_run(workers=N)``: worker processes claiming batches through the database, on SQLite
and PostgreSQL: same bills as one process, strict stop, cancel, kill -9 of a worker or of the
parent, then resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

import builders
from billdesk.runs import cancel_run, create_run, get_run, start_run
from billdesk.runs.liveness import _pid_alive
from billdesk.store.db import transaction
from billdesk.store.models import AuditEntry, Bill, BillingAttempt, BillLineRow, RunClaim

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def _bills(factory, run_id):
    with factory() as s:
        bills = {a: (str(t), st) for a, t, st in s.execute(
            select(Bill.account_id, Bill.total, Bill.status).where(Bill.run_id == run_id))}
        lines = dict(s.execute(select(Bill.account_id, func.count())
                               .join(BillLineRow, BillLineRow.bill_id == Bill.id)
                               .where(Bill.run_id == run_id).group_by(Bill.account_id)).all())
        per_account = s.execute(select(Bill.account_id).where(Bill.run_id == run_id)
                                .group_by(Bill.account_id).having(func.count() > 1)).all()
    assert per_account == [], "an account has two bills"
    return bills, lines


def test_two_workers_bill_like_one(db):
    _url, factory = db
    n = 240
    builders.build(factory, n, community=70, prosumer_every=4, dynamic_every=9, no_data=(5,))
    one = start_run(factory, create_run(factory, "2025-03", "all").id, batch_size=25)
    assert one.status == "completed_with_errors" and one.counts.succeeded == n - 1
    ref_bills, ref_lines = _bills(factory, one.id)
    cancel_run(factory, one.id)              # frees the accounts for a second run
    seen = []
    two = start_run(factory, create_run(factory, "2025-03", "all").id, workers=2,
                    batch_size=25, progress=lambda d, t, m: seen.append((d, t)))
    assert two.status == "completed_with_errors", two.message
    assert (two.counts.succeeded, two.counts.failed, two.counts.pending) == (n - 1, 1, 0)
    assert two.total_amount == one.total_amount
    bills, lines = _bills(factory, two.id)
    assert {a: t for a, (t, _s) in bills.items()} == {a: t for a, (t, _s) in ref_bills.items()}
    assert lines == ref_lines
    assert seen[-1] == (n, n) and len(seen) >= n // 25
    # the processes that billed show as workers (the run detail's Workers tab), each with
    # its own accounts, batches and throughput; the one process run is the run's own
    procs = get_run(factory, two.id).workers
    assert [w.kind for w in procs] == ["worker", "worker"]
    assert sum(w.accounts for w in procs) == n and sum(w.batches for w in procs) >= n // 25
    assert all(w.stopped_at is not None for w in procs)
    assert [w.kind for w in get_run(factory, one.id).workers] == ["run"]
    with factory() as s:   # claims released for the accounts without a draft bill only
        assert s.scalar(select(func.count()).select_from(RunClaim)
                        .where(RunClaim.run_id == two.id)) == n - 1
        assert s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.claimed_by.is_not(None))) == 0


def test_strict_stops_all_workers(db):
    _url, factory = db
    builders.build(factory, 2000, no_data=(130,))  # many batches left when one fails
    r = create_run(factory, "2025-03", "all", mode="strict")
    out = start_run(factory, r.id, workers=2, batch_size=20)
    assert out.status == "failed"
    assert "A00131" in out.message and "NO_METER_DATA" in out.message
    assert out.counts.failed == 1 and out.counts.pending > 0
    bills, _ = _bills(factory, r.id)
    assert bills and {st for _t, st in bills.values()} == {"cancelled"}
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RunClaim)) == 0


def test_cancel_stops_all_workers(db):
    _url, factory = db
    # enough batches that the cancel (a write competing with the workers' writes) always
    # lands before the last one, even on a loaded machine
    builders.build(factory, 2000)
    r = create_run(factory, "2025-03", "all")
    state = {}

    def progress(done, total, msg):
        if done >= 40 and "req" not in state:
            state["req"] = cancel_run(factory, r.id)   # as from another process

    out = start_run(factory, r.id, workers=2, batch_size=20, progress=progress)
    assert state["req"].status == "running"
    assert out.status == "cancelled" and out.counts.pending > 0
    bills, _ = _bills(factory, r.id)
    assert {st for _t, st in bills.values()} == {"cancelled"}
    # the caller's cancelled() callback works the same way
    r2 = create_run(factory, "2025-03", "all")
    flag = {}
    out2 = start_run(factory, r2.id, workers=2, batch_size=20,
                     progress=lambda d, t, m: d >= 40 and flag.update(go=True),
                     cancelled=lambda: flag.get("go", False))
    assert out2.status == "cancelled" and out2.counts.pending > 0


def _done(factory, run_id) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.run_id == run_id,
                               BillingAttempt.status != "pending"))


def _claimers(factory, run_id) -> set[int]:
    with factory() as s:
        toks = set(s.scalars(select(BillingAttempt.claimed_by)
                             .where(BillingAttempt.run_id == run_id,
                                    BillingAttempt.claimed_by.is_not(None))))
    return {int(t.split(":")[1]) for t in toks}


def _start_cli(url, run_id):
    return subprocess.Popen([*BILLDESK, "--db", url, "run", "start", str(run_id), "--workers",
                             "2", "--batch-size", "20", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_claimed(factory, run_id, at_least: int) -> set[int]:
    """Wait until ``at_least`` attempts are done and some batch is claimed; the claimers' pids
    as seen in that same moment (a batch may be written a moment later)."""
    seen: dict = {}

    def ready():
        if _done(factory, run_id) < at_least:
            return False
        seen["pids"] = _claimers(factory, run_id)
        return bool(seen["pids"])

    _wait(ready)
    return seen["pids"]


def _wait(cond, timeout=60):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_kill_worker_or_parent_then_resume(db):
    url, factory = db
    n = 3000
    builders.build(factory, n, community=50, no_data=(700,))
    r = create_run(factory, "2025-03", "all")
    # 1. kill -9 one worker: the parent stops the other, the run is interrupted (exit 1)
    p = _start_cli(url, r.id)
    victim = sorted(_wait_claimed(factory, r.id, 100))[0]
    assert victim != p.pid
    os.kill(victim, signal.SIGKILL)
    code = p.wait(60)
    err = p.stderr.read()
    p.stdout.close()
    p.stderr.close()
    assert code == 1, err
    assert "killed by signal 9" in err and "interrupted" in err
    info = get_run(factory, r.id, attempts=False)
    assert info.status == "interrupted" and 0 < info.counts.pending < n
    builders.check_atomic(factory, r.id)
    # 2. resumed, then kill -9 of the parent: its workers die with it
    before = _done(factory, r.id)
    p = _start_cli(url, r.id)
    workers = _wait_claimed(factory, r.id, before + 60)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(30)
    p.stdout.close()
    p.stderr.close()
    _wait(lambda: not any(_pid_alive(w) for w in workers), 20)
    info = get_run(factory, r.id, attempts=False)   # detects the dead owner
    assert info.status == "interrupted" and info.counts.pending > 0
    builders.check_atomic(factory, r.id)
    # 3. resume: only the pending attempts, each account billed once
    out = start_run(factory, r.id, workers=2, batch_size=50)
    assert out.status == "completed_with_errors"
    assert (out.counts.succeeded, out.counts.failed, out.counts.pending) == (n - 1, 1, 0)
    builders.check_atomic(factory, r.id)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Bill)) == n - 1


def test_join_a_running_run(db):
    """A second process joins with --join while the owner executes the run."""
    url, factory = db
    n = 600
    builders.build(factory, n)
    r = create_run(factory, "2025-03", "all")
    state = {}

    def progress(done, total, msg):
        if done >= 40 and "joiner" not in state:
            state["joiner"] = subprocess.Popen(
                [*BILLDESK, "--db", url, "run", "start", str(r.id), "--join", "--batch-size",
                 "20", "--quiet", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True)
            # the owner waits (in its progress callback) until the joiner has claimed a batch
            deadline = time.monotonic() + 30
            while not (_claimers(factory, r.id) - {os.getpid()}):
                assert time.monotonic() < deadline and state["joiner"].poll() is None, \
                    state["joiner"].stderr.read()
                time.sleep(0.01)

    out = start_run(factory, r.id, batch_size=20, progress=progress)
    j = state["joiner"]
    assert j.wait(60) == 0, j.stderr.read()
    j.stdout.close()
    j.stderr.close()
    assert out.status == "completed" and out.counts.succeeded == n
    builders.check_atomic(factory, r.id)
    with transaction(factory) as s:
        joined = s.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "run.join"))
    assert joined == 1
