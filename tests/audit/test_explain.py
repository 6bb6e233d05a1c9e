"""Explain a bill: every line followed from its amount to quantity x unit price to the
intervals behind it, for flat, time-of-use, power, dynamic, feed-in and community lines,
with gaps filled and a tariff change inside the month."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

import builders
from billdesk.audit.explain import explain_bill
from billdesk.cli import main
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store.db import transaction

SCHEDULE = {"default": "low", "rules": [
    {"days": ["weekday"], "from": "07:00", "to": "20:00", "period": "high"}]}
TOU = {"code": "TOU", "name": "Time of use", "currency": "CHF", "timezone": "Europe/Zurich",
       "valid_from": "2024-01-01", "holidays": {"country": "CH", "subdiv": "ZH"},
       "schedule": SCHEDULE,
       "components": [
           {"type": "base_fee", "label": "Base fee", "price": "9.00", "vat_rate": "8.1"},
           {"type": "energy", "pricing": "tou", "prices": {"high": "0.28", "low": "0.21"},
            "label": "Energy", "vat_rate": "8.1"},
           {"type": "grid", "pricing": "tou", "prices": {"high": "0.10", "low": "0.05"},
            "label": "Grid", "vat_rate": "8.1"},
           {"type": "power", "price": "9.80", "windows": ["high"], "label": "Power",
            "vat_rate": "8.1"}]}
TOU2 = json.loads(json.dumps(TOU))
TOU2["valid_from"] = "2025-03-16"
TOU2["components"][1]["prices"] = {"high": "0.30", "low": "0.22"}


@pytest.fixture
def explained(factory):
    builders.build(factory, 8, prosumer_every=4, dynamic_every=5, community=3,
                   gaps={6: 12})
    with transaction(factory) as s:
        builders.add_tariff(s, TOU)
        builders.add_tariff(s, TOU2)
        s.execute(text("UPDATE accounts SET tariff_code = 'TOU' WHERE code IN "
                       "('A00007', 'A00008')"))
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    finalize_run(factory, run.id, today=date(2025, 4, 2))
    with factory() as s:
        return [r[0] for r in s.execute(text("SELECT number FROM bills ORDER BY number"))]


def test_every_line_is_traced_to_its_intervals(factory, explained):
    kinds = set()
    for number in explained:
        ex = explain_bill(factory, number)
        assert ex.recorded, ex.why_not
        assert ex.recomputed["identical"], (number, ex.recomputed)
        assert ex.data[0]["chunks"] and ex.data[0]["chunks"][0]["version"] == 1
        assert ex.tariff["versions"] and ex.engine["rules"]
        for tr in ex.lines:
            kinds.add((tr.line["component"], tr.basis.get("energy")))
            assert tr.amount["matches"], (number, tr.line)
            if "matches" in tr.basis:
                assert tr.basis["matches"], (number, tr.n, tr.line, tr.basis)
    assert {("energy", "grid"), ("grid", "grid"), ("power", "peak"), ("feed_in", "export"),
            ("community_energy", "local"), ("base_fee", None)} <= kinds


def test_time_of_use_split_month_and_filled_gaps(factory, explained):
    with factory() as s:
        tou = s.execute(text("SELECT b.number FROM bills b JOIN accounts a ON a.id = "
                             "b.account_id WHERE a.code = 'A00007'")).scalar()
        gap = s.execute(text("SELECT b.number FROM bills b JOIN accounts a ON a.id = "
                             "b.account_id WHERE a.code = 'A00007'")).scalar()
    ex = explain_bill(factory, tou)
    energy = [tr for tr in ex.lines if tr.line["component"] == "energy"]
    assert len(energy) == 4                  # high/low before and after the tariff change
    assert {tr.line["period_start"] for tr in energy} == {date(2025, 3, 1), date(2025, 3, 16)}
    assert all("time-of-use period" in tr.basis["selection"] for tr in energy)
    power = next(tr for tr in ex.lines if tr.line["component"] == "power")
    assert power.basis["peak_at"] is not None
    n = energy[0].n
    one = explain_bill(factory, tou, intervals_of=n)
    listed = one.lines[n - 1].intervals
    assert len(listed) == energy[0].basis["intervals"] > 0
    total = sum(float(r["value"]) for r in listed)
    assert abs(total - float(energy[0].line["quantity"])) < 0.01
    filled = explain_bill(factory, gap)
    assert filled.recomputed["identical"]


def test_cli_explain_json(factory, explained, capsys):
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    assert main(["--db", url, "bill", "show", explained[0], "--explain", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recorded"] and out["lines"][0]["amount_check"]["matches"]
    assert out["data"][0]["chunks"][0]["received_at"]
    assert main(["--db", url, "bill", "show", explained[0], "--intervals", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["lines"][1]["intervals"]) == out["lines"][1]["basis"]["intervals"]
    assert main(["--db", url, "bill", "show", explained[0], "--intervals", "99"]) == 2
