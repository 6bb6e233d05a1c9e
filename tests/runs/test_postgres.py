"""The core cycle on PostgreSQL (skipped without a server; see tests/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

import builders
from billdesk.runs import create_run, finalize_run, list_bills, start_run
from billdesk.store.db import make_engine, prepare, session_factory


@pytest.mark.postgres
def test_cycle_on_postgres(pg_url):
    engine = make_engine(pg_url)
    prepare(engine)
    factory = session_factory(engine)
    pf = builders.build(factory, 20, community=5, dynamic_every=6, no_data=(3,))
    r = create_run(factory, "2025-03", "all")
    out = start_run(factory, r.id, batch_size=7)
    assert out.status == "completed_with_errors" and out.counts.succeeded == 19
    fin = finalize_run(factory, r.id, today=date(2025, 4, 2))
    assert fin.numbers["invoice"] == ("INV-2025-000001", "INV-2025-000019")
    builders.correct_readings(factory, pf.points["A00010"], factor=1.3)
    r2 = create_run(factory, "2025-03", "all", billing="create-and-correct")
    out2 = start_run(factory, r2.id)
    assert out2.counts.succeeded == 1 and out2.errors["UNCHANGED"] == 18
    assert finalize_run(factory, r2.id).cancelled == 1
    assert {b.kind for b in list_bills(factory, run_id=r2.id)} == {"invoice", "credit_note"}
    engine.dispose()
