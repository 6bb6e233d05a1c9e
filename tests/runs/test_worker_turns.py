"""Worker processes of a run. A worker beside others on SQLite (``work(overlap=False)``, what each ``--workers N``
process runs) takes one turn at the write lock per batch: the transaction writing batch k
also claims batch k + 1. A cancel is then found by that write, which rolls back."""

from __future__ import annotations

from sqlalchemy import event, func, select, update

import builders
from billdesk.runs import create_run
from billdesk.runs import workers as wk
from billdesk.runs.billing import make_config
from billdesk.runs.liveness import new_owner
from billdesk.runs.transitions import begin
from billdesk.store.db import transaction
from billdesk.store.models import Bill, BillingAttempt, BillRun

N, BATCH = 60, 10


def _running(factory):
    builders.build(factory, N, prosumer_every=4, community=12)
    run = create_run(factory, "2025-03", "all")
    owner = new_owner()
    begin(factory, run.id, owner, None)
    cfg, inputs = make_config(factory, run.id, BATCH)
    return run.id, owner, cfg, inputs


def _write_transactions(factory):
    seen = []

    def count(_conn, _cursor, statement, *_a):
        if statement.startswith("BEGIN IMMEDIATE"):
            seen.append(statement)

    event.listen(factory.kw["bind"], "before_cursor_execute", count)
    return seen


def _states(factory, run_id):
    with factory() as s:
        return dict(s.execute(select(BillingAttempt.status, func.count())
                              .where(BillingAttempt.run_id == run_id)
                              .group_by(BillingAttempt.status)).all())


def test_next_batch_claimed_in_the_write(factory):
    run_id, owner, cfg, inputs = _running(factory)
    writes = _write_transactions(factory)
    done = []
    out = wk.work(factory, run_id, owner, new_owner(), cfg, inputs,
                  report=lambda k, v: done.append(v) if k == "done" else None,
                  overlap=False, lease_s=3600)
    assert out is None and sum(done) == N and len(done) == N // BATCH
    assert _states(factory, run_id) == {"succeeded": N}
    # register, the first claim, one per batch (the last one claims nothing), stopped —
    # against two per batch (a claim and a write) when claims were their own transactions
    assert len(writes) == 1 + 1 + N // BATCH + 1
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Bill)
                        .where(Bill.run_id == run_id)) == N
        assert s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.claimed_by.is_not(None))) == 0


def test_cancel_found_by_the_write(factory):
    run_id, owner, cfg, inputs = _running(factory)
    done = []

    def report(kind, value):
        if kind == "done":
            done.append(value)
            if len(done) == 1:        # another process asks the run to stop
                with transaction(factory) as s:
                    s.execute(update(BillRun).where(BillRun.id == run_id)
                              .values(cancel_requested=True))

    out = wk.work(factory, run_id, owner, new_owner(), cfg, inputs, report=report,
                  overlap=False, lease_s=3600)
    assert out == "cancelled" and done == [BATCH]
    # the first batch is written; the second (claimed in that write) was billed but its
    # write rolled back: pending, and its claims released for a resume
    assert _states(factory, run_id) == {"succeeded": BATCH, "pending": N - BATCH}
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Bill)
                        .where(Bill.run_id == run_id)) == BATCH
        assert s.scalar(select(func.count()).select_from(BillingAttempt)
                        .where(BillingAttempt.claimed_by.is_not(None))) == 0


def test_spawned_workers_end_when_the_run_cannot_begin(factory):
    """The worker processes start before the run begins (their imports overlap it); a run
    that cannot begin leaves none behind."""
    import multiprocessing

    import pytest

    from billdesk.domain.errors import InputError
    from billdesk.runs import start_run

    def run_workers():        # this run's worker processes (not, e.g., a GUI test's readers)
        return [p for p in multiprocessing.active_children()
                if p.name.startswith(f"billdesk-run{run.id}-")]

    builders.build(factory, 8)
    run = create_run(factory, "2025-03", "all")
    assert start_run(factory, run.id, workers=2, batch_size=3).status == "completed"
    assert run_workers() == []
    with pytest.raises(InputError, match="only a draft or an interrupted run"):
        start_run(factory, run.id, workers=2)
    assert run_workers() == []
