"""Reading a database file's header must not drop this process's SQLite locks on it
(store/sqlite_files.py): closing any descriptor of a file drops every POSIX lock the process
holds on it, and another process then takes the file for unused and deletes its WAL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from sqlalchemy import text

from billdesk.store import sqlite_files
from billdesk.store.db import PACKAGE_APPLICATION_ID, is_audit_package, make_engine

CHILD = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('select count(*) from t').fetchall(); c.close()")


def test_a_second_engine_keeps_the_first_ones_locks(tmp_path):
    """The CLI called twice in one process (``run start --workers 2`` then ``run show``):
    a new engine on an open file, then another process that opens and closes the file."""
    p = str(tmp_path / "l.sqlite")
    e = make_engine(p)
    with e.begin() as c:
        c.execute(text("create table t(x)"))
        c.execute(text("insert into t values (1)"))
    conn = e.connect()                      # this process keeps the file open
    conn.execute(text("select * from t")).all()
    conn.commit()
    make_engine(p).dispose()                # looks at the header (type, audit package)
    subprocess.run([sys.executable, "-c", CHILD, p], check=True, timeout=60)
    assert os.path.exists(p + "-wal"), "the other process took the file for unused"
    assert conn.execute(text("select count(*) from t")).scalar() == 1
    conn.close()
    e.dispose()


def test_header_read_by_open_only_when_no_connection_may_hold_it(tmp_path):
    p = tmp_path / "h.sqlite"
    sqlite3.connect(p).execute("create table t(x)").connection.close()
    assert sqlite_files.read_header(p, 16) == sqlite_files.SQLITE_HEADER
    e = make_engine(p)
    with e.connect() as c:
        c.execute(text("select 1"))
    assert sqlite_files.may_be_open(p)
    assert sqlite_files.read_header(p, 16) is None
    e.dispose()


def test_audit_package_recognised_while_open(tmp_path):
    p = tmp_path / "pkg.sqlite"
    c = sqlite3.connect(p)
    c.execute(f"PRAGMA application_id = {PACKAGE_APPLICATION_ID}")
    c.execute("create table t(x)")
    c.commit()
    assert is_audit_package(p)              # read by open(): nothing of ours holds it
    sqlite_files.note_open(p)
    assert is_audit_package(p)              # read through SQLite
    c.execute("PRAGMA application_id = 7")
    c.commit()
    assert not is_audit_package(p)
    c.close()
    other = tmp_path / "not.sqlite"
    other.write_bytes(b"not a database at all" * 10)
    sqlite_files.note_open(other)
    assert not is_audit_package(other)
