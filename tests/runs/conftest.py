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
