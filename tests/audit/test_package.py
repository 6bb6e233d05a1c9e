"""The audit package: written from SQLite or PostgreSQL, self-contained, re-computes
identically, opens read-only — every write command exits 2 and leaves the file unchanged."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import pytest
from sqlalchemy import text

import builders
from billdesk.audit.check import check_package
from billdesk.audit.package import export_package, open_package, package_info
from billdesk.cli import main
from billdesk.domain.errors import InputError
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store import db as dbmod

from .conftest import documents, issue


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def package(factory, tmp_path):
    run_id = issue(factory, 6, prosumer_every=3, dynamic_every=4, community=2)
    out = tmp_path / "run.bdaudit"
    rep = export_package(factory, run_id, out, workers=0)
    return run_id, out, rep


def test_package_is_self_contained_and_recomputes_identically(factory, package, capsys):
    run_id, out, rep = package
    docs = documents(factory)
    assert rep.documents == len(docs) and rep.pdfs == len(docs) and out.exists()
    assert not out.with_name(out.name + ".part").exists()
    assert dbmod.is_audit_package(out)
    engine = open_package(out)
    try:
        assert not dbmod.is_writable(engine)
        f = dbmod.session_factory(engine)
        assert package_info(f)["run_id"] == run_id
        with f() as s:
            assert s.execute(text("SELECT count(*) FROM bills WHERE number IS NOT NULL")
                             ).scalar() == len(docs)
            assert s.execute(text("SELECT count(*) FROM run_inputs")).scalar() >= 3
            assert s.execute(text("SELECT count(*) FROM communities")).scalar() == 1
            # the interval data is the versions the bills read, no more
            assert s.execute(text("SELECT count(*) FROM interval_chunks")).scalar() == 9
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            with f.begin() as s:
                s.execute(text("UPDATE bills SET total = 0"))
    finally:
        engine.dispose()
    rep = check_package(out)
    assert rep.ok, rep.text()
    assert rep.identical == rep.bills == len(docs) and rep.pdfs == len(docs)
    assert main(["audit", "check", str(out)]) == 0
    line = capsys.readouterr().out
    assert line.count("\n") == 1 and "re-computed identically" in line


def test_every_write_command_is_refused_and_the_file_stays_the_same(factory, package, tmp_path,
                                                                    capsys):
    run_id, out, _rep = package
    before = _sha(out)
    any_file = tmp_path / "x.csv"
    any_file.write_text("a\n")
    db = ["--db", str(out)]
    writes = [["db", "upgrade"], ["demo", "--accounts", "5"],
              ["import", "accounts", str(any_file)], ["import", "readings", str(any_file)],
              ["import", "tariffs", str(any_file)], ["import", "prices", str(any_file)],
              ["import", "communities", str(any_file)],
              ["run", "create", "--period", "2025-03", "--target", "all"],
              ["run", "start", str(run_id)], ["run", "cancel", str(run_id)],
              ["run", "rerun-failed", str(run_id)], ["run", "finalize", str(run_id)],
              ["export", "print", "--run", str(run_id), "--out", str(tmp_path / "p.pdf")],
              ["send", "--run", str(run_id), "--dry-run"],
              ["settings", "set", "timezone", "Europe/Vienna"],
              ["settings", "unset", "pdf_folder"],
              ["audit", "export", "--run", str(run_id), "--out", str(tmp_path / "again")]]
    for argv in writes:
        assert main(db + argv) == 2, argv
        err = capsys.readouterr().err
        assert "audit package" in err and "read-only" in err, argv
    reads = [["verify"], ["run", "list"], ["run", "show", str(run_id)], ["bills", "list"],
             ["bill", "show", "1", "--explain"], ["settings", "show"],
             ["quality-check", "--period", "2025-03", "--target", "all"],
             ["export", "pdf", "--run", str(run_id), "--out", str(tmp_path / "pdfs"),
              "--workers", "0"]]
    for argv in reads:
        assert main(db + argv) == 0, (argv, capsys.readouterr().err)
    capsys.readouterr()
    assert _sha(out) == before
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(out.name)) \
        == [out.name]                    # no journal, WAL or shared-memory file was made
    assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == len(documents(factory))


def test_a_changed_package_is_reported(factory, package, tmp_path):
    _run_id, out, _rep = package
    forged = tmp_path / "forged.bdaudit"
    forged.write_bytes(out.read_bytes())
    with sqlite3.connect(forged) as c:       # outside billdesk: a plain SQLite write
        for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                 ).fetchall():
            c.execute(f"DROP TRIGGER {name}")  # the package keeps billdesk's triggers
        number = c.execute("SELECT number FROM bills WHERE number IS NOT NULL "
                           "ORDER BY number LIMIT 1").fetchone()[0]
        c.execute("UPDATE bill_lines SET quantity = '1.000' WHERE bill_id = (SELECT id FROM "
                  "bills WHERE number = ?) AND position = 1", (number,))
    rep = check_package(forged)
    assert not rep.ok
    assert any(d.number == number and d.field == "line 2 quantity" for d in rep.differences)
    assert not rep.chain.ok and rep.chain.broken[0].number == number
    assert main(["audit", "check", str(forged), "--json"]) == 1


def test_package_of_a_correction_run(factory, tmp_path):
    pf = builders.build(factory, 3)
    first = create_run(factory, "2025-03", "all")
    start_run(factory, first.id)
    finalize_run(factory, first.id, today=date(2025, 4, 2))
    builders.correct_readings(factory, pf.points["A00002"], factor=1.25)
    fix = create_run(factory, "2025-03", "all", billing="create-and-correct")
    start_run(factory, fix.id)
    finalize_run(factory, fix.id, today=date(2025, 4, 20))
    out = tmp_path / "fix.bdaudit"
    rep = export_package(factory, fix.id, out, workers=0)
    assert rep.documents == 2                       # credit note + replacement
    assert {s["series"] for s in rep.segments} == {"INV-2025", "CN-2025"}
    check = check_package(out)
    assert check.ok, check.text()
    assert check.identical == 2 and check.chain.references == 1     # the cancelled original


def test_export_refuses_bad_requests(factory, tmp_path):
    builders.build(factory, 2)
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    with pytest.raises(InputError, match="finalized"):
        export_package(factory, run.id, tmp_path / "a.bdaudit", workers=0)
    with pytest.raises(InputError, match="no bill run"):
        export_package(factory, 999, tmp_path / "a.bdaudit", workers=0)
    (tmp_path / "exists.bdaudit").write_text("x")
    with pytest.raises(InputError, match="exists"):
        export_package(factory, run.id, tmp_path / "exists.bdaudit", workers=0)
    assert not list(tmp_path.glob("*.part"))
    assert main(["audit", "check", str(tmp_path / "exists.bdaudit")]) == 2


def test_cli_export_records_the_export(factory, tmp_path, capsys):
    run_id = issue(factory, 2)
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    out = tmp_path / "cli.bdaudit"
    assert main(["--db", url, "audit", "export", "--run", str(run_id), "--out", str(out),
                 "--workers", "0", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["documents"] == 2 and rep["sha256"] == _sha(out)
    with factory() as s:
        entry = s.execute(text("SELECT details FROM audit_log WHERE action = 'audit.export'")
                          ).scalar()
    details = entry if isinstance(entry, dict) else json.loads(entry)
    assert details["sha256"] == rep["sha256"]


def test_pdfs_rendered_on_workers_beside_the_copy(factory, tmp_path):
    """With worker processes, the PDFs are rendered while the database part is copied —
    each worker reads its bills from the source (SQLite or PostgreSQL) — and the package
    holds the same PDFs (apart from their creation time) as one rendered here."""
    import os

    from billdesk.audit.package import PDFS

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        run_id = issue(factory, 30, prosumer_every=3, community=4)
        here, there = tmp_path / "here.bdaudit", tmp_path / "there.bdaudit"
        export_package(factory, run_id, here, workers=0)
        rep = export_package(factory, run_id, there, workers=2)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert rep.pdfs == rep.documents == len(documents(factory))

    def pdfs(path):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
            rows = c.execute(f"SELECT bill_id, number, file_name, sha256, data FROM {PDFS} "
                             "ORDER BY bill_id").fetchall()
        for r in rows:
            assert hashlib.sha256(r[4]).hexdigest() == r[3]
        return [r[:4] for r in rows]
    assert pdfs(here) == pdfs(there) and len(pdfs(there)) == rep.documents
    assert check_package(there).ok
    assert not list(tmp_path.glob("*.part"))


def test_a_document_that_cannot_be_rendered_writes_no_package(factory, tmp_path):
    run_id = issue(factory, 4)
    # a frozen document the renderer refuses (its e-invoice is broken), as a privileged
    # attacker or a bug could leave it: the export fails, no package file is left
    with factory() as s:
        bid, content = s.execute(text("SELECT id, content FROM bills WHERE number IS NOT NULL "
                                      "ORDER BY id LIMIT 1")).one()
    bad = content.replace('"currency":"CHF"', '"currency":"C\\u0001F"', 1)
    assert bad != content
    from billdesk.store.db import transaction

    from .conftest import drop_triggers

    drop_triggers(factory)
    with transaction(factory) as s:
        s.execute(text("UPDATE bills SET content = :c WHERE id = :b"), {"c": bad, "b": bid})
    out = tmp_path / "bad.bdaudit"
    for workers in (0, 2):
        with pytest.raises(InputError, match="could not all be rendered"):
            export_package(factory, run_id, out, workers=workers)
        assert not out.exists() and not out.with_name(out.name + ".part").exists()
