"""Community import refusals (file/line/field, nothing written) and delivered allocation."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from billdesk.domain.errors import InputError
from billdesk.runs import create_run, get_run, list_bills, start_run
from billdesk.store.db import transaction
from billdesk.store.importers import import_communities
from billdesk.store.models import CommunityProductionPoint, CommunityRow
from tests.community.conftest import full, setup
from tests.community.test_producers_run import LEG, SERIES


def _import(factory, tmp_path, doc, name="more.json"):
    p = tmp_path / name
    p.write_text(json.dumps(doc, indent=1))
    with transaction(factory) as s:
        return import_communities(s, p)


def _refused(factory, tmp_path, doc, field, words):
    with factory() as s:
        before = (s.scalar(select(func.count()).select_from(CommunityRow)),
                  s.scalar(select(func.count()).select_from(CommunityProductionPoint)))
    with pytest.raises(InputError) as e:
        _import(factory, tmp_path, doc)
    assert e.value.field == field, e.value
    assert e.value.line and (e.value.line > 1 or "needs" in str(e.value))
    assert words in str(e.value), str(e.value)
    with factory() as s:
        assert (s.scalar(select(func.count()).select_from(CommunityRow)),
                s.scalar(select(func.count()).select_from(CommunityProductionPoint))) == before


@pytest.fixture
def stored(factory, tmp_path):
    setup(factory, tmp_path, LEG, SERIES)
    return factory


def test_pv_point_in_two_communities(stored, tmp_path):
    other = {"name": "Other", "allocation": "dynamic", "local_price": "0.1",
             "production_points": [{"point": "PV-P2", "producer": "P2"}],
             "members": [{"account": "X1", "from": "2026-01-01"}]}
    _refused(stored, tmp_path, other, "production_points[0].point", "already in community")
    # two communities of one file
    two = [dict(other, production_points=["PV-NEW"], name="A"),
           dict(other, production_points=["PV-NEW"], name="B",
                members=[{"account": "M1", "from": "2030-01-01"}])]
    _refused(stored, tmp_path, two, "[1].production_points[0]", "already in community")


def test_pv_sold_twice_refused(stored, tmp_path):
    doc = dict(LEG, production_points=["PV-P1", {"point": "PV-P2", "producer": "P2"}])
    _refused(stored, tmp_path, doc, "production_points[0]", "own production meter of account P1")
    doc = dict(LEG, production_points=[{"point": "PV-P1", "producer": "P2"}])
    _refused(stored, tmp_path, doc, "production_points[0].producer", "own production meter")
    # an account's own PV in a community other than its owner's is refused as well
    x = {"name": "Other", "allocation": "dynamic", "local_price": "0.1",
         "production_points": ["PV-X1"], "members": []}
    _refused(stored, tmp_path, x, "production_points[0]", "account X1")


def test_producer_missing(stored, tmp_path):
    doc = dict(LEG, production_points=[{"point": "PV-P2", "producer": "NOBODY"}])
    _refused(stored, tmp_path, doc, "production_points[0].producer",
             "producer account 'NOBODY' is unknown")


def test_member_in_two_communities(stored, tmp_path):
    other = {"name": "Other", "allocation": "dynamic", "local_price": "0.1",
             "production_points": ["PV-NEW"],
             "members": [{"account": "M2", "from": "2026-03-01", "to": "2026-04-01"}]}
    _refused(stored, tmp_path, other, "members[0].account", "already a member of community")


def test_shares_above_one_with_closed_memberships(stored, tmp_path):
    doc = dict(LEG, allocation="static", members=[
        {"account": "M1", "share": "0.6", "from": "2026-01-01", "to": "2026-03-01"},
        {"account": "M2", "share": "0.5", "from": "2026-02-01"}])
    _refused(stored, tmp_path, doc, "members", "add up to 1.1 > 1 on 2026-02-01")


@pytest.mark.parametrize("change, field, words", [
    ({"type": "lec"}, "type", "unknown community type"),
    ({"grid_discount": None}, "grid_discount", "needs its grid discount"),
    ({"grid_discount": "140"}, "grid_discount", "at most 100"),
    ({"type": "generic"}, "grid_discount", "leg community only"),
    ({"type": "zev", "grid_discount": None, "price_cap": "cheap"}, "price_cap", "external"),
    ({"price_cap": "80"}, "price_cap", "zev or vzev"),
    ({"allocation": "operator"}, "allocation", "delivered"),
    ({"local_price": {"high": "x"}}, "local_price.high", "malformed"),
])
def test_rules_checked_per_type(stored, tmp_path, change, field, words):
    doc = {k: v for k, v in {**LEG, **change}.items() if v is not None}
    _refused(stored, tmp_path, doc, field, words)


def test_reimport_replaces_and_keeps_the_rules(stored, tmp_path):
    _import(stored, tmp_path, dict(LEG, grid_discount="20"))
    with stored() as s:
        row = s.scalar(select(CommunityRow))
        assert (row.type, row.grid_discount) == ("leg", D("20"))
        producers = set(s.scalars(select(CommunityProductionPoint.producer_account_id)))
    assert len(producers) == 2 and None not in producers


# --------------------------------------------------------------- delivered allocation
DELIVERED = dict(LEG, allocation="delivered")


def _delivered(factory, tmp_path, m1_local, m2_local):
    series = dict(SERIES, **{"MP-M1@consumption.local": m1_local,
                             "MP-M2@consumption.local": m2_local})
    setup(factory, tmp_path, DELIVERED, series)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    return start_run(factory, r.id), r.id


def test_delivered_allocation_is_billed_as_delivered(factory, tmp_path):
    # the operator gives M1 0.08 and M2 0.10 of the 0.18 produced (not the dynamic split)
    out, rid = _delivered(factory, tmp_path, full(0.08), full(0.10))
    assert out.status == "completed"
    bills = {(b.account, b.kind): b for b in list_bills(factory, run_id=rid)}
    q = {a: next(ln.quantity for ln in bills[(a, "invoice")].lines
                 if ln.component == "community_energy") for a in ("M1", "M2")}
    assert q == {"M1": D("230.400"), "M2": D("288.000")}        # 0.08 / 0.10 x 2880
    credited = -sum(ln.quantity for a in ("P1", "P2")
                    for ln in bills[(a, "self_billing")].lines)
    assert credited == q["M1"] + q["M2"]


def test_delivered_local_above_consumption_is_an_allocation_error(factory, tmp_path):
    m1 = full(0.08)
    m1[100] = 0.15                                   # M1 consumes 0.1
    out, rid = _delivered(factory, tmp_path, m1, full(0.05))
    info = get_run(factory, rid)
    failed = {a.account: a for a in info.attempts if a.status == "failed"}
    assert set(failed) == {"M1", "M2", "P1", "P2"}
    msg = failed["M1"].message
    assert failed["M1"].error_code == "ALLOCATION_ERROR"
    assert "exceeds its consumption" in msg and "2026-06-01 23:00 UTC" in msg and "M1" in msg
    assert not list_bills(factory, run_id=rid)


def test_delivered_sum_above_production_is_an_allocation_error(factory, tmp_path):
    m2 = full(0.10)
    m2[2879] = 0.2                                   # 0.08 + 0.2 > 0.18 produced
    out, rid = _delivered(factory, tmp_path, full(0.08), m2)
    a = next(a for a in get_run(factory, rid).attempts if a.account == "M2")
    assert a.error_code == "ALLOCATION_ERROR"
    assert "exceeds the community's production" in a.message
    assert "2026-06-30 21:45 UTC" in a.message


def test_delivered_series_missing_is_an_allocation_error(factory, tmp_path):
    series = dict(SERIES, **{"MP-M1@consumption.local": full(0.08)})
    setup(factory, tmp_path, DELIVERED, series)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    a = next(a for a in get_run(factory, r.id).attempts if a.account == "M1")
    assert a.error_code == "ALLOCATION_ERROR" and "member M2" in a.message
    assert "not delivered for 2880 interval(s)" in a.message
