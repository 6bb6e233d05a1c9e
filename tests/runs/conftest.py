"""Fixtures for the bill-run tests: a fresh SQLite database per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from billdesk.store.db import make_engine, prepare, session_factory  # noqa: E402


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "runs.sqlite"


@pytest.fixture
def factory(db_path):
    engine = make_engine(db_path)
    prepare(engine)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """(database URL or path, session factory) on SQLite and on PostgreSQL, for tests that
    start ``billdesk`` processes on the same database."""
    url = (str(tmp_path / "w.sqlite") if request.param == "sqlite"
           else request.getfixturevalue("pg_url"))
    engine = make_engine(url)
    prepare(engine)
    yield url, session_factory(engine)
    engine.dispose()
