"""Community runs under the offline audit (issue 10): members' invoices and producers'
self-billing notes (their own SB series) frozen, chained and verified; an audit package
of the run bills every one of them again identically from what the run recorded — LEG with
dynamic allocation, ZEV with a binding price cap and surplus paid, allocation delivered by
the grid operator."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from billdesk.audit.check import check_package
from billdesk.audit.package import export_package
from billdesk.audit.recorded import Recorded
from billdesk.audit.self_billing import self_billing_note
from billdesk.audit.verify import verify
from billdesk.domain.period import Period
from billdesk.runs import create_run, finalize_run, list_bills, start_run
from billdesk.store import settings
from billdesk.store.models import Account, Bill
from tests.community.conftest import full, setup
from tests.community.test_producers_run import LEG, SERIES

ZEV = dict(LEG, type="zev", allocation="static", grid_discount=None, price_cap="55",
           surplus_price="0.07", local_price="0.30",
           members=[{"account": "M1", "from": "2026-01-01", "share": "0.5"},
                    {"account": "M2", "from": "2026-01-01", "share": "0.5"}])
DELIVERED = dict(LEG, allocation="delivered")
DELIVERED_SERIES = dict(SERIES, **{"MP-M1@consumption.local": full(0.08),
                                   "MP-M2@consumption.local": full(0.10)})


@pytest.mark.parametrize("community, series", [(LEG, SERIES), (ZEV, SERIES),
                                               (DELIVERED, DELIVERED_SERIES)],
                         ids=["leg", "zev", "delivered"])
def test_community_run_verifies_and_recomputes_identically(factory, tmp_path, community,
                                                           series):
    setup(factory, tmp_path, community, series)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    assert start_run(factory, r.id).status == "completed"
    finalize_run(factory, r.id)
    bills = list_bills(factory, run_id=r.id)
    notes = [b for b in bills if b.kind == "self_billing"]
    assert len(notes) == 2 and all(b.number.startswith("SB-2026-") for b in notes)
    rep = verify(factory)
    assert rep.ok and {s.series for s in rep.series} == {"INV-2026", "SB-2026"}
    out = tmp_path / "run.bdaudit"
    export_package(factory, r.id, out, workers=0, pdfs=False)
    check = check_package(out)
    assert check.ok, check.text()
    assert check.identical == check.bills == len(bills)


def test_a_self_billing_note_is_computed_from_its_own_record(factory, tmp_path):
    """What the note's inputs name decides it: another producer's account gets its own
    share, a record without inputs is refused."""
    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    notes = {b.account: b for b in list_bills(factory, run_id=r.id)
             if b.kind == "self_billing"}
    with factory() as s:
        ids = {a.code: a.id for a in s.query(Account).filter(Account.code.in_(["P1", "P2"]))}
        inputs = {b.account_id: b.inputs for b in s.query(Bill)
                  .filter(Bill.kind == "self_billing")}
        rec = Recorded(s, Period.parse("2026-06"), settings.timezone_name(s))
        p1 = self_billing_note(rec, inputs[ids["P1"]], ids["P1"], "P1")
        p2 = self_billing_note(rec, inputs[ids["P1"]], ids["P2"], "P2")
        assert p1.total == notes["P1"].total
        assert [astuple(ln) for ln in p1.lines] == [astuple(ln) for ln in notes["P1"].lines]
        assert p2.total != p1.total
        from billdesk.audit.recorded import NotRecorded
        with pytest.raises(NotRecorded):
            self_billing_note(rec, None, ids["P1"], "P1")
