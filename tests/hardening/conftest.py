"""Shared setup for the hardening tests: a database with the sample tariffs, accounts, prices
and community — built once per session as a template (a file copied for SQLite, ``CREATE
DATABASE … TEMPLATE`` on PostgreSQL), so each test starts from it in milliseconds."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from tests.hardening.mutations import run_cli

DATA = Path(__file__).resolve().parent.parent / "data"


def base_db(db_url: str) -> str:
    """``db_url`` migrated, with tests/data's tariffs, accounts, prices and community."""
    for argv in (["db", "upgrade"], ["import", "tariffs", str(DATA / "tariffs.json")],
                 ["import", "accounts", str(DATA / "accounts.csv")],
                 ["import", "prices", str(DATA / "prices.csv")],
                 ["import", "communities", str(DATA / "community.json")]):
        code, _out, err = run_cli(["--db", db_url] + argv)
        assert code == 0, err
    return db_url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    import sqlite3

    path = tmp_path_factory.mktemp("template") / "base.sqlite"
    base_db(str(path))
    c = sqlite3.connect(path)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_admin_url) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "bd_tmpl_" + uuid.uuid4().hex[:8]
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    base_db(make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False))
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def base_url(request, tmp_path):
    """A copy of the template database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "base.sqlite"
        shutil.copy(template, path)
        return str(path)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = request.getfixturevalue("pg_admin_url")
    template = request.getfixturevalue("pg_template")
    name = "bd_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)
