"""Shared setup for the hardening tests: a database with the sample tariffs and accounts."""

from __future__ import annotations

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


@pytest.fixture
def base_url(db_url):
    return base_db(db_url)
