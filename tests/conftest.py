"""Shared fixtures: offscreen Qt, SQLite and PostgreSQL databases.

PostgreSQL: BILLDESK_TEST_PG_URL (an admin URL, e.g. postgresql+psycopg://postgres@127.0.0.1:54329/postgres)
names a running server; without it the fixture starts a throwaway server from the installed
PostgreSQL binaries; where neither works the PostgreSQL tests are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BILLDESK_USER", "tester")

from tests.pgserver import PgServer  # noqa: E402


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("BILLDESK_TEST_PG_URL")
    if url:
        yield url
        return
    server = PgServer()
    reason = server.start()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_admin_url):
    """A fresh, empty PostgreSQL database for one test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "bd_" + uuid.uuid4().hex[:12]
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin_url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return str(tmp_path / "billdesk.sqlite")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "billdesk.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def factory(db_url):
    """A session factory on a freshly migrated database."""
    from billdesk.store import db

    engine = db.make_engine(db_url)
    db.prepare(engine)
    yield db.session_factory(engine)
    engine.dispose()
