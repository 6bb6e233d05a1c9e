"""Bill runs over a community: members' invoices and producers' self-billing credit notes."""

from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import select

from billdesk.runs import create_run, finalize_run, get_run, list_bills, start_run
from billdesk.store.models import NumberSeries
from tests.community.conftest import full, setup

LEG = {"name": "Sonnenhof", "type": "leg", "allocation": "dynamic", "grid_discount": "40",
       "local_price": "0.15",
       "production_points": [{"point": "PV-P1", "producer": "P1"},
                             {"point": "PV-P2", "producer": "P2"}],
       "members": [{"account": "M1", "from": "2026-01-01"},
                   {"account": "M2", "from": "2026-01-01"}]}
SERIES = {"MP-M1": full(0.1), "MP-M2": full(0.2), "MP-P1": full(0.05), "MP-P2": full(0.05),
          "MP-X1": full(0.05), "PV-P1": full(0.12), "PV-P2": full(0.06), "PV-X1": full(0.01)}


def _by(bills):
    return {(b.account, b.kind): b for b in bills}


def test_leg_run_pays_producers_by_self_billing(factory, tmp_path):
    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    out = start_run(factory, r.id)
    assert out.status == "completed", get_run(factory, r.id).attempts
    # the target: both members and both producers
    assert out.counts.total == 4
    bills = _by(list_bills(factory, run_id=r.id))
    assert set(bills) == {("M1", "invoice"), ("M2", "invoice"), ("P1", "invoice"),
                          ("P2", "invoice"), ("P1", "self_billing"), ("P2", "self_billing")}
    # production 0.18 per interval, consumption 0.3: members get 0.06 and 0.12 (dynamic)
    m1 = bills[("M1", "invoice")]
    local = {ln.label: ln for ln in m1.lines}
    assert local["Local energy"].quantity == D("172.800")
    assert local["LEG grid discount 40 %"].net_amount == D("-6.91")   # 172.8 x -0.04
    # P1's PV is in the community: never also credited as its own feed-in
    assert not [ln for ln in bills[("P1", "invoice")].lines if ln.component == "feed_in"]
    # producers: 2/3 and 1/3 of the members' 518.4 local kWh at 0.15
    p1, p2 = bills[("P1", "self_billing")], bills[("P2", "self_billing")]
    (l1,), (l2,) = p1.lines, p2.lines
    assert (l1.quantity, l1.unit_price, l1.net_amount, l1.vat_rate) == (
        D("-345.600"), D("0.15"), D("-51.84"), D("8.1"))        # P1 is registered for VAT
    assert p1.vat_total == D("-4.20") and p1.total == D("-56.04")
    assert (l2.quantity, l2.net_amount, l2.vat_rate) == (D("-172.800"), D("-25.92"), D("0"))
    assert p2.total == D("-25.92")
    # energy conserved: credited kWh == members' local kWh
    members_local = sum(ln.quantity for k in (("M1", "invoice"), ("M2", "invoice"))
                        for ln in bills[k].lines if ln.component == "community_energy")
    assert -(l1.quantity + l2.quantity) == members_local == D("518.400")
    # a member's saving and self-sufficiency are stored with its bill
    assert m1.local_kwh == D("172.800") and m1.community_saving is not None
    fin = finalize_run(factory, r.id)
    assert fin.numbers["self_billing"][0].startswith("SB-")
    with factory() as s:
        series = {n.series for n in s.scalars(select(NumberSeries))}
    assert {"INV", "SB"} <= series
    issued = _by(list_bills(factory, run_id=r.id))
    assert issued[("P1", "self_billing")].number.startswith("SB-")


def test_a_second_run_does_not_pay_twice(factory, tmp_path):
    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    r2 = create_run(factory, "2026-06", "accounts:P1,P2")
    out = start_run(factory, r2.id)
    assert not list_bills(factory, run_id=r2.id)
    assert out.counts.skipped == 2
    # create-and-correct with unchanged inputs: nothing either
    r3 = create_run(factory, "2026-06", "community:Sonnenhof", billing="create-and-correct")
    start_run(factory, r3.id)
    assert not list_bills(factory, run_id=r3.id)


def test_surplus_paid_when_the_community_is_paid_for_it(factory, tmp_path):
    com = dict(LEG, type="zev", grid_discount=None, price_cap="external",
               surplus_price="0.05")
    del com["grid_discount"]
    series = dict(SERIES, **{"PV-P1": full(0.4), "PV-P2": full(0.2)})
    setup(factory, tmp_path, com, series)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    bills = _by(list_bills(factory, run_id=r.id))
    p1 = bills[("P1", "self_billing")]
    lines = {ln.component: ln for ln in p1.lines}
    # all consumption (0.3) is local; surplus 0.6 - 0.3 = 0.3, P1 produced 2/3 of it
    assert lines["community_energy"].quantity == D("-576.000")
    assert lines["feed_in"].quantity == D("-576.000")
    assert lines["feed_in"].net_amount == D("-28.80")
    assert lines["feed_in"].vat_rate == D("8.1")


def test_changed_production_corrects_the_self_billing_note(factory, tmp_path):
    from billdesk.store.db import transaction
    from billdesk.store.importers import import_readings
    from tests.community.conftest import write_readings

    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    old = _by(list_bills(factory, run_id=r.id))[("P2", "self_billing")]
    # the operator corrects PV-P2: 0.03 instead of 0.06 per interval
    write_readings(tmp_path / "fix.csv", {"PV-P2": full(0.03)})
    with transaction(factory) as s:
        import_readings(s, tmp_path / "fix.csv")
    r2 = create_run(factory, "2026-06", "community:Sonnenhof", billing="create-and-correct")
    start_run(factory, r2.id)
    new = list_bills(factory, run_id=r2.id)
    p2 = [b for b in new if b.account == "P2"]
    kinds = sorted(b.kind for b in p2)
    # its invoice did not change (consumption as before): only the note is corrected
    assert kinds == ["credit_note", "self_billing"]
    cn = next(b for b in p2 if b.kind == "credit_note")
    assert cn.corrects == old.id and cn.total == -old.total
    sb = next(b for b in p2 if b.kind == "self_billing")
    # production 0.15 < consumption 0.3: all local; P2 has 0.03/0.15 of 432 kWh
    assert sb.lines[0].quantity == D("-86.400") and sb.corrects == old.id
    finalize_run(factory, r2.id)
    assert _by(list_bills(factory, run_id=r.id))[("P2", "self_billing")].status == "cancelled"


def test_worker_processes_pay_producers_once(factory, tmp_path, db_url):
    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    out = start_run(factory, r.id, workers=2, batch_size=1)
    assert out.status == "completed" and out.counts.succeeded == 4
    bills = list_bills(factory, run_id=r.id)
    notes = sorted((b.account, b.total) for b in bills if b.kind == "self_billing")
    assert notes == [("P1", D("-56.04")), ("P2", D("-25.92"))]


def test_a_stored_community_with_an_owners_pv_pays_the_owner_once(factory, tmp_path):
    """A community stored before producers existed, holding an account's own PV without a
    producer: the owner is paid by self-billing note and not also credited its feed-in."""
    from sqlalchemy import update

    from billdesk.store.db import transaction
    from billdesk.store.models import CommunityProductionPoint
    setup(factory, tmp_path, LEG, SERIES)
    with transaction(factory) as s:
        s.execute(update(CommunityProductionPoint).values(producer_account_id=None))
    r = create_run(factory, "2026-06", "accounts:M1,M2,P1")
    start_run(factory, r.id)
    bills = _by(list_bills(factory, run_id=r.id))
    assert ("P1", "self_billing") in bills and ("P2", "self_billing") not in bills
    assert not [ln for ln in bills[("P1", "invoice")].lines if ln.component == "feed_in"]
    assert bills[("P1", "self_billing")].lines[0].quantity == D("-345.600")
