"""Explain a producer's self-billing note (issue 10 point 3 for issue 17's SB series): each
line followed from its amount to quantity x unit price to the 15-minute intervals behind it
— the members' local energy shared among the production points, the producer's surplus —
as for invoices; also the credit note that cancels a note, the CLI's JSON and the bill
dialog's Explain tab."""

from __future__ import annotations

import json
from decimal import Decimal as D

import numpy as np
import pytest

from billdesk.audit.explain import explain_bill
from billdesk.cli import main
from billdesk.runs import create_run, finalize_run, list_bills, start_run
from tests.community.conftest import N, full, setup
from tests.community.test_producers_run import LEG, SERIES

ZEV = dict(LEG, type="zev", allocation="static", grid_discount=None, price_cap="55",
           surplus_price="0.07", local_price="0.30",
           members=[{"account": "M1", "from": "2026-01-01", "share": "0.5"},
                    {"account": "M2", "from": "2026-01-01", "share": "0.5"}])
del ZEV["grid_discount"]
# production varying over the day: members' local energy and the producers' shares vary
_wave = 0.12 + 0.1 * np.sin(np.arange(N) / 96 * 2 * np.pi).clip(0)
WAVY = dict(SERIES, **{"PV-P1": _wave, "PV-P2": _wave / 3 + 0.01})


def _notes(factory, community, series, tmp_path):
    setup(factory, tmp_path, community, series)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    assert start_run(factory, r.id).status == "completed"
    finalize_run(factory, r.id)
    return r, {b.account: b for b in list_bills(factory, run_id=r.id)
               if b.kind == "self_billing"}


@pytest.mark.parametrize("community, series", [(LEG, SERIES), (LEG, WAVY), (ZEV, WAVY)],
                         ids=["leg-flat", "leg-varying", "zev-capped-surplus"])
def test_every_line_of_a_note_is_traced_to_its_intervals(factory, tmp_path, community,
                                                        series):
    _r, notes = _notes(factory, community, series, tmp_path)
    assert set(notes) == {"P1", "P2"}
    components = set()
    for account, note in notes.items():
        ex = explain_bill(factory, note.number)
        assert ex.recorded, ex.why_not
        assert ex.recomputed["identical"], ex.recomputed
        assert ex.engine.get("rules")
        # the producer's own production point, with the data version the note used
        assert [d["role"] for d in ex.data] == ["production"]
        assert ex.data[0]["point"] == f"PV-{account}"
        assert ex.data[0]["chunks"][0]["version"] == 1
        (com,) = ex.communities
        assert com["producer"] and com["name"] == "Sonnenhof"
        assert {m["account"] for m in com["member_detail"]} == {"M1", "M2"}
        for tr in ex.lines:
            components.add(tr.line["component"])
            assert tr.amount["matches"], (account, tr.line, tr.amount)
            b = tr.basis
            assert b["matches"], (account, tr.line, b)
            assert b["sum"] == abs(tr.line["quantity"]) and b["unit"] == "kWh"
            assert b["intervals"] == N and b["from"] and b["to"]
        text = ex.text()
        assert "credited to this producer" in text and "= quantity" in text
    assert "community_energy" in components
    if community is ZEV:
        assert "feed_in" in components         # the surplus, at the surplus price


def test_the_intervals_of_a_line_add_up_to_its_quantity_and_amount(factory, tmp_path):
    """ZEV: each member pays its own capped price, so the amount is the exact sum over the
    intervals of credited kWh x price paid; every interval is listed with the producer's
    production and the members' local energy."""
    _r, notes = _notes(factory, ZEV, WAVY, tmp_path)
    ex = explain_bill(factory, notes["P1"].number, intervals_of=1)
    tr = ex.lines[0]
    assert tr.line["component"] == "community_energy"
    rows = tr.intervals
    assert len(rows) == N
    credited = sum(D(r["value"]) for r in rows)
    assert abs(credited - abs(tr.line["quantity"])) < D("0.01")
    # credited <= the producer's production and <= the members' local energy, per interval
    assert all(D(r["value"]) <= D(r["produced"]) + D("0.0001") for r in rows)
    assert all(D(r["value"]) <= D(r["members_local"]) + D("0.0001") for r in rows)
    assert {r["quality"] for r in rows} == {"measured"}
    # amount: the sum over the intervals of kWh x the price paid (rounded once)
    money = sum(D(r["value"]) * D(r["price"]) for r in rows if r["price"])
    assert abs(money - abs(tr.line["net_amount"])) < D("0.05")
    a = tr.amount
    assert a["formula"].startswith("Σ over the intervals") and a["matches"]
    assert a["rounded"] == tr.line["net_amount"]
    # the surplus line: production not used locally, at the surplus price
    ex2 = explain_bill(factory, notes["P1"].number, intervals_of=2)
    s = ex2.lines[1]
    assert s.line["component"] == "feed_in" and s.basis["energy"] == "surplus"
    assert {r["price"] for r in s.intervals} == {"0.07"}
    assert abs(sum(D(r["value"]) for r in s.intervals) - abs(s.line["quantity"])) < D("0.01")


def test_a_tampered_line_shows_as_not_matching(factory, tmp_path):
    """The trace checks the stored line against the recorded inputs: a line written with
    another quantity (a draft, before issue) is shown as differing."""
    from sqlalchemy import text

    from billdesk.store.db import transaction

    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    note = next(b for b in list_bills(factory, run_id=r.id) if b.kind == "self_billing"
                and b.account == "P1")
    with transaction(factory) as s:
        s.execute(text("UPDATE bill_lines SET quantity = -300 WHERE bill_id = :b"),
                  {"b": note.id})
    ex = explain_bill(factory, note.id)
    assert ex.recorded
    assert not ex.lines[0].basis["matches"]
    assert not ex.recomputed["identical"]


def test_the_credit_note_cancelling_a_note_is_traced(factory, tmp_path):
    from billdesk.store.db import transaction
    from billdesk.store.importers import import_readings
    from tests.community.conftest import write_readings

    r, notes = _notes(factory, LEG, SERIES, tmp_path)
    write_readings(tmp_path / "fix.csv", {"PV-P2": full(0.03)})
    with transaction(factory) as s:
        import_readings(s, tmp_path / "fix.csv")
    r2 = create_run(factory, "2026-06", "community:Sonnenhof", billing="create-and-correct")
    start_run(factory, r2.id)
    finalize_run(factory, r2.id)
    cn = next(b for b in list_bills(factory, run_id=r2.id)
              if b.account == "P2" and b.kind == "credit_note")
    ex = explain_bill(factory, cn.number)
    assert ex.recorded, ex.why_not
    (tr,) = ex.lines
    # the cancelled note's credit, traced with the data it was computed from (version 1)
    assert tr.basis["matches"] and tr.amount["matches"]
    assert tr.basis["sum"] == D("172.800") == tr.line["quantity"]
    assert ex.data[0]["chunks"][0]["version"] == 1
    assert ex.data[0]["chunks"][0]["newest_version"] == 2
    new = next(b for b in list_bills(factory, run_id=r2.id)
               if b.account == "P2" and b.kind == "self_billing")
    ex2 = explain_bill(factory, new.number)
    assert ex2.recomputed["identical"] and ex2.lines[0].basis["sum"] == D("86.400")


def test_cli_explain_json_of_a_note(factory, tmp_path, capsys):
    _r, notes = _notes(factory, ZEV, WAVY, tmp_path)
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    number = notes["P2"].number
    assert main(["--db", url, "bill", "show", number, "--explain", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recorded"] and out["recomputed"]["identical"]
    assert out["communities"][0]["producer"] is True
    first = out["lines"][0]
    assert first["amount_check"]["matches"] and first["basis"]["matches"]
    assert isinstance(first["basis"]["sum"], str)          # decimals as strings
    assert main(["--db", url, "bill", "show", number, "--intervals", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["lines"][0]["intervals"]) == N
    assert main(["--db", url, "bill", "show", number, "--explain"]) == 0
    text = capsys.readouterr().out
    assert "local energy" in text.lower() and "intervals" in text
