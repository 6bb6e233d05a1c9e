"""Create and correct; finalize numbering; issued bills stay as issued."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import builders
from billdesk.domain.errors import InputError
from billdesk.runs import (create_run, finalize_run, get_bill, get_run, list_bills,
                           start_run)
from billdesk.store.db import transaction
from billdesk.store.importers.tariffs import save_tariff_version
from billdesk.domain.tariff import TariffVersion
from billdesk.store.models import AuditEntry, NumberSeries


def bill_all(factory, target="all", billing="create", period="2025-03"):
    r = create_run(factory, period, target, billing=billing)
    return start_run(factory, r.id)


def attempts(factory, run_id):
    return {a.account: a for a in get_run(factory, run_id).attempts}


def test_create_skips_already_billed_draft_and_issued(factory):
    builders.build(factory, 4)
    r1 = bill_all(factory, "accounts:A00001,A00002")
    finalize_run(factory, r1.id)
    # an unfinalized draft of another run: its claim blocks an overlapping run from starting
    r2 = bill_all(factory, "accounts:A00003")
    r3 = create_run(factory, "2025-03", "all")
    with pytest.raises(InputError, match=r"A00003 2025-03 \(run %d" % r2.id):
        start_run(factory, r3.id)
    finalize_run(factory, r2.id)
    out = start_run(factory, r3.id)
    assert out.status == "completed" and out.counts.skipped == 3 and out.counts.succeeded == 1
    a = attempts(factory, r3.id)
    assert a["A00001"].error_code == "ALREADY_BILLED" and "INV-" in a["A00001"].message
    assert a["A00004"].status == "succeeded"


def test_create_and_correct_full_cycle(factory):
    pf = builders.build(factory, 3)
    r1 = bill_all(factory)
    fin = finalize_run(factory, r1.id, today=date(2025, 4, 5))
    assert fin.numbers == {"invoice": ("INV-2025-000001", "INV-2025-000003")}
    # nothing changed: every account UNCHANGED
    r2 = bill_all(factory, billing="create-and-correct")
    assert r2.counts.skipped == 3 and r2.errors == {"UNCHANGED": 3}
    # corrected meter data for A00002: credit note + replacement
    builders.correct_readings(factory, pf.points["A00002"], factor=1.2)
    r3 = bill_all(factory, billing="create-and-correct")
    assert r3.counts.succeeded == 1 and r3.errors == {"UNCHANGED": 2}
    orig = get_bill(factory, "INV-2025-000002")
    cn, repl = list_bills(factory, run_id=r3.id)
    assert (cn.kind, cn.corrects, cn.total) == ("credit_note", orig.id, -orig.total)
    assert [ln.net_amount for ln in cn.lines] == [-ln.net_amount for ln in orig.lines]
    assert repl.kind == "invoice" and repl.corrects == orig.id and repl.total > orig.total
    a = attempts(factory, r3.id)["A00002"]
    assert sorted(a.bill_ids) == [cn.id, repl.id] and a.amount == repl.total + cn.total
    assert "INV-2025-000002" in a.message
    fin = finalize_run(factory, r3.id, today=date(2025, 4, 20))
    assert fin.numbers == {"invoice": ("INV-2025-000004", "INV-2025-000004"),
                           "credit_note": ("CN-2025-000001", "CN-2025-000001")}
    assert fin.cancelled == 1
    assert get_bill(factory, orig.id).status == "cancelled"
    assert get_bill(factory, "CN-2025-000001").status == "issued"
    # a correction of the correction: tariff change
    t = dict(builders.FLAT)
    t["components"] = [dict(c) for c in t["components"]]
    t["components"][1]["price"] = "0.3000"
    with transaction(factory) as s:
        save_tariff_version(s, TariffVersion.from_dict(t))
    r4 = bill_all(factory, "accounts:A00002", billing="create-and-correct")
    cn2, repl2 = list_bills(factory, run_id=r4.id)
    assert cn2.corrects == repl.id and cn2.total == -repl.total
    finalize_run(factory, r4.id, today=date(2025, 5, 2))
    assert get_bill(factory, repl.id).status == "cancelled"
    issued = list_bills(factory, account="A00002", status="issued")
    assert [b.kind for b in issued] == ["credit_note", "credit_note", "invoice"]
    # exactly one issued invoice per account and period
    for acc in pf.accounts:
        inv = [b for b in list_bills(factory, account=acc, status="issued")
               if b.kind == "invoice"]
        assert len(inv) == 1
    with factory() as s:
        series = {(n.series, n.year): n.last_number for n in s.scalars(select(NumberSeries))}
        assert series == {("INV", 2025): 5, ("CN", 2025): 2}
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "bill.cancel")) is not None


def test_numbers_gap_free_across_runs_and_years(factory):
    builders.build(factory, 5, months=2)
    r1 = bill_all(factory, "accounts:A00001,A00002")
    r2 = bill_all(factory, "accounts:A00003,A00004,A00005")
    finalize_run(factory, r2.id, today=date(2025, 12, 31))
    finalize_run(factory, r1.id, today=date(2025, 12, 31))
    r3 = bill_all(factory, period="2025-04")
    finalize_run(factory, r3.id, today=date(2026, 1, 2))
    nums = sorted(b.number for b in list_bills(factory, status="issued"))
    assert nums == [f"INV-2025-{i:06d}" for i in range(1, 6)] + \
        [f"INV-2026-{i:06d}" for i in range(1, 6)]
    with pytest.raises(InputError, match="already finalized"):
        finalize_run(factory, r3.id)


def test_finalize_refuses_unfinished_runs(factory):
    builders.build(factory, 2)
    r = create_run(factory, "2025-03", "all")
    with pytest.raises(InputError, match="draft: only completed"):
        finalize_run(factory, r.id)
