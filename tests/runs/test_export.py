"""PDF export of a finalized run: database -> documents -> files, read back as a reader would."""

import json
import shutil
import subprocess

import pytest

from billdesk.cli import main
from billdesk.domain.errors import InputError
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.runs.export import export_pdfs
from billdesk.store.demo_writer import write_demo


@pytest.fixture
def finalized(factory):
    write_demo(factory, accounts=25, months=1, seed=2, end="2025-11")
    run = create_run(factory, "2025-10", "all", today=None)
    start_run(factory, run.id)
    finalize_run(factory, run.id)
    return run.id


def test_export_run_writes_readable_invoices(factory, finalized, tmp_path):
    report = export_pdfs(factory, tmp_path / "pdf", run_id=finalized, workers=0)
    assert report.ok and len(report.written) == report.total >= 20
    first = sorted(report.written)[0]
    assert first.name.startswith("INV-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(first), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert first.name.split("_")[0] in text
        assert "CHF" in text


def test_export_refuses_drafts_and_unknown(factory, tmp_path):
    write_demo(factory, accounts=12, months=1, seed=2, end="2025-11")
    run = create_run(factory, "2025-10", "all")
    start_run(factory, run.id)
    with pytest.raises(InputError, match="finalize"):
        export_pdfs(factory, tmp_path, run_id=run.id, workers=0)
    with pytest.raises(InputError, match="no bill run"):
        export_pdfs(factory, tmp_path, run_id=999, workers=0)


def test_cli_export_one_bill(factory, finalized, db_path, tmp_path, capsys):
    assert main(["--db", str(db_path), "bills", "list", "--run", str(finalized), "--json"]) == 0
    bills = json.loads(capsys.readouterr().out)
    number = next(b["number"] for b in bills if b["number"])
    out = tmp_path / "one"
    assert main(["--db", str(db_path), "export", "pdf", "--bill", number, "--out", str(out),
                 "--workers", "1", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["written"] == 1 and rep["failed"] == []
    assert main(["--db", str(db_path), "export", "pdf", "--bill", "NOPE-1", "--out",
                 str(out)]) == 2
