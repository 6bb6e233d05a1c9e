"""``billdesk community report``: the statement as CSV (figures checked) and PDF."""

from __future__ import annotations

import csv
import json

import pytest

from billdesk.cli import main
from billdesk.runs import create_run, finalize_run, start_run
from tests.community.conftest import setup
from tests.community.test_producers_run import LEG, SERIES
from tests.pdf.conftest import pdftotext


@pytest.fixture
def billed(sqlite_url, tmp_path):
    from billdesk.store.db import make_engine, prepare, session_factory
    engine = make_engine(sqlite_url)
    prepare(engine)
    factory = session_factory(engine)
    setup(factory, tmp_path, LEG, SERIES)
    r = create_run(factory, "2026-06", "community:Sonnenhof")
    start_run(factory, r.id)
    finalize_run(factory, r.id)
    yield sqlite_url
    engine.dispose()


def test_csv_statement(billed, tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["--db", billed, "community", "report", "Sonnenhof", "--period", "2026-06",
                 "--out", str(out), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    # 0.18 kWh produced per interval, all used by members consuming 0.3
    assert rep["production_kwh"] == rep["local_kwh"] == "518.400"
    assert rep["surplus_kwh"] == "0.000"
    assert rep["self_consumption"] == "100.0" and rep["self_sufficiency"] == "60.0"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by = {(r["section"], r["month"], r["account"]): r for r in rows}
    m1 = by[("member", "2026-06", "M1")]
    # 172.8 kWh: local 25.92 + grid on local 17.28 - LEG discount 6.91
    assert (m1["consumption_kwh"], m1["local_kwh"], m1["amount"]) == ("288.000", "172.800",
                                                                      "36.29")
    p1 = by[("producer", "total", "P1")]
    assert (p1["local_kwh"], p1["amount"]) == ("345.600", "56.04")   # incl. VAT 8.1 %
    assert by[("community", "total", "")]["self_sufficiency_pct"] == "60.0"


def test_pdf_statement_and_bad_input(billed, tmp_path, capsys):
    out = tmp_path / "s.pdf"
    assert main(["--db", billed, "community", "report", "Sonnenhof", "--period", "2026",
                 "--out", str(out)]) == 0
    text = " ".join(pdftotext(out).split())
    assert "Community statement: Sonnenhof" in text and "P1" in text and "M2" in text
    assert "2026-12" in text and "Self-consumption 100.0 %" in text
    assert main(["--db", billed, "community", "report", "Nowhere", "--period", "2026-06",
                 "--out", str(out)]) == 2
    assert "unknown community" in capsys.readouterr().err
    assert main(["--db", billed, "community", "report", "Sonnenhof", "--period", "2026-06",
                 "--out", str(tmp_path / "s.txt")]) == 2
