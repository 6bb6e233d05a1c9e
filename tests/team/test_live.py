"""Live between clients on PostgreSQL: notifications from another process's run; two app
instances (processes, through the app's own services) finalizing at once."""

from __future__ import annotations

import multiprocessing as mp
import queue
import subprocess
import sys
import time
from datetime import date

import pytest
from sqlalchemy import select

import builders
from billdesk.runs import create_run, get_run, start_run
from billdesk.store import notify
from billdesk.store.models import Bill

BILLDESK = [sys.executable, "-m", "billdesk.cli"]
pytestmark = pytest.mark.postgres


def test_notifications_follow_another_process(team):
    builders.build(team.factory, 600)
    run = create_run(team.factory, "2025-03", "all")
    events: queue.Queue = queue.Queue()
    listener = notify.listen(team.url, lambda ev: events.put((time.monotonic(), ev)))
    assert listener is not None and listener.connected.is_set()
    try:
        first = events.get(timeout=5)[1]
        assert first.run is None and first.op == "connected"
        p = subprocess.run([*BILLDESK, "--db", team.urls["clerk"], "run", "start",
                            str(run.id), "--batch-size", "100", "--quiet"],
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        finished = time.monotonic()
        seen = []
        while True:
            try:
                seen.append(events.get(timeout=5))
            except queue.Empty:
                break
            if seen[-1][1].status == "completed":
                break
        statuses = [ev.status for _t, ev in seen if ev.run == run.id]
        assert statuses[0] == "running" and statuses[-1] == "completed"
        assert statuses.count("running") >= 6       # one per batch commit (progress)
        assert seen[-1][0] - finished < 2.0         # delivered at once, not polled
        subprocess.run([*BILLDESK, "--db", team.urls["approver"], "run", "finalize",
                        str(run.id)], capture_output=True, check=True, timeout=60)
        t, ev = events.get(timeout=5)
        assert (ev.run, ev.status) == (run.id, "finalized")
    finally:
        listener.stop()
    assert not listener._thread.is_alive()


def test_listener_reconnects(team):
    from sqlalchemy import text

    events: queue.Queue = queue.Queue()
    listener = notify.listen(team.url, lambda ev: events.put(ev))
    try:
        assert events.get(timeout=5).op == "connected"
        with team.engine.connect() as c:      # the server drops the listener's connection
            c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"))
        ev = events.get(timeout=15)
        assert ev.run is None and ev.op == "reconnected"
        builders.build(team.factory, 2)
        r = create_run(team.factory, "2025-03", "all")
        ev = events.get(timeout=5)
        assert (ev.run, ev.status, ev.op) == (r.id, "draft", "insert")
    finally:
        listener.stop()


def _finalize(url, run_id, barrier, out):
    """One app instance: the app's own service (billdesk.gui.jobs), no Qt."""
    from billdesk.domain.errors import InputError
    from billdesk.gui import jobs

    barrier.wait(30)
    try:
        res = jobs.finalize_run(url, run_id)
        out.put(("ok", run_id, res.issued, res.numbers.get("invoice")))
    except InputError as exc:
        out.put(("refused", run_id, str(exc), None))


def _race(url, run_ids):
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(run_ids))
    out = ctx.Queue()
    procs = [ctx.Process(target=_finalize, args=(url, rid, barrier, out)) for rid in run_ids]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    return results


def test_two_app_instances_finalize_at_once(team):
    """The same run finalized by two app instances (processes) at the same moment: one
    issues every bill once with gap-free numbers, the other is told it is finalized."""
    f = team.factory
    builders.build(f, 60, no_data=(7,))
    one = start_run(f, create_run(f, "2025-03", "all").id)
    results = _race(team.urls["approver"], [one.id, one.id])
    assert sorted(r[0] for r in results) == ["ok", "refused"]
    assert "already finalized" in next(r[2] for r in results if r[0] == "refused")
    ok = next(r for r in results if r[0] == "ok")
    year = date.today().year
    assert ok[2] == 59 and ok[3] == (f"INV-{year}-000001", f"INV-{year}-000059")
    with f() as s:
        numbers = sorted(int(n.rsplit("-", 1)[1]) for n in s.scalars(
            select(Bill.number).where(Bill.number.is_not(None))))
        issued = s.execute(select(Bill.account_id).where(Bill.status == "issued")).all()
    assert numbers == list(range(1, 60)) and len(issued) == len(set(issued)) == 59
    assert get_run(f, one.id, attempts=False).status == "finalized"


def test_two_runs_finalized_at_once_from_two_instances(team):
    f = team.factory
    builders.build(f, 200)
    runs = [start_run(f, create_run(f, "2025-03", "accounts:" + ",".join(
        f"A{i:05d}" for i in range(k * 100 + 1, k * 100 + 101))).id) for k in (0, 1)]
    results = _race(team.urls["approver"], [r.id for r in runs])
    assert [r[0] for r in results] == ["ok", "ok"]
    with f() as s:
        per_run = {r.id: sorted(int(n.rsplit("-", 1)[1]) for n in s.scalars(
            select(Bill.number).where(Bill.run_id == r.id))) for r in runs}
    every = sorted(n for v in per_run.values() for n in v)
    assert every == list(range(1, 201))                    # no gap, no duplicate
    for v in per_run.values():                             # each run one block
        assert v == list(range(v[0], v[0] + 100))
