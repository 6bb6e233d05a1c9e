"""The app's background file check (billdesk.store.file_check): skipped for a file unchanged
since its last clean check, run in a child process otherwise, a damaged file still refused."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from billdesk.domain.errors import StorageError
from billdesk.store import db, file_check


def _path(url: str) -> str:
    return str(Path(db.sqlite_path(url)).resolve())


def _start(url: str) -> float | None:
    """What one start of the app does: open without the check, then the deferred check."""
    with db._deferred_lock:
        db._deferred.clear()                 # a new process: nothing checked yet
    engine = db.make_engine(url)
    try:
        db.prepare(engine, check_now=False)
        return db.run_deferred_check(url)
    finally:
        engine.dispose()


@pytest.fixture
def records(tmp_path):
    file_check.enable(tmp_path / "home")
    yield tmp_path / "home" / file_check.RECORD_NAME
    file_check.enable(None)


@pytest.fixture
def spy(monkeypatch):
    """Counts the checks run in a child, and fails a check on this process's threads."""
    calls = []
    real = file_check.quick_check_in_child

    def in_child(path):
        calls.append(path)
        return real(path)

    real_check = db._check_sqlite

    def check(engine, quick_check):
        assert not quick_check, "the full check ran in the app's process"
        return real_check(engine, quick_check)

    monkeypatch.setattr(file_check, "quick_check_in_child", in_child)
    monkeypatch.setattr(db, "_check_sqlite", check)
    return calls


def test_checked_in_a_child_once_then_skipped_while_unchanged(demo_db, records, spy):
    _start(demo_db)
    assert spy == [_path(demo_db)]
    rec = json.loads(records.read_text())[_path(demo_db)]
    assert rec["ino"] == os.stat(_path(demo_db)).st_ino and rec["checked_at"] <= time.time()
    _start(demo_db)
    _start(demo_db)
    assert len(spy) == 1                      # unchanged: not read again


def test_a_file_changed_outside_the_app_is_checked_again(demo_db, records, spy):
    _start(demo_db)
    c = sqlite3.connect(_path(demo_db))       # another program (or the command line) writes
    c.execute("CREATE TABLE IF NOT EXISTS x (a)")
    c.commit()
    c.close()
    _start(demo_db)
    assert len(spy) == 2
    # a file put in its place (a restore: another inode, same name) too
    path = _path(demo_db)
    copy = path + ".copy"
    Path(copy).write_bytes(Path(path).read_bytes())
    os.replace(copy, path)
    _start(demo_db)
    assert len(spy) == 3


def test_transactions_left_in_the_wal_and_an_old_check_mean_a_check(demo_db, records, spy):
    _start(demo_db)
    holder = sqlite3.connect(_path(demo_db), isolation_level=None)
    try:
        holder.execute("CREATE TABLE IF NOT EXISTS y (a)")      # in the -wal, not checkpointed
        assert os.path.getsize(_path(demo_db) + "-wal") > 0
        _start(demo_db)
        assert len(spy) == 2
    finally:
        holder.close()
    _start(demo_db)                       # its close checkpointed into the file: changed
    _start(demo_db)                       # recorded clean again, -wal gone: skipped
    assert len(spy) == 3
    data = json.loads(records.read_text())
    data[_path(demo_db)]["checked_at"] -= file_check.MAX_AGE_DAYS * 86400 + 60
    records.write_text(json.dumps(data))
    _start(demo_db)                       # a week since the last full check: read again
    assert len(spy) == 4


def test_a_clean_close_renews_the_record_after_the_apps_own_writes(demo_db, records, spy):
    from billdesk.store import settings

    _start(demo_db)
    checked_at = json.loads(records.read_text())[_path(demo_db)]["checked_at"]
    engine = db.make_engine(demo_db)
    with db.transaction(db.session_factory(engine)) as s:          # the app writes
        settings.put(s, "pdf.folder", "/tmp/x")
    engine.dispose()
    file_check.record_clean_close()
    rec = json.loads(records.read_text())[_path(demo_db)]
    assert rec["mtime_ns"] == os.stat(_path(demo_db)).st_mtime_ns
    assert rec["checked_at"] == checked_at      # the week counts from the full check
    _start(demo_db)
    assert len(spy) == 1


def test_a_damaged_file_is_refused_at_every_start_and_never_recorded(demo_db, records,
                                                                    monkeypatch):
    path = _path(demo_db)
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * 8192)
    damaged = Path(path).read_bytes()
    for _ in range(2):
        with pytest.raises(StorageError, match="damaged") as exc:
            _start(demo_db)
        assert exc.value.kind == "corrupt" and "restore it from a backup" in str(exc.value)
        assert not records.exists() or path not in json.loads(records.read_text())
    engine = db.make_engine(demo_db)            # and every write is refused
    try:
        db.prepare(engine, check_now=False)
        with pytest.raises(StorageError, match="damaged"):
            with db.transaction(db.session_factory(engine)) as s:
                from billdesk.store import settings

                settings.put(s, "pdf.folder", "/tmp/x")
    finally:
        engine.dispose()
    assert Path(path).read_bytes() == damaged


def test_a_child_without_verdict_means_the_check_in_process(demo_db, records, monkeypatch):
    ran = []
    real = db._check_sqlite
    monkeypatch.setattr(file_check, "quick_check_in_child", lambda path: None)
    monkeypatch.setattr(db, "_check_sqlite",
                        lambda engine, quick_check: (ran.append(quick_check),
                                                     real(engine, quick_check))[1])
    _start(demo_db)
    assert True in ran


def test_off_unless_the_app_turns_it_on(demo_db, monkeypatch):
    assert not file_check.enabled()
    monkeypatch.setattr(file_check, "quick_check_in_child",
                        lambda path: pytest.fail("a child outside the app"))
    ran = []
    real = db._check_sqlite
    monkeypatch.setattr(db, "_check_sqlite",
                        lambda engine, quick_check: (ran.append(quick_check),
                                                     real(engine, quick_check))[1])
    _start(demo_db)
    _start(demo_db)
    assert ran.count(True) == 2                  # the command line checks every time


def test_the_app_turns_it_on_in_the_users_folder(qtbot, demo_db, tmp_path):
    from billdesk.gui.app import Launcher

    launcher = Launcher(demo_db)
    launcher.on_failed = lambda message, expected: pytest.fail(message)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=30000)
    record = Path(os.environ["BILLDESK_HOME"]) / file_check.RECORD_NAME
    qtbot.waitUntil(record.exists, timeout=30000)
    assert _path(demo_db) in json.loads(record.read_text())
    launcher.window.close()


def test_a_file_the_child_cannot_open_is_no_verdict_not_damage(tmp_path):
    """A file the child cannot open or read (missing, locked, unreadable) is no verdict —
    the check then runs in the app, which says what is wrong — never "damaged"."""
    assert file_check.quick_check_in_child(str(tmp_path / "absent" / "x.sqlite")) is None
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database file, at all" * 200)
    problems = file_check.quick_check_in_child(str(bad))
    assert problems and problems != ["ok"]            # a file that is not a database: damage


def test_the_quality_check_a_read_does_not_wait_for_the_file_check(demo_db, monkeypatch):
    """The quality check's child only reads: it does not wait for the deferred file check
    (on a first start of the day, minutes for a large file; 192 s measured, issue 14). A
    child that may write (the e-mail send) still waits for it."""
    from billdesk.domain.quality import Thresholds
    from billdesk.gui import child_process
    from billdesk.gui.quality_process import quality_check_in_process
    from billdesk.gui.wizard import preset_period

    class Waited(Exception):
        pass

    def check(target, **kw):
        raise Waited(target)

    monkeypatch.setattr(child_process.dbmod, "run_deferred_check", check)
    cols, table = quality_check_in_process(demo_db, preset_period("month"), "all",
                                           Thresholds())
    assert len(table) > 0
    with pytest.raises(Waited):
        child_process.run_in_child(None, (demo_db,), name="writer")
