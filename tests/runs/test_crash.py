"""A run killed with SIGKILL at any moment is interrupted, resumes, and bills each account once;
two processes starting overlapping runs cannot both bill an account."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

import builders
from billdesk.runs import create_run, get_run, list_runs, start_run
from billdesk.store.models import Bill, BillingAttempt, RunClaim

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def _cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([*BILLDESK, "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _done(factory, run_id) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.run_id == run_id,
                               BillingAttempt.status != "pending"))


def test_sigkill_then_resume(factory, db_path):
    n = 2500
    builders.build(factory, n, no_data=(100, 2000))
    run = create_run(factory, "2025-03", "all")
    kills = 0
    # kill at different points: during start-up/claims, early batches, late batches
    for target in (0, 300, 1400):
        before = _done(factory, run.id)
        p = _cli(db_path, "run", "start", str(run.id), "--batch-size", "25", "--quiet")
        deadline = time.monotonic() + 60
        while p.poll() is None and time.monotonic() < deadline:
            if target == 0:   # right after the start transaction (claims written)
                with factory() as s:
                    if s.scalar(select(func.count()).select_from(RunClaim)):
                        break
            elif _done(factory, run.id) >= before + target:
                break
            time.sleep(0.005)
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
        p.stdout.close()
        p.stderr.close()
        info = get_run(factory, run.id, attempts=False)
        assert info.status in ("interrupted", "completed_with_errors"), info
        if info.status == "interrupted":
            assert [r.status for r in list_runs(factory)] == ["interrupted"]
        builders.check_atomic(factory, run.id)
    assert kills >= 2
    out = start_run(factory, run.id)
    assert out.status == "completed_with_errors"
    assert out.counts.pending == 0 and out.counts.succeeded == n - 2 and out.counts.failed == 2
    builders.check_atomic(factory, run.id)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Bill)) == n - 2


def test_two_processes_overlapping_runs(factory, db_path):
    builders.build(factory, 600)
    a = create_run(factory, "2025-03", "all")
    b = create_run(factory, "2025-03", "accounts:A00300,A00301")
    pa = _cli(db_path, "run", "start", str(a.id), "--quiet", "--batch-size", "50")
    pb = _cli(db_path, "run", "start", str(b.id), "--quiet")
    ra, rb = pa.wait(60), pb.wait(60)
    errs = pa.stderr.read() + pb.stderr.read()
    for p in (pa, pb):
        p.stdout.close()
        p.stderr.close()
    assert sorted([ra, rb]) == [0, 2], errs
    assert "already in another active run" in errs
    with factory() as s:
        per_account = s.execute(select(Bill.account_id, func.count()).group_by(Bill.account_id)
                                .having(func.count() > 1)).all()
        assert per_account == []
        claims = s.scalar(select(func.count()).select_from(RunClaim))
    winner = a.id if ra == 0 else b.id
    assert get_run(factory, winner, attempts=False).status == "completed"
    assert claims == get_run(factory, winner, attempts=False).counts.succeeded
