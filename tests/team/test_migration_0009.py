"""0009 (PostgreSQL): a line added to an issued bill is refused once per statement, a bill
inserted with a number still needs its seal; upgrade from 0006 with issued bills and back."""

from datetime import date

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store import bulk, db
from billdesk.store.models import BillLineRow

from builders import build

pytestmark = pytest.mark.postgres

LINE = ("bill_id", "position", "component", "label", "quantity", "unit", "unit_price",
        "net_amount", "vat_rate")


def _triggers(engine, table):
    with engine.connect() as c:
        return dict(c.execute(text(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid = to_regclass(:t)"), {"t": table}).all())


def _line(bid, pos):
    from decimal import Decimal

    one = Decimal(1)
    return (bid, pos, "levy", "x", one, "kWh", one, one, Decimal(0))


def test_statement_checks_refuse_lines_of_issued_bills_and_migrate_both_ways(pg_url):
    engine = db.make_engine(pg_url)
    cfg = db.alembic_config(engine)
    command.upgrade(cfg, "0006")
    factory = db.session_factory(engine)
    db.prepare(engine)                       # up to head again, with the data below
    build(factory, 6)
    run = create_run(factory, "2025-03", "accounts:A00001,A00002,A00003",
                     today=date(2025, 6, 1))
    start_run(factory, run.id)
    finalize_run(factory, run.id)
    draft_run = create_run(factory, "2025-03", "accounts:A00004", today=date(2025, 6, 1))
    start_run(factory, draft_run.id)
    with factory() as s:
        issued = s.execute(text("SELECT id FROM bills WHERE number IS NOT NULL")).scalars().all()
        draft = s.scalar(text("SELECT id FROM bills WHERE number IS NULL"))
        lines = s.scalar(text("SELECT count(*) FROM bill_lines"))
    assert len(issued) == 3 and draft
    for head in (True, False):
        trig = _triggers(engine, "bill_lines")
        if head:
            assert "FOR EACH STATEMENT" in trig["bill_lines_added"]
            assert "INSERT" not in trig["bill_lines_immutable"]
            assert "WHEN ((new.number IS NOT NULL))" in _triggers(engine, "bills")[
                "bills_insert_sealed"]
        else:
            assert "bill_lines_added" not in trig
            assert "INSERT OR DELETE OR UPDATE" in trig["bill_lines_immutable"]
        # one COPY of lines of a draft bill and of an issued one: refused as a whole
        with pytest.raises(DatabaseError, match="immutable"):
            with factory.begin() as s:
                bulk.insert(s, BillLineRow.__table__, LINE,
                            [_line(draft, 90), _line(draft, 91), _line(issued[1], 92)])
        with pytest.raises(DatabaseError, match="immutable"):
            with factory.begin() as s:
                s.execute(text("INSERT INTO bill_lines (bill_id, position, component, label, "
                               "quantity, unit, unit_price, net_amount, vat_rate) SELECT id, "
                               "99, 'levy', 'x', 1, 'kWh', 1, 1, 0 FROM bills"))
        with factory() as s:
            assert s.scalar(text("SELECT count(*) FROM bill_lines")) == lines
        # a bill inserted with a number but without its seal: refused
        with pytest.raises(DatabaseError, match="frozen content"):
            with factory.begin() as s:
                s.execute(text(
                    "INSERT INTO bills (run_id, account_id, kind, status, number, "
                    "period_start, period_end, currency, net_total, vat_total, rounding, "
                    "total, fingerprint, tariff_code, consumption_kwh, q_measured, "
                    "q_substituted, q_estimated, q_missing, created_at) SELECT run_id, "
                    "account_id, kind, 'issued', 'X-1', period_start, period_end, currency, "
                    "net_total, vat_total, rounding, total, fingerprint, tariff_code, "
                    "consumption_kwh, 0, 0, 0, 0, created_at FROM bills WHERE id = :d"),
                    {"d": draft})
        # lines of draft bills still go in, in one statement
        with factory.begin() as s:
            bulk.insert(s, BillLineRow.__table__, LINE, [_line(draft, 90), _line(draft, 91)])
            s.execute(text("DELETE FROM bill_lines WHERE bill_id = :d AND position >= 90"),
                      {"d": draft})
        if head:
            command.downgrade(cfg, "0006")
    command.upgrade(cfg, "head")
    assert "bill_lines_added" in _triggers(engine, "bill_lines")
    engine.dispose()
