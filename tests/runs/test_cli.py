"""The run commands of the CLI: JSON shapes (docs/cli.md), exit codes, quality-check."""

from __future__ import annotations

import json

import pytest

import builders
from billdesk.cli import main

RUN_KEYS = {"id", "name", "status", "period_start", "period_end", "target", "mode", "billing",
            "parent_id", "counts", "total_amount"}
ATTEMPT_KEYS = {"account", "status", "error_code", "message", "quality", "bill_ids"}
BILL_KEYS = {"id", "number", "kind", "status", "account", "period_start", "period_end",
             "currency", "net_total", "vat_total", "total", "corrects", "lines"}
LINE_KEYS = {"component", "label", "quantity", "unit", "unit_price", "net_amount", "vat_rate"}


@pytest.fixture
def cli(db_path, capsys):
    def run(*args, code=0):
        capsys.readouterr()
        rc = main(["--db", str(db_path), *args])
        out = capsys.readouterr()
        assert rc == code, out.err
        return json.loads(out.out) if "--json" in args else out
    return run


def test_cli_cycle(factory, cli):
    builders.build(factory, 8, no_data=(2,))
    q = cli("quality-check", "--period", "2025-03", "--target", "all", "--max-missing", "0",
            "--json")
    assert q["summary"]["accounts"] == 8 and q["summary"]["failing"] == 1
    assert set(q["summary"]["totals"]) == {"measured", "substituted", "estimated", "missing"}
    bad = [a for a in q["accounts"] if not a["passed"]]
    assert bad[0]["account"] == "A00003" and "no meter data" in bad[0]["reason"]

    r = cli("run", "create", "--period", "2025-03", "--target", "all", "--json")
    assert RUN_KEYS <= set(r) and r["status"] == "draft" and r["counts"]["pending"] == 8
    s = cli("run", "start", str(r["id"]), "--json")
    assert s["status"] == "completed_with_errors" and s["counts"] == {
        "total": 8, "pending": 0, "succeeded": 7, "failed": 1, "skipped": 0}
    assert isinstance(s["total_amount"], str) and "." in s["total_amount"]
    show = cli("run", "show", str(r["id"]), "--json")
    assert len(show["attempts"]) == 8 and ATTEMPT_KEYS <= set(show["attempts"][0])
    assert cli("run", "list", "--json")[0]["id"] == r["id"]
    assert cli("run", "list", "--status", "draft", "--json") == []
    bills = cli("bills", "list", "--run", str(r["id"]), "--json")
    assert len(bills) == 7 and BILL_KEYS <= set(bills[0])
    assert LINE_KEYS <= set(bills[0]["lines"][0]) and bills[0]["number"] is None
    assert isinstance(bills[0]["total"], str)
    fin = cli("run", "finalize", str(r["id"]), "--json")
    assert fin["issued"] == 7 and fin["run"]["status"] == "finalized"
    number = fin["numbers"]["invoice"]["first"]
    b = cli("bill", "show", number, "--json")
    assert b["number"] == number and b["status"] == "issued"
    assert cli("bill", "show", str(b["id"]), "--json")["number"] == number
    assert cli("bills", "list", "--account", "A00001", "--json")[0]["account"] == "A00001"
    child = cli("run", "rerun-failed", str(r["id"]), "--json")
    assert child["parent_id"] == r["id"] and child["counts"]["total"] == 1
    c = cli("run", "cancel", str(child["id"]), "--json")
    assert c["status"] == "cancelled"
    # human output works too
    assert "finalized" in cli("run", "show", str(r["id"])).out


def test_cli_exit_codes(factory, cli):
    builders.build(factory, 4, no_data=(1,))
    cli("run", "create", "--period", "2099-01", "--target", "all", code=2)
    cli("run", "create", "--period", "2025-03", "--target", "group:x", code=2)
    cli("run", "create", "--period", "2025-03", "--target", "all", "--min-quality", "bad",
        code=2)
    cli("run", "show", "99", code=2)
    cli("bill", "show", "INV-1", code=2)
    r = cli("run", "create", "--period", "2025-03", "--target", "all", "--mode", "strict",
            "--json")
    s = cli("run", "start", str(r["id"]), "--json", code=1)
    assert s["status"] == "failed" and "NO_METER_DATA" in s["message"]
    cli("run", "finalize", str(r["id"]), code=2)
    out = cli("run", "create", "--period", "2025-03", "--target", "all")
    assert out.out.strip().isdigit()
