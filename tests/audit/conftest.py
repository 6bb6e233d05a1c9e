"""Fixtures for the audit tests: issued documents on SQLite and PostgreSQL, and a privileged
attacker's way round the database's own protection (dropping its triggers)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent.parent / "runs"))

import builders  # noqa: E402

from billdesk.runs import create_run, finalize_run, start_run  # noqa: E402


def issue(factory, n: int = 6, **kw) -> int:
    """A portfolio of ``n`` accounts billed for 2025-03 and finalized; the run id."""
    builders.build(factory, n, **kw)
    run = create_run(factory, "2025-03", "all", today=date(2025, 4, 2))
    start_run(factory, run.id)
    finalize_run(factory, run.id, today=date(2025, 4, 2))
    return run.id


def documents(factory) -> list[tuple[int, str]]:
    with factory() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT id, number FROM bills WHERE number IS NOT NULL ORDER BY number"))]


def drop_triggers(factory) -> None:
    """What a privileged attacker does first: remove the immutability triggers."""
    with factory.begin() as s:
        if s.get_bind().dialect.name == "sqlite":
            names = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for (name,) in names.all():
                s.execute(text(f"DROP TRIGGER {name}"))
        else:
            for table in ("bills", "bill_lines", "audit_log"):
                s.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))


@pytest.fixture
def issued(factory):
    """6 accounts (a prosumer, a dynamic tariff, two community members), issued."""
    return issue(factory, 6, prosumer_every=3, dynamic_every=4, community=2)
