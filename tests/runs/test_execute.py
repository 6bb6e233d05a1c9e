"""Executing runs: lenient/strict, error codes, communities, prices, cancel, progress."""

from __future__ import annotations


import pytest
from sqlalchemy import func, select, update

import builders
from billdesk.domain.errors import InputError
from billdesk.domain.quality import Quality, Thresholds
from billdesk.runs import (cancel_run, create_run, finalize_run, get_run, list_bills,
                           start_run)
from billdesk.store.db import transaction
from billdesk.store.models import Account, AuditEntry, RunClaim


def test_lenient_bills_everyone_and_reports_failures(factory):
    builders.build(factory, 30, prosumer_every=4, dynamic_every=5, community=6,
                   no_data=(7,), gaps={8: 400, 9: 3})
    with transaction(factory) as s:
        s.execute(update(Account).where(Account.code == "A00011").values(tariff_code=None))
    r = create_run(factory, "2025-03", "all", thresholds=Thresholds(max_missing=100))
    seen = []
    out = start_run(factory, r.id, batch_size=7, progress=lambda d, t, m: seen.append((d, t)))
    assert out.status == "completed_with_errors"
    # A00011 has no tariff: not a valid account for 'all'
    assert out.counts.total == 29
    assert out.errors == {"NO_METER_DATA": 1, "DATA_QUALITY": 1}
    assert seen[-1] == (29, 29) and len(seen) >= 5
    info = get_run(factory, r.id)
    by = {a.account: a for a in info.attempts}
    assert "MP-A00008" in by["A00008"].message
    assert "400 missing" in by["A00009"].message and by["A00009"].quality.missing == 400
    assert by["A00010"].status == "succeeded" and by["A00010"].quality.missing == 3
    bills = list_bills(factory, run_id=r.id)
    assert len(bills) == 27 and all(b.status == "draft" and b.number is None for b in bills)
    assert sum(b.total for b in bills) == out.total_amount
    assert all(len(a.bill_ids) == (1 if a.status == "succeeded" else 0) for a in info.attempts)
    comps = {ln.component for b in bills for ln in b.lines}
    assert {"community_energy", "feed_in", "energy", "base_fee"} <= comps
    dyn = next(b for b in bills if b.account == "A00006")  # index 5: dynamic tariff
    assert any(ln.detail and "SPOT" in ln.detail for ln in dyn.lines)
    # claims: held only for accounts with a draft bill
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RunClaim)) == 27
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"run.create", "run.start", "run.finish"} <= actions


def test_explicit_account_without_tariff_fails_no_tariff(factory):
    builders.build(factory, 3)
    with transaction(factory) as s:
        s.execute(update(Account).where(Account.code == "A00002").values(tariff_code="GONE"))
    r = create_run(factory, "2025-03", "accounts:A00001,A00002,A00003")
    out = start_run(factory, r.id)
    a = {x.account: x for x in get_run(factory, r.id).attempts}["A00002"]
    assert out.errors == {"NO_TARIFF": 1} and "GONE" in a.message


def test_strict_stops_at_first_failure_and_never_issues(factory):
    builders.build(factory, 20, no_data=(12,))
    r = create_run(factory, "2025-03", "all", mode="strict")
    out = start_run(factory, r.id, batch_size=5)
    assert out.status == "failed"
    assert out.counts.succeeded == 12 and out.counts.failed == 1 and out.counts.pending == 7
    assert "account A00013" in out.message and "NO_METER_DATA" in out.message
    assert all(b.status == "cancelled" for b in list_bills(factory, run_id=r.id))
    with pytest.raises(InputError, match="never finalized"):
        finalize_run(factory, r.id)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RunClaim)) == 0
    # the accounts can be billed by a new run
    r2 = create_run(factory, "2025-03", "all", mode="lenient")
    assert start_run(factory, r2.id).counts.succeeded == 19


def test_strict_without_failure_completes(factory):
    builders.build(factory, 5)
    r = create_run(factory, "2025-03", "all", mode="strict")
    assert start_run(factory, r.id).status == "completed"


def test_data_quality_thresholds(factory):
    builders.build(factory, 4, gaps={1: 10})
    r = create_run(factory, "2025-03", "all",
                   thresholds=Thresholds(Quality.ESTIMATED, 0.0, None))
    out = start_run(factory, r.id)
    assert out.errors == {"DATA_QUALITY": 1}
    msg = {a.account: a for a in get_run(factory, r.id).attempts}["A00002"].message
    assert "10 interval(s) worse than estimated" in msg


def test_cancel_via_callback_between_batches(factory):
    builders.build(factory, 20)
    r = create_run(factory, "2025-03", "all")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    out = start_run(factory, r.id, batch_size=5, cancelled=cancelled)
    assert out.status == "cancelled" and out.counts.succeeded == 10 and out.counts.pending == 10
    assert all(b.status == "cancelled" for b in list_bills(factory, run_id=r.id))
    with pytest.raises(InputError, match="cancelled"):
        start_run(factory, r.id)


def test_cancel_draft_and_completed_runs(factory):
    builders.build(factory, 3)
    r = create_run(factory, "2025-03", "all")
    assert cancel_run(factory, r.id).status == "cancelled"
    r = create_run(factory, "2025-03", "all")
    start_run(factory, r.id)
    out = cancel_run(factory, r.id)
    assert out.status == "cancelled" and "3 draft" in out.message
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RunClaim)) == 0
    r = create_run(factory, "2025-03", "all")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    with pytest.raises(InputError, match="finalized"):
        cancel_run(factory, r.id)


def test_start_twice_refused(factory):
    builders.build(factory, 2)
    r = create_run(factory, "2025-03", "all")
    start_run(factory, r.id)
    with pytest.raises(InputError, match="only a draft or an interrupted"):
        start_run(factory, r.id)
    with pytest.raises(InputError, match="at least 1"):
        start_run(factory, r.id, workers=0)
    assert start_run(factory, r.id, workers=2, join=True).status == "completed"  # nothing to do
    r2 = create_run(factory, "2025-03", "accounts:A00001", name="x")
    with pytest.raises(InputError, match="running run only"):
        start_run(factory, r2.id, join=True)


def test_implausible_amount_against_previous_bill(factory):
    pf = builders.build(factory, 3, months=2)
    r = create_run(factory, "2025-03", "all")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    builders.correct_readings(factory, pf.points["A00002"], "2025-04", factor=20)
    r2 = create_run(factory, "2025-04", "all")
    out = start_run(factory, r2.id)
    assert out.errors == {"IMPLAUSIBLE_AMOUNT": 1}
    a = {x.account: x for x in get_run(factory, r2.id).attempts}["A00002"]
    assert "INV-" in a.message and "5x" in a.message
    r3 = create_run(factory, "2025-04", "accounts:A00002", max_factor="50")
    assert start_run(factory, r3.id).counts.succeeded == 1


def test_progress_message_has_throughput_and_eta(factory):
    builders.build(factory, 6)
    r = create_run(factory, "2025-03", "all")
    msgs = []
    start_run(factory, r.id, batch_size=2, progress=lambda d, t, m: msgs.append(m))
    assert "accounts/s" in msgs[-1] and "left" in msgs[-1]


def test_stored_bills_are_the_engines_bills(db_url):
    """What the bulk writer stores and the run services read back is, figure by figure (value
    and decimal places), text and fingerprint, what the engine made — on both databases."""
    from billdesk.engine import bill_batch
    from billdesk.runs.billing import make_config
    from billdesk.store.db import make_engine, prepare, session_factory

    engine = make_engine(db_url)
    prepare(engine)
    factory = session_factory(engine)
    try:
        builders.build(factory, 40, prosumer_every=3, dynamic_every=4, community=8,
                       gaps={5: 3})
        r = create_run(factory, "2025-03", "all", thresholds=Thresholds(max_missing=100))
        start_run(factory, r.id, batch_size=16)
        stored = {b.account: b for b in list_bills(factory, run_id=r.id)}
        cfg, inputs = make_config(factory, r.id)
        with factory() as s:
            ids = list(s.scalars(select(Account.id).order_by(Account.code)))
            prep = inputs.load_batch(s, ids)
        drafts = {o.account: o for o in bill_batch(prep.batch, cfg.thresholds)}
        assert len(stored) == len(drafts) == 40
        for code, b in stored.items():
            d = drafts[code].bill
            assert [(ln.component, ln.label, str(ln.quantity), ln.unit, str(ln.unit_price),
                     str(ln.net_amount), str(ln.vat_rate), ln.period_start, ln.period_end,
                     ln.detail) for ln in b.lines] == \
                [(ln.component, ln.label, str(ln.quantity), ln.unit, str(ln.unit_price),
                  str(ln.net_amount), str(ln.vat_rate), ln.period_start, ln.period_end,
                  ln.detail) for ln in d.lines], code
            assert [str(x) for x in (b.net_total, b.vat_total, b.rounding, b.total,
                                     b.consumption_kwh)] == \
                [str(x) for x in (d.net_total, d.vat_total, d.rounding, d.total,
                                  d.consumption_kwh)]
            assert (b.fingerprint, b.quality, b.currency) == (d.fingerprint, d.quality,
                                                              d.currency)
    finally:
        engine.dispose()
