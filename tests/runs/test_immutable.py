"""Issued bills are immutable in the database itself (triggers), on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store import db

from builders import build


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_factory(request, tmp_path):
    url = str(tmp_path / "i.sqlite") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    engine = db.make_engine(url)
    db.prepare(engine)
    yield db.session_factory(engine)
    engine.dispose()


def _issued(factory):
    build(factory, 5)
    run = create_run(factory, "2025-03", "all", today=date(2025, 6, 1))
    start_run(factory, run.id)
    finalize_run(factory, run.id)
    with factory() as s:
        return s.execute(text("SELECT id, number FROM bills WHERE number IS NOT NULL "
                              "ORDER BY id")).all()


@pytest.mark.parametrize("sql", [
    "UPDATE bills SET total = total + 1 WHERE id = :id",
    "UPDATE bills SET number = 'X-1' WHERE id = :id",
    "UPDATE bills SET status = 'draft' WHERE id = :id",
    "DELETE FROM bills WHERE id = :id",
    "UPDATE bill_lines SET net_amount = 0 WHERE bill_id = :id",
    "DELETE FROM bill_lines WHERE bill_id = :id",
    "INSERT INTO bill_lines (bill_id, position, component, label, quantity, unit, unit_price, "
    "net_amount, vat_rate) VALUES (:id, 99, 'levy', 'x', 1, 'kWh', 1, 1, 0)",
])
def test_issued_bill_cannot_change(any_factory, sql):
    (bid, _number), *_ = _issued(any_factory)
    with pytest.raises(DatabaseError, match="immutable"):
        with any_factory.begin() as s:
            s.execute(text(sql), {"id": bid})


def test_issued_bill_is_cancelled_only_with_its_credit_note(any_factory):
    """issued -> cancelled only together with the credit note that cancels it (issue 10);
    a cancelled bill never goes back."""
    import builders

    (bid, number), *_ = _issued(any_factory)
    with pytest.raises(DatabaseError, match="credit note"):
        with any_factory.begin() as s:
            s.execute(text("UPDATE bills SET status = 'cancelled' WHERE id = :id"), {"id": bid})
    with any_factory() as s:
        point = s.execute(text("SELECT a.consumption_point_id FROM bills b JOIN accounts a "
                               "ON a.id = b.account_id WHERE b.id = :id"), {"id": bid}).scalar()
    builders.correct_readings(any_factory, point, factor=1.3)
    run = create_run(any_factory, "2025-03", "all", billing="create-and-correct",
                     today=date(2025, 6, 1))
    start_run(any_factory, run.id)
    finalize_run(any_factory, run.id)
    with any_factory() as s:
        assert s.execute(text("SELECT status FROM bills WHERE id = :id"),
                         {"id": bid}).scalar() == "cancelled"
    with pytest.raises(DatabaseError, match="immutable"):
        with any_factory.begin() as s:
            s.execute(text("UPDATE bills SET status = 'issued' WHERE id = :id"), {"id": bid})
