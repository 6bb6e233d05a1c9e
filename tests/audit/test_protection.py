"""The database refuses every change to what an issued document prints, issues a bill only
with its seal, cancels one only with its credit note, keeps the audit log append-only and —
on PostgreSQL — refuses TRUNCATE of bills, lines and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from .conftest import documents


@pytest.mark.parametrize("column, value", [
    ("tariff_code", "'X'"), ("consumption_kwh", "consumption_kwh + 1"),
    ("q_measured", "q_measured + 1"), ("q_missing", "1"), ("attempt_id", "NULL"),
    ("inputs", "'{}'"), ("content", "'{}'"), ("content_hash", "'0'"), ("prev_hash", "'0'"),
    ("record_hash", "'0'"), ("fingerprint", "'x'"), ("issued_at", "NULL"),
    ("local_kwh", "1"), ("community_saving", "'1.00'"),         # a member's (issue 17)
])
def test_printed_fields_of_an_issued_bill_never_change(factory, issued, column, value):
    bid = documents(factory)[0][0]
    with pytest.raises(DatabaseError, match="immutable"):
        with factory.begin() as s:
            s.execute(text(f"UPDATE bills SET {column} = {value} WHERE id = :b"), {"b": bid})


def test_a_bill_is_issued_only_with_its_seal(factory, issued):
    with factory.begin() as s:
        run = s.execute(text("SELECT run_id, account_id, attempt_id FROM bills LIMIT 1")).one()
    cols = ("run_id, account_id, kind, status, period_start, period_end, currency, net_total, "
            "vat_total, rounding, total, fingerprint, tariff_code, consumption_kwh, q_measured, "
            "q_substituted, q_estimated, q_missing, created_at")
    vals = (":r, :a, 'invoice', 'draft', '2025-05-01', '2025-06-01', 'CHF', 1, 0, 0, 1, 'f', "
            "'FLAT', 1, 0, 0, 0, 0, CURRENT_TIMESTAMP")
    with factory.begin() as s:
        s.execute(text(f"INSERT INTO bills ({cols}) VALUES ({vals})"),
                  {"r": run.run_id, "a": run.account_id})
        draft = s.execute(text("SELECT max(id) FROM bills")).scalar()
    with pytest.raises(DatabaseError, match="frozen content"):
        with factory.begin() as s:
            s.execute(text("UPDATE bills SET number = 'INV-2025-999999', status = 'issued' "
                           "WHERE id = :b"), {"b": draft})
    with pytest.raises(DatabaseError, match="frozen content"):
        with factory.begin() as s:
            s.execute(text(f"INSERT INTO bills ({cols}, number) VALUES ({vals}, 'X-2025-1')"),
                      {"r": run.run_id, "a": run.account_id})
    with factory.begin() as s:      # a draft stays free
        s.execute(text("UPDATE bills SET total = 2 WHERE id = :b"), {"b": draft})
        s.execute(text("DELETE FROM bills WHERE id = :b"), {"b": draft})


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET actor = 'someone else'",
                                 "DELETE FROM audit_log"])
def test_audit_log_is_append_only(factory, issued, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with factory.begin() as s:
            s.execute(text(sql))


@pytest.mark.postgres
@pytest.mark.parametrize("sql", ["TRUNCATE bills CASCADE", "TRUNCATE bill_lines",
                                 "TRUNCATE audit_log", "TRUNCATE bill_runs CASCADE"])
def test_postgres_refuses_truncation(pg_url, sql):
    from billdesk.store import db

    from .conftest import issue

    engine = db.make_engine(pg_url)
    db.prepare(engine)
    factory = db.session_factory(engine)
    try:
        issue(factory, 2)
        with pytest.raises(DatabaseError, match="cannot be truncated"):
            with factory.begin() as s:
                s.execute(text(sql))
        with factory() as s:
            assert s.execute(text("SELECT count(*) FROM bills")).scalar() == 2
            assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() > 0
    finally:
        engine.dispose()
