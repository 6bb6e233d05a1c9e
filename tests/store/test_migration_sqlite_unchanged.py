"""Migrations declared ``changes_sqlite = False`` (store/revisions.py): on SQLite they change
nothing but the version stamp, so opening a database behind only by them skips the full file
check (104.5 s on the 7.4 GB database); a migration that changes SQLite still checks first."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from billdesk.domain.errors import StorageError
from billdesk.store import db, revisions
from billdesk.store.demo_writer import write_demo


def _declared_unchanged() -> list[str]:
    return sorted(revisions._sqlite_unchanged())


def _dump(path) -> tuple:
    """Every schema object and every row of a SQLite file, but the version stamp."""
    conn = sqlite3.connect(path)
    try:
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                     "WHERE name != 'alembic_version'").fetchall())
        rows = {}
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT IN ('alembic_version')"):
            rows[table] = sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))
        return schema, rows
    finally:
        conn.close()


@pytest.fixture
def at_0006(tmp_path):
    """A SQLite database with a little data, at the revision before 0009 (0006)."""
    path = tmp_path / "old.sqlite"
    engine = db.make_engine(path)
    try:
        db.prepare(engine)                                # migrated, its time zone set
        write_demo(db.session_factory(engine), accounts=12, months=1, seed=3, end="2025-11")
        command.downgrade(db.alembic_config(engine), db.revision_before("0009"))
        assert db.current_revision(engine) == "0006"
    finally:
        engine.dispose()
    db._deferred.clear()
    return path


@pytest.fixture
def checks(monkeypatch):
    """The full file checks (``quick_check``) run, in order."""
    seen: list[str] = []
    real = db._check_sqlite

    def spy(engine, quick_check):
        if quick_check:
            seen.append(db.describe(engine))
        return real(engine, quick_check)

    monkeypatch.setattr(db, "_check_sqlite", spy)
    yield seen
    db._deferred.clear()


def test_0009_is_declared_and_the_chain_says_which_ranges_change_sqlite():
    assert "0009" in _declared_unchanged()
    assert revisions.changes_sqlite("0006", "0009") is False
    assert revisions.changes_sqlite("0008", "0009") is True      # 0006 and 0008 change it
    assert revisions.changes_sqlite("0009", "0009") is False
    assert revisions.changes_sqlite(None) is True                # an empty database
    assert revisions.changes_sqlite("nope") is True              # not on the chain


@pytest.mark.parametrize("rev", _declared_unchanged())
def test_a_declared_migration_changes_nothing_on_sqlite_but_its_stamp(tmp_path, rev):
    """The declaration is checked: schema and rows are the same before and after it."""
    path = tmp_path / "x.sqlite"
    engine = db.make_engine(path)
    try:
        cfg = db.alembic_config(engine)
        command.upgrade(cfg, "head")
        write_demo(db.session_factory(engine), accounts=12, months=1, seed=3, end="2025-11")
        command.downgrade(cfg, db.revision_before(rev))
        before = _dump(path)
        command.upgrade(cfg, rev)
        assert db.current_revision(engine) == rev
        assert _dump(path) == before
    finally:
        engine.dispose()


def test_the_app_opens_without_the_check_and_stamps_after_it(at_0006, checks, monkeypatch):
    def no_alembic(*_a, **_k):
        raise AssertionError("a stamp needs no Alembic (nor its foreign-key check)")

    monkeypatch.setattr(command, "upgrade", no_alembic)
    engine = db.make_engine(at_0006)
    try:
        db.prepare(engine, check_now=False)              # the app's open: no full check
        assert checks == []
        assert db.current_revision(engine) == "0006"      # nothing written yet
        assert db.run_deferred_check(str(at_0006)) is not None     # the worker's check
        assert len(checks) == 1
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_a_write_waits_for_the_check_and_the_stamp(at_0006, checks):
    from billdesk.store import settings

    engine = db.make_engine(at_0006)
    try:
        db.prepare(engine, check_now=False)
        with db.transaction(db.session_factory(engine)) as s:       # the first write
            settings.put(s, "pdf.folder", "/tmp/x")
        assert len(checks) == 1
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


def test_a_damaged_file_gets_no_stamp(at_0006, monkeypatch):
    def damaged(engine, quick_check):
        if quick_check:
            raise StorageError("the database file is damaged", kind="corrupt")

    monkeypatch.setattr(db, "_check_sqlite", damaged)
    engine = db.make_engine(at_0006)
    try:
        db.prepare(engine, check_now=False)
        with pytest.raises(StorageError, match="damaged"):
            db.run_deferred_check(str(at_0006))
        assert db.current_revision(engine) == "0006"
    finally:
        engine.dispose()
        db._deferred.clear()


def test_a_read_only_use_writes_nothing(at_0006, checks):
    engine = db.make_engine(at_0006)
    try:
        db.prepare(engine, write=False)
        assert checks == []
        assert db.current_revision(engine) == "0006"
    finally:
        engine.dispose()


def test_the_command_line_checks_and_stamps_at_once(at_0006, checks):
    engine = db.make_engine(at_0006)
    try:
        db.prepare(engine)                                # a writing command: checked now
        assert len(checks) == 1
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize("check_now,write", [(False, True), (True, True), (False, False)])
def test_a_migration_that_changes_sqlite_checks_the_file_first(tmp_path, checks, check_now,
                                                               write):
    path = tmp_path / "older.sqlite"
    engine = db.make_engine(path)
    try:
        db.upgrade(engine, "0008")                        # 0006 and 0009 to go: 0006 changes
        assert revisions.changes_sqlite("0008")
        order = []
        real = db.upgrade
        db.upgrade = lambda e, r="head": (order.append(len(checks)), real(e, r))
        try:
            db.prepare(engine, check_now=check_now, write=write)
        finally:
            db.upgrade = real
        assert order == [1]                               # checked once, before migrating
        assert db.current_revision(engine) == db.head_revision()
    finally:
        engine.dispose()
