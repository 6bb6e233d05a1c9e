"""Check Data Quality; cancel requested from elsewhere while a run executes; liveness."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

import builders
from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality, Thresholds
from billdesk.runs import (cancel_run, create_run, detect_interrupted, get_run, iter_quality,
                           quality_check, start_run)
from billdesk.runs.liveness import owner_alive
from billdesk.store.db import transaction
from billdesk.store.models import BillRun


def test_quality_check_counts_and_reasons(factory):
    builders.build(factory, 9, gaps={1: 5, 2: 200}, no_data=(3,))
    rep = quality_check(factory, "2025-03", "all",
                        Thresholds(Quality.MISSING, 0.95, 50), batch_size=4)
    d = rep.as_dict()
    assert d["summary"]["accounts"] == 9 and d["summary"]["failing"] == 2
    rows = {r.account: r for r in rep.rows}
    assert rows["A00002"].passed and rows["A00002"].quality.missing == 5
    assert not rows["A00003"].passed and "200 missing" in rows["A00003"].reason
    assert "no meter data" in rows["A00004"].reason
    assert d["summary"]["totals"]["missing"] == 5 + 200 + 2972
    seen = []
    batches = list(iter_quality(factory, rep_period(), builders_target(), Thresholds(),
                                batch_size=4, progress=lambda d, t, m: seen.append(d)))
    assert [len(b) for b in batches] == [4, 4, 1] and seen == [4, 8, 9]
    with pytest.raises(InputError, match="after today"):
        quality_check(factory, "2099-01", "all")


def rep_period():
    from billdesk.domain.period import Period
    return Period.parse("2025-03")


def builders_target():
    from billdesk.domain.target import Target
    return Target.parse("all")


def test_cancel_requested_while_running(factory):
    builders.build(factory, 12)
    r = create_run(factory, "2025-03", "all")
    state = {}

    def progress(done, total, msg):
        if done == 4 and "req" not in state:
            state["req"] = cancel_run(factory, r.id)   # another session, as from another process

    out = start_run(factory, r.id, batch_size=4, progress=progress)
    assert state["req"].status == "running" and "cancel requested" in state["req"].message
    assert out.status == "cancelled" and out.counts.succeeded == 4 and out.counts.pending == 8


def test_stale_heartbeat_of_another_host_is_interrupted(factory):
    builders.build(factory, 2)
    r = create_run(factory, "2025-03", "all")
    old = datetime.now(timezone.utc) - timedelta(hours=1)
    with transaction(factory) as s:
        s.execute(update(BillRun).where(BillRun.id == r.id)
                  .values(status="running", owner="elsewhere:123:abc", heartbeat_at=old))
    assert not owner_alive("elsewhere:123:abc", old)
    assert owner_alive("elsewhere:123:abc", datetime.now(timezone.utc))
    assert detect_interrupted(factory) == [r.id]
    assert get_run(factory, r.id).status == "interrupted"
