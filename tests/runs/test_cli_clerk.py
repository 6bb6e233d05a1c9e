"""``billdesk run report`` and ``billdesk bill cancel`` (issue 14, points 9 and 4)."""

import json

import pytest

from billdesk.cli import main
from billdesk.store.demo_writer import write_demo


@pytest.fixture
def cli(db_path, capsys):
    def run(*args):
        rc = main(["--db", str(db_path), *args])
        out = capsys.readouterr()
        return rc, out.out, out.err
    return run


def test_run_report_and_bill_cancel_from_the_command_line(factory, cli, tmp_path):
    write_demo(factory, accounts=15, months=1, seed=2, end="2025-11")
    rc, out, _ = cli("run", "create", "--period", "2025-10", "--target", "all", "--json")
    rid = json.loads(out)["id"]
    assert cli("run", "start", str(rid), "--quiet")[0] == 0
    rc, out, err = cli("run", "report", str(rid), "--out", str(tmp_path / "draft.csv"), "--json")
    assert rc == 0 and json.loads(out)["numbers"] == []         # nothing issued yet
    assert cli("run", "finalize", str(rid))[0] == 0
    rc, out, _ = cli("run", "report", str(rid), "--out", str(tmp_path / "r.pdf"), "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["out"].endswith("r.pdf") and doc["numbers"][0]["gap_free"]
    assert (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    rc, _out, err = cli("run", "report", str(rid), "--out", str(tmp_path / "r.doc"))
    assert rc == 2 and ".pdf or .csv" in err
    first = doc["numbers"][0]["first"]
    rc, out, _ = cli("bill", "cancel", first, "--reason", "test", "--json")
    res = json.loads(out)
    assert rc == 0 and res["original"]["number"] == first
    assert res["credit_note"]["number"].startswith("CN-")
    rc, _out, err = cli("bill", "cancel", first)
    assert rc == 2 and "cancelled" in err
