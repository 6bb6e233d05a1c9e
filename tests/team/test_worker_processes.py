"""``billdesk worker`` as real processes on a real PostgreSQL server, as the clerk role:
three workers ("three machines") share one 20,000-account run and bill every account exactly
once; the same with one of them killed (SIGKILL) mid-run, whose batch is taken back after
its lease; SIGTERM finishes the batches in flight and exits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

import builders
from billdesk.runs import create_run, get_run
from billdesk.store.models import AuditEntry, Bill, BillingAttempt, RunClaim, RunWorker
from tests.team.conftest import _new_team, clone_team

BILLDESK = [sys.executable, "-m", "billdesk.cli"]
N = 20_000

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def base20k(pg_admin_url):
    """A template database: 20,000 accounts (flat, dynamic, prosumers, a community)."""
    def build(t):
        builders.build(t.factory, N, prosumer_every=10, dynamic_every=20, community=200,
                       no_data=(777,))
    yield from _new_team(pg_admin_url, build=build)


@pytest.fixture
def big(pg_admin_url, base20k):
    yield from clone_team(pg_admin_url, base20k)


def cli(url, *args, host=None, lease=None, **kw):
    env = dict(os.environ)
    if host:
        env["BILLDESK_HOSTNAME"] = host      # looks like another machine: only its lease
    if lease:                                # tells when its batch may be taken back
        env["BILLDESK_LEASE_SECONDS"] = str(lease)
    return subprocess.Popen([*BILLDESK, "--db", url, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **kw)


def finish(p, timeout=240):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        raise AssertionError(f"timed out: {err[-2000:]}")
    return p.returncode, out, err


def wait(cond, timeout=120, what="condition"):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def exactly_once(factory, run_id):
    with factory() as s:
        by = dict(s.execute(select(BillingAttempt.status, func.count())
                            .where(BillingAttempt.run_id == run_id)
                            .group_by(BillingAttempt.status)).all())
        doubled = s.execute(select(Bill.account_id).where(Bill.run_id == run_id)
                            .group_by(Bill.account_id).having(func.count() > 1)).all()
        bills = s.scalar(select(func.count()).select_from(Bill).where(Bill.run_id == run_id))
        billed = set(s.scalars(select(Bill.account_id).where(Bill.run_id == run_id)))
        ok = set(s.scalars(select(BillingAttempt.account_id)
                           .where(BillingAttempt.run_id == run_id,
                                  BillingAttempt.status == "succeeded")))
        claimed = s.scalar(select(func.count()).select_from(BillingAttempt)
                           .where(BillingAttempt.run_id == run_id,
                                  BillingAttempt.claimed_by.is_not(None)))
        claims = s.scalar(select(func.count()).select_from(RunClaim)
                          .where(RunClaim.run_id == run_id))
    assert doubled == [], "an account was billed twice"
    assert sum(by.values()) == N and by.get("pending", 0) == 0, by
    assert billed == ok and bills == len(ok) == by["succeeded"]
    assert claimed == 0
    assert claims == len(ok)             # accounts without a bill released their claim
    return by


def workers_of(factory, run_id):
    with factory() as s:
        return list(s.scalars(select(RunWorker).where(RunWorker.run_id == run_id)))


def test_three_workers_bill_every_account_once(big):
    clerk = big.urls["clerk"]
    run = create_run(big.factory, "2025-03", "all")
    code, out, err = finish(cli(clerk, "run", "start", str(run.id), "--detach", "--json"))
    assert code == 0, err
    assert json.loads(out)["status"] == "running"
    procs = [cli(clerk, "worker", "--run", str(run.id), "--exit-when-idle", "--batch-size",
                 "400", "--json", host=f"machine{k}") for k in (1, 2, 3)]
    results = [finish(p) for p in procs]
    for code, _out, err in results:
        assert code == 0, err
    stats = [json.loads(o) for _c, o, _e in results]
    assert sum(s["accounts"] for s in stats) == N
    assert sum(len(s["finished"]) for s in stats) == 1     # exactly one worker finished it
    info = get_run(big.factory, run.id, attempts=False)
    assert info.status == "completed_with_errors" and info.counts.failed == 1
    exactly_once(big.factory, run.id)
    rows = workers_of(big.factory, run.id)
    assert {w.host for w in rows} == {"machine1", "machine2", "machine3"}
    assert all(w.accounts > 0 and w.kind == "worker" for w in rows)   # all three worked
    assert sum(w.accounts for w in rows) == N
    assert sum(w.batches for w in rows) == sum(s["batches"] for s in stats)


def test_a_worker_killed_mid_run(big):
    clerk = big.urls["clerk"]
    run = create_run(big.factory, "2025-03", "all")
    assert finish(cli(clerk, "run", "start", str(run.id), "--detach"))[0] == 0
    procs = [cli(clerk, "worker", "--run", str(run.id), "--exit-when-idle", "--batch-size",
                 "400", "--poll", "0.5", "--json", host=f"machine{k}", lease=3)
             for k in (1, 2, 3)]
    victim = procs[0]

    def victim_holds_a_batch():
        with big.factory() as s:
            return s.scalar(select(func.count()).select_from(BillingAttempt).where(
                BillingAttempt.run_id == run.id, BillingAttempt.status == "pending",
                BillingAttempt.claimed_by.like(f"machine1:{victim.pid}:%"))) > 0 and \
                s.scalar(select(func.count()).select_from(BillingAttempt).where(
                    BillingAttempt.run_id == run.id,
                    BillingAttempt.status != "pending")) > 1000

    wait(victim_holds_a_batch, what="the victim to hold a batch")
    os.kill(victim.pid, signal.SIGKILL)
    assert finish(victim)[0] == -signal.SIGKILL
    survivors = [finish(p) for p in procs[1:]]
    for code, _out, err in survivors:
        assert code == 0, err
    info = get_run(big.factory, run.id, attempts=False)
    assert info.status == "completed_with_errors", info.message
    exactly_once(big.factory, run.id)
    rows = {w.host: w for w in workers_of(big.factory, run.id)}
    assert rows["machine1"].stopped_at is None                 # it never said goodbye
    assert sum(w.accounts for w in rows.values()) == N
    with big.factory() as s:
        expired = [a.details for a in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "run.lease_expired"))]
    assert expired and any(t.startswith(f"machine1:{victim.pid}:")
                           for d in expired for t in d["tokens"])


def test_sigterm_finishes_the_batch_in_flight(big):
    clerk = big.urls["clerk"]
    run = create_run(big.factory, "2025-03", "all")
    assert finish(cli(clerk, "run", "start", str(run.id), "--detach"))[0] == 0
    p = cli(clerk, "worker", "--batch-size", "1500", "--json")

    def claimed():
        with big.factory() as s:
            return s.scalar(select(func.count()).select_from(BillingAttempt).where(
                BillingAttempt.run_id == run.id,
                BillingAttempt.claimed_by.like(f"%:{p.pid}:%"))) > 0

    wait(claimed, what="a claimed batch")
    p.send_signal(signal.SIGTERM)
    code, out, err = finish(p, timeout=60)
    assert code == 0, err
    stats = json.loads(out)
    assert stats["stopped_by"] == "signal" and stats["accounts"] >= 1500
    with big.factory() as s:
        mine = s.scalar(select(func.count()).select_from(BillingAttempt).where(
            BillingAttempt.run_id == run.id, BillingAttempt.claimed_by.like(f"%:{p.pid}:%")))
        done = s.scalar(select(func.count()).select_from(BillingAttempt).where(
            BillingAttempt.run_id == run.id, BillingAttempt.status != "pending"))
    assert mine == 0                        # every batch it claimed was written
    assert done == stats["accounts"] < N    # and it claimed no more once told to stop
    assert get_run(big.factory, run.id, attempts=False).status == "running"
    # another worker finishes the run
    code, out, err = finish(cli(clerk, "worker", "--exit-when-idle", "--json"))
    assert code == 0, err
    assert json.loads(out)["finished"] == [run.id]
    assert get_run(big.factory, run.id, attempts=False).status == "completed_with_errors"
    exactly_once(big.factory, run.id)


def test_processes_share_a_run_and_stop_on_sigterm(team):
    """``worker --processes 2``: two processes on this machine share the run; SIGTERM to the
    parent reaches both, which write their batches in flight and exit; another worker
    finishes the run."""
    f = team.factory
    builders.build(f, 3000)
    clerk = team.urls["clerk"]
    run = create_run(f, "2025-03", "all")
    assert finish(cli(clerk, "run", "start", str(run.id), "--detach"))[0] == 0
    p = cli(clerk, "worker", "--processes", "2", "--batch-size", "100", "--json")

    def both_working():
        rows = workers_of(f, run.id)
        return len({w.pid for w in rows if w.batches}) == 2

    wait(both_working, what="two worker processes with a batch each")
    p.send_signal(signal.SIGTERM)
    code, out, err = finish(p, timeout=120)
    assert code == 0, err
    stats = json.loads(out)
    assert stats["processes"] == 2 and stats["stopped_by"] == "signal" and stats["accounts"] > 0
    with f() as s:
        held = s.scalar(select(func.count()).select_from(BillingAttempt).where(
            BillingAttempt.run_id == run.id, BillingAttempt.claimed_by.is_not(None)))
    assert held == 0                            # both wrote what they had claimed
    assert {w.pid for w in workers_of(f, run.id)} and all(
        w.stopped_at is not None for w in workers_of(f, run.id))
    code, out, err = finish(cli(clerk, "worker", "--exit-when-idle", "--json"))
    assert code == 0, err
    info = get_run(f, run.id, attempts=False)
    assert info.status == "completed" and info.counts.succeeded == 3000
    with f() as s:
        assert s.execute(select(Bill.account_id).where(Bill.run_id == run.id)
                         .group_by(Bill.account_id).having(func.count() > 1)).all() == []
