"""The demo's three communities billed end to end: invoices, self-billing notes, PDFs."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from billdesk.runs import create_run, finalize_run, list_bills, start_run
from billdesk.runs.export import export_pdfs
from billdesk.store.demo_writer import write_demo
from billdesk.store.models import Account, CommunityMember, CommunityRow


def test_demo_communities_bill_members_and_pay_producers(factory, tmp_path):
    write_demo(factory, accounts=150, months=1, seed=4, end="2025-11")
    with factory() as s:
        names = list(s.scalars(select(CommunityRow.name).order_by(CommunityRow.id)))
    assert len(names) == 3
    for name in names:
        r = create_run(factory, "2025-10", f"community:{name}")
        out = start_run(factory, r.id)
        assert out.status == "completed" and out.counts.failed == 0, name
        finalize_run(factory, r.id)
        bills = list_bills(factory, run_id=r.id)
        notes = [b for b in bills if b.kind == "self_billing"]
        assert 1 <= len({b.account for b in notes}) <= 2
        assert all(b.number.startswith("SB-") and b.total < 0 for b in notes)
        with factory() as s:
            codes = set(s.scalars(
                select(Account.code).join(CommunityMember,
                                          CommunityMember.account_id == Account.id)
                .join(CommunityRow, CommunityRow.id == CommunityMember.community_id)
                .where(CommunityRow.name == name)))
        # every member's invoice of the month, whichever run made it (a producer of another
        # community is invoiced, with its own local energy, in that community's run)
        members = [b for b in list_bills(factory) if b.kind == "invoice"
                   and b.account in codes and b.status != "cancelled"]
        assert members and all(b.community_saving is not None for b in members)
        local = sum(ln.quantity for b in members for ln in b.lines
                    if ln.component == "community_energy")
        credited = -sum(ln.quantity for b in notes for ln in b.lines
                        if ln.component == "community_energy")
        # each document rounds its own kWh to 0.001: equal up to that rounding
        assert abs(local - credited) <= D("0.001") * (len(members) + len(notes))
        lines = [ln for b in members for ln in b.lines]
        if name.startswith("ZEV"):
            assert any(ln.detail and "price cap 55 %" in ln.detail and "capped in" in ln.detail
                       for ln in lines)
            assert any(ln.component == "feed_in" for b in notes for ln in b.lines)
        else:
            assert any(ln.component == "grid_discount" and "40 %" in ln.label for ln in lines)
        rep = export_pdfs(factory, tmp_path / name, run_id=r.id, workers=1)
        assert rep.ok and sum(p.name.startswith("SB-") for p in rep.written) == len(notes)
