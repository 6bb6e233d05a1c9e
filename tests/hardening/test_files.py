"""Issue 12, points 3 and 4 (export): files are written through exclusive temporary files
and an atomic rename — never through a planted symlink, never outside --out; a killed export
leaves no orphan workers and its leftovers are cleared; a broken e-invoice fails loudly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from billdesk.pdf.files import remove_stale_parts, write_atomic
from billdesk.store import db, settings
from tests.hardening.mutations import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runs"))
import builders  # noqa: E402

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def finalized_db(path: Path, accounts: int, before_finalize=None) -> int:
    from billdesk.demo.company import DEMO_COMPANY
    from billdesk.runs import create_run, finalize_run, start_run

    engine = db.make_engine(path)
    db.prepare(engine)
    factory = db.session_factory(engine)
    builders.build(factory, accounts)
    with db.transaction(factory) as s:
        settings.put(s, "company", DEMO_COMPANY)
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    if before_finalize is not None:
        before_finalize(factory)
    finalize_run(factory, run.id)
    engine.dispose()
    return run.id


def test_write_atomic_never_follows_a_symlink(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / "INV-1.pdf").symlink_to(victim)
    (out / "INV-1.pdf.part").symlink_to(victim)          # the old temporary name
    path = write_atomic(str(out), "INV-1.pdf", b"%PDF-new")
    assert victim.read_text() == "precious"
    assert Path(path).read_bytes() == b"%PDF-new" and not Path(path).is_symlink()
    with pytest.raises(ValueError):
        write_atomic(str(out), "../escape.pdf", b"x")
    assert not (tmp_path / "escape.pdf").exists()
    # a failed write leaves nothing behind
    (out / "dir.pdf").mkdir()
    with pytest.raises(OSError):
        write_atomic(str(out), "dir.pdf", b"x")
    assert not [p for p in os.listdir(out) if p.endswith(".part") and not
                (out / p).is_symlink()]


def test_stale_parts_of_dead_exports_are_removed(tmp_path):
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        dead = tmp_path / ".INV-1_A.pdf.999999999.0123456789ab.part"
        alive = tmp_path / f".INV-2_B.pdf.{sleeper.pid}.0123456789ab.part"
        legacy = tmp_path / "INV-3_C.pdf.part"
        other = tmp_path / "notes.part"
        for p in (dead, alive, legacy, other):
            p.write_bytes(b"x")
        link = tmp_path / ".INV-4.pdf.999999998.0123456789ab.part"
        target = tmp_path / "keep.txt"
        target.write_text("keep")
        link.symlink_to(target)
        assert remove_stale_parts(str(tmp_path)) == 3
        assert not dead.exists() and not legacy.exists() and not link.is_symlink()
        assert alive.exists() and other.exists() and target.read_text() == "keep"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_export_through_planted_symlinks_writes_only_inside_out(tmp_path):
    path = tmp_path / "e.sqlite"
    rid = finalized_db(path, 3)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    code, o, err = run_cli(["--db", str(path), "export", "pdf", "--run", str(rid), "--out",
                            str(out), "--workers", "0", "--json"])
    assert code == 0, err
    names = [Path(f).name for f in json.loads(o)["files"]]
    for name in names:                    # plant symlinks at every name and temp name
        (out / name).unlink()
        (out / name).symlink_to(victim)
        (out / (name + ".part")).symlink_to(victim)
    code, o, err = run_cli(["--db", str(path), "export", "pdf", "--run", str(rid), "--out",
                            str(out), "--workers", "2", "--json"])
    assert code == 0, err
    assert victim.read_text() == "precious"
    for name in names:
        assert not (out / name).is_symlink() and (out / name).read_bytes()[:5] == b"%PDF-"
        assert not (out / (name + ".part")).exists()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
def test_a_killed_export_leaves_no_orphans_and_no_parts(tmp_path):
    path = tmp_path / "k.sqlite"
    rid = finalized_db(path, 500)
    out = tmp_path / "out"
    p = subprocess.Popen([*BILLDESK, "--db", str(path), "export", "pdf", "--run", str(rid),
                          "--out", str(out), "--workers", "2"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline:
        workers = [c for c in _children(p.pid)
                   if "billdesk" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")
                   or "multiprocessing" in Path(f"/proc/{c}/cmdline").read_text(
                       errors="replace")] if p.poll() is None else []
        if len(workers) >= 2 and out.exists() and len(os.listdir(out)) >= 5:
            break
        time.sleep(0.05)
    assert p.poll() is None and workers, "the export ended before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "orphan export workers"
    code, _o, err = run_cli(["--db", str(path), "export", "pdf", "--run", str(rid), "--out",
                             str(out), "--workers", "2"])
    assert code == 0, err
    assert not [n for n in os.listdir(out) if n.endswith(".part")]
    assert len([n for n in os.listdir(out) if n.endswith(".pdf")]) == 500


def test_a_bill_whose_e_invoice_would_be_invalid_fails_the_export(tmp_path):
    """Data that bypassed the import checks (an older database): finalize refuses to issue
    the document (issue 10: the e-invoice is checked before anything is issued, exit 2,
    nothing changes); and a document issued with a broken e-invoice anyway (issued before
    that check, or its frozen content rewritten by someone who dropped the triggers) still
    fails its export — exit 1 instead of reporting success."""
    from sqlalchemy import text

    from billdesk.store.models import Account
    from tests.audit.conftest import drop_triggers

    def bad_city(factory):
        with db.transaction(factory) as s:
            s.execute(update(Account).where(Account.code == "A00001")
                      .values(city="Zürich\x0b"))

    path = tmp_path / "x.sqlite"
    with pytest.raises(Exception, match="A00001.*not well-formed"):
        finalized_db(path, 2, before_finalize=bad_city)
    code, o, err = run_cli(["--db", str(path), "run", "finalize", "1"])
    assert code == 2 and "account A00001 (bill 1)" in err and "nothing was issued" in err
    code, o, err = run_cli(["--db", str(path), "run", "show", "1", "--json"])
    assert json.loads(o)["status"].startswith("completed")       # nothing issued
    factory = db.session_factory(db.make_engine(path))
    with db.transaction(factory) as s:
        s.execute(update(Account).where(Account.code == "A00001").values(city="Zürich"))
    assert run_cli(["--db", str(path), "run", "finalize", "1"])[0] == 0
    drop_triggers(factory)
    with db.transaction(factory) as s:
        s.execute(text("UPDATE bills SET content = replace(content, '\"city\":\"Zürich\"', "
                       "'\"city\":\"Zürich\\u000b\"') WHERE account_id = "
                       "(SELECT id FROM accounts WHERE code = 'A00001')"))
    factory.kw["bind"].dispose()
    code, o, err = run_cli(["--db", str(path), "export", "pdf", "--run", "1", "--out",
                            str(tmp_path / "out"), "--workers", "0", "--json"])
    assert code == 1, err
    report = json.loads(o)
    assert report["written"] == 1 and len(report["failed"]) == 1
    assert "XML" in report["failed"][0]["error"]
    assert not [n for n in os.listdir(tmp_path / "out") if "A00001" in n or "Customer_A00001"
                in n]
