"""Issue 12, point 6: storage faults give a clear message and exit 2 (1 for work that
failed), never a traceback, and lose nothing.

Read-only folders and files and full disks are real: bind mounts remounted read-only and
small tmpfs mounts, which need root (CI runs as root); without it those tests are skipped
with the reason. Full disks are also simulated with SQLite's ``max_page_count``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from billdesk.domain.errors import StorageError
from billdesk.store import db
from tests.hardening.conftest import DATA, base_db
from tests.hardening.mutations import dump, run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runs"))
import builders  # noqa: E402

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def cli(*args, env=None) -> subprocess.CompletedProcess:
    """``billdesk ARGS`` in this process (``env`` set for the call): the result as if it
    had been a subprocess."""
    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        code, out, err = run_cli([str(a) for a in args])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return subprocess.CompletedProcess(list(args), code, out, err)


def clean(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    assert "[SQL:" not in err and "parameters" not in err.lower(), err


def _can_mount() -> str | None:
    if os.geteuid() != 0:
        return "needs root (mount)"
    if not shutil.which("mount"):
        return "no mount command"
    return None


@contextmanager
def mounted(kind: str, target: Path, *, source: Path | None = None, size: str = "1m"):
    """``tmpfs`` of ``size`` at ``target``, or ``ro`` (a read-only bind mount of ``source``
    at ``target``); skipped with the reason when mounting is not possible."""
    reason = _can_mount()
    if reason:
        pytest.skip(f"storage fault test skipped: {reason}")
    if kind == "tmpfs":
        target.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                           capture_output=True, text=True)
    else:
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.touch()
        r = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True,
                           text=True)
        if r.returncode == 0:
            r = subprocess.run(["mount", "-o", "remount,bind,ro", str(target)],
                               capture_output=True, text=True)
    if r.returncode:
        subprocess.run(["umount", str(target)], capture_output=True)
        pytest.skip(f"storage fault test skipped: mount failed: {r.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def small_db(path: Path, accounts: int = 30) -> Path:
    engine = db.make_engine(path)
    db.prepare(engine)
    builders.build(db.session_factory(engine), accounts)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


# ---------------------------------------------------------------- locked
def test_a_writer_waits_then_says_another_process_holds_the_database(tmp_path):
    path = tmp_path / "b.sqlite"
    base_db(str(path))
    before = dump(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        r = cli("--db", path, "import", "tariffs", DATA / "tariffs.json",
                env={"BILLDESK_BUSY_TIMEOUT": "1"})
        assert r.returncode == 2, r.stderr
        assert "another process holds the database" in r.stderr
        clean(r.stderr)
        r = cli("--db", path, "run", "list", env={"BILLDESK_BUSY_TIMEOUT": "1"})
        assert r.returncode == 0, r.stderr          # readers are not blocked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump(str(path)) == before


# ---------------------------------------------------------------- read-only
def test_read_only_folder_reads_work_writes_are_refused(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    small_db(src / "ro.sqlite")
    run = cli("--db", src / "ro.sqlite", "run", "create", "--period", "2025-03", "--target",
              "all")
    assert run.returncode == 0, run.stderr
    with mounted("ro", tmp_path / "ro", source=src) as ro:
        path = ro / "ro.sqlite"
        for args in (("run", "list"), ("run", "show", "1"), ("bills", "list"),
                     ("run", "list", "--json")):
            r = cli("--db", path, *args)
            assert r.returncode == 0, r.stderr
        for args in (("run", "create", "--period", "2025-03", "--target", "all"),
                     ("import", "tariffs", DATA / "tariffs.json"), ("run", "start", "1"),
                     ("run", "cancel", "1")):
            r = cli("--db", path, *args)
            assert r.returncode == 2, (args, r.stdout, r.stderr)
            assert "read-only" in r.stderr, r.stderr
            clean(r.stderr)


def test_read_only_file_in_a_writable_folder(tmp_path):
    small_db(tmp_path / "src.sqlite")
    with mounted("ro", tmp_path / "ro.sqlite", source=tmp_path / "src.sqlite") as path:
        assert cli("--db", path, "run", "list").returncode == 0
        r = cli("--db", path, "import", "tariffs", DATA / "tariffs.json")
        assert r.returncode == 2 and "read-only" in r.stderr, r.stderr
        clean(r.stderr)


# ---------------------------------------------------------------- full disk
def test_full_database_during_import_changes_nothing(tmp_path):
    """SQLite max_page_count: the import fails as 'full', the database is unchanged."""
    from billdesk.store.importers import IMPORTERS

    path = tmp_path / "full.sqlite"
    base_db(str(path))
    engine = db.make_engine(path)
    with engine.connect() as c:
        pages = c.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(engine, "connect")
    def _limit(dbapi_conn, _rec):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

    engine.dispose()
    before = dump(str(path))
    rows = "".join(f"MP1,2025-0{1 + m}-{d:02d}T{h:02d}:{q:02d}:00Z,0.{(h * q) % 997:03d}1,"
                   f"measured\n" for m in range(2) for d in range(1, 28) for h in range(24)
                   for q in (0, 15, 30, 45))
    p = tmp_path / "big.csv"
    p.write_text("metering_point,start,kwh,quality\n" + rows)
    with pytest.raises(StorageError) as ei:
        with db.transaction(db.session_factory(engine)) as s:
            IMPORTERS["readings"](s, p)
    assert ei.value.kind == "full" and "full" in str(ei.value)
    engine.dispose()
    assert dump(str(path)) == before


def test_full_disk_import_run_and_export_on_tmpfs(tmp_path):
    src = small_db(tmp_path / "seed.sqlite", accounts=40)
    with mounted("tmpfs", tmp_path / "disk", size="3m") as disk:
        path = disk / "db.sqlite"
        shutil.copy(src, path)
        run = cli("--db", path, "run", "create", "--period", "2025-03", "--target", "all",
                  "--json")
        assert run.returncode == 0, run.stderr
        rid = json.loads(run.stdout)["id"]
        # fill the disk, leaving a little room
        filler = disk / "filler"
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * max(free - 48 * 1024, 0))
        before = dump(str(path))
        big = tmp_path / "r.csv"      # April for every point: 40 new chunks, ~600 KB
        big.write_text("metering_point,start,kwh,quality\n" + "".join(
            f"MP-A{1 + k % 40:05d},2025-04-{1 + (k // 40) // 96:02d}T"
            f"{((k // 40) % 96) // 4:02d}:{15 * ((k // 40) % 4):02d}:00Z,0.{k % 1000:03d},"
            "measured\n" for k in range(40 * 96 * 28)))
        r = cli("--db", path, "import", "readings", big)
        assert r.returncode == 2, r.stderr
        assert "full" in r.stderr or "I/O" in r.stderr, r.stderr
        clean(r.stderr)
        assert dump(str(path)) == before
        r = cli("--db", path, "run", "start", rid, "--batch-size", "5", "--quiet")
        assert r.returncode in (1, 2), r.stderr
        assert "full" in r.stderr or "I/O" in r.stderr, r.stderr
        clean(r.stderr)
        filler.unlink()                                  # space again: the run resumes
        r = cli("--db", path, "run", "start", rid, "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["status"] in ("completed", "completed_with_errors")
        assert out["counts"]["pending"] == 0
        engine = db.make_engine(path)
        from billdesk.store.models import Bill

        with engine.connect() as c:
            n = c.execute(select(func.count()).select_from(Bill)).scalar()
            distinct = c.execute(select(func.count(func.distinct(Bill.account_id)))).scalar()
        engine.dispose()
        assert n == distinct == out["counts"]["succeeded"]
        assert cli("--db", path, "run", "finalize", rid).returncode == 0
    # export into a folder that is full: the invoices fail (exit 1), no .part is left
    engine = db.make_engine(src)
    from billdesk.demo.company import DEMO_COMPANY
    from billdesk.store import settings

    with db.transaction(db.session_factory(engine)) as s:
        settings.put(s, "company", DEMO_COMPANY)
    engine.dispose()
    rid = json.loads(cli("--db", src, "run", "create", "--period", "2025-03", "--target",
                         "all", "--json").stdout)["id"]
    assert cli("--db", src, "run", "start", rid, "--quiet").returncode == 0
    assert cli("--db", src, "run", "finalize", rid).returncode == 0
    with mounted("tmpfs", tmp_path / "out", size="200k") as out:
        r = cli("--db", src, "export", "pdf", "--run", rid, "--out", out, "--workers", "2")
        assert r.returncode == 1, r.stderr
        assert "No space left" in r.stderr or "full" in r.stderr, r.stderr
        clean(r.stderr)
        assert not [p for p in os.listdir(out) if p.endswith(".part")]


# ---------------------------------------------------------------- damaged, not a database
def test_damaged_file_is_never_written(tmp_path):
    path = small_db(tmp_path / "bad.sqlite")
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * 8192)
    damaged = path.read_bytes()
    for args in (("run", "create", "--period", "2025-03", "--target", "all"),
                 ("import", "tariffs", DATA / "tariffs.json"), ("db", "upgrade")):
        r = cli("--db", path, *args)
        assert r.returncode == 2, r.stderr
        assert "damaged" in r.stderr, r.stderr
        clean(r.stderr)
    assert path.read_bytes() == damaged


def test_deferred_check_the_app_opens_at_once_and_never_writes_a_damaged_file(tmp_path):
    """The app opens without the file check (it costs ~6 s per GB) and runs it on a worker
    afterwards; a write before it ends waits for it, and a damaged file is never written."""
    from billdesk.store import settings

    path = small_db(tmp_path / "bad.sqlite")
    with open(path, "r+b") as f:
        f.seek(path.stat().st_size // 2)
        f.write(b"\xff" * 8192)
    damaged = path.read_bytes()
    engine = db.make_engine(path)
    try:
        db.prepare(engine, check_now=False)          # opens: the schema pages are intact
        with pytest.raises(StorageError, match="damaged"):
            with db.transaction(db.session_factory(engine)) as s:
                settings.put(s, "pdf.folder", "/tmp/x")
        with pytest.raises(StorageError, match="damaged"):   # asked again: still refused
            db.run_deferred_check(str(path))
    finally:
        engine.dispose()
    assert path.read_bytes() == damaged

    good = small_db(tmp_path / "good.sqlite")
    engine = db.make_engine(good)
    try:
        db.prepare(engine, check_now=False)
        seconds = db.run_deferred_check(f"sqlite:///{good}")      # the worker's call
        assert seconds is not None and seconds >= 0
        with db.transaction(db.session_factory(engine)) as s:      # then writes go ahead
            settings.put(s, "pdf.folder", "/tmp/x")
    finally:
        engine.dispose()
    assert db.run_deferred_check(tmp_path / "never-opened.sqlite") is None


@pytest.mark.parametrize("content,words", [
    (b"hello, I am a text file\n", "not a SQLite database"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not a SQLite database"),
    (b"SQLite format 3\x00" + b"\xff" * 84, "not a SQLite database"),
])
def test_a_file_that_is_no_database(tmp_path, content, words):
    p = tmp_path / "x.db"
    p.write_bytes(content)
    for args in (("run", "list"), ("import", "tariffs", DATA / "tariffs.json")):
        r = cli("--db", p, *args)
        assert r.returncode == 2, r.stderr
        assert words in r.stderr or "damaged" in r.stderr, r.stderr
        clean(r.stderr)
    assert p.read_bytes() == content


def test_folder_empty_file_and_another_applications_database(tmp_path):
    r = cli("--db", tmp_path, "run", "list")
    assert r.returncode == 2 and "folder" in r.stderr, r.stderr
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    r = cli("--db", empty, "run", "list")          # an empty file is a new database
    assert r.returncode == 0, r.stderr
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE songs (title TEXT)")
    c.commit()
    c.close()
    r = cli("--db", other, "run", "list")
    assert r.returncode == 2 and "another application" in r.stderr, r.stderr
    c = sqlite3.connect(other)
    assert [t for (t,) in c.execute("SELECT name FROM sqlite_master")] == ["songs"]
    c.close()


# ---------------------------------------------------------------- PostgreSQL server lost
@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_server_lost_mid_run_then_resume(tmp_path):
    from tests.pgserver import PgServer

    server = PgServer()
    reason = server.start()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    try:
        url = server.url
        engine = db.make_engine(url)
        db.prepare(engine)
        builders.build(db.session_factory(engine), 600)
        engine.dispose()
        rid = json.loads(cli("--db", url, "run", "create", "--period", "2025-03", "--target",
                             "all", "--json").stdout)["id"]
        p = subprocess.Popen([*BILLDESK, "--db", url, "run", "start", str(rid),
                              "--batch-size", "10"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        import time

        deadline = time.monotonic() + 120
        engine = db.make_engine(url)
        from billdesk.store.models import BillingAttempt

        while time.monotonic() < deadline and p.poll() is None:
            with engine.connect() as c:
                done = c.execute(select(func.count()).select_from(BillingAttempt)
                                 .where(BillingAttempt.status != "pending")).scalar()
            if done >= 30:
                break
            time.sleep(0.1)
        engine.dispose()
        assert p.poll() is None, "the run ended before the server could be stopped"
        server._run(server.bindir / "pg_ctl", "-D", server.data, "-m", "immediate", "stop")
        _out, err = p.communicate(timeout=120)
        assert p.returncode in (1, 2), err
        assert "connection" in err.lower(), err
        clean(err)
        assert "postgres@" not in err or ":" not in err.split("postgres@")[0][-3:]
        r = server._run(server.bindir / "pg_ctl", "-w", "-D", server.data, "-l",
                        server.folder / "log", "-o",
                        f"-p {server.port} -k {server.folder} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off", "start")
        assert r.returncode == 0, r.stderr
        r = cli("--db", url, "run", "start", rid, "--json")
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert out["status"] in ("completed", "completed_with_errors")
        engine = db.make_engine(url)
        from billdesk.store.models import Bill

        with engine.connect() as c:
            n = c.execute(select(func.count()).select_from(Bill)).scalar()
            distinct = c.execute(select(func.count(func.distinct(Bill.account_id)))).scalar()
        engine.dispose()
        assert n == distinct == out["counts"]["succeeded"]
    finally:
        server.stop()


def test_an_unexpected_error_is_one_line_with_a_log_file(tmp_path, monkeypatch):
    """The top-level guard: a bug prints one line (the log file has the traceback)."""
    monkeypatch.setenv("BILLDESK_HOME", str(tmp_path / "home"))
    import billdesk.runs.queries as queries

    def boom(*a, **kw):
        raise ZeroDivisionError("a bug in a test")

    monkeypatch.setattr(queries, "list_runs", boom)
    import billdesk.runs as runs

    monkeypatch.setattr(runs, "list_runs", boom)
    code, _out, err = run_cli(["--db", str(tmp_path / "g.sqlite"), "run", "list"])
    assert code == 1
    assert err.count("\n") == 1 and "internal error" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err
    log = (tmp_path / "home" / "billdesk-errors.log").read_text()
    assert "Traceback" in log and "a bug in a test" in log
    code, _out, err = run_cli(["-v", "--db", str(tmp_path / "g.sqlite"), "run", "list"])
    assert code == 1 and "Traceback" in err


def test_devices_and_pipes_are_no_files(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    r = cli("--db", tmp_path / "d.sqlite", "import", "readings", fifo)   # must not block
    assert r.returncode == 2 and "not a regular file" in r.stderr, r.stderr
    r = cli("--db", "/dev/null", "run", "list")
    assert r.returncode == 2 and "not a regular file" in r.stderr, r.stderr
