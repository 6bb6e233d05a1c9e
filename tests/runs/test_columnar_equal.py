"""The engine's columnar lines (billdesk.domain.line_table) written by the writer straight from
their columns give exactly the database content of BillLine objects written through the
driver's converters (the path before the columns): on a mixed portfolio — prosumers, dynamic
tariffs, community members, gaps, a tariff change splitting the month — with create and
create-and-correct runs (credit notes and replacements), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date

import builders
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.runs.run_dump import differences, dump_run

from billdesk.domain.tariff import TariffVersion
from billdesk.engine import lines as engine_lines
from billdesk.runs import create_run, finalize_run, start_run, writer
from billdesk.runs.line_rows import LineRows
from billdesk.store import bulk
from billdesk.store.db import make_engine, prepare, session_factory, transaction
from billdesk.store.importers.tariffs import save_tariff_version


class _Objects(LineRows):
    """The lines as BillLine objects, their values as they are (bulk.insert converts them)."""

    def __init__(self, date):
        super().__init__(None)

    def _tail(self, ln):
        return (ln.component, ln.label, ln.quantity, ln.unit, ln.unit_price, ln.net_amount,
                ln.vat_rate, ln.period_start, ln.period_end, ln.detail)

    def of_block(self, bid, block, j):
        self.of_lines(bid, block.lines(j))


def _materialised(monkeypatch):
    """The path without columns: the engine makes BillLines (as if no amount fitted int64),
    and the writer hands them to bulk.insert's converters."""
    real_priced, real_insert = engine_lines.priced_columns, bulk.insert

    def priced_columns(*a):
        milli, nets, _fits, zero, exact = real_priced(*a)
        return milli, nets, False, zero, exact

    def insert(session, table, columns, rows, converted=False, first_plus=0):
        if table.name == "bill_lines":          # the lines' values as they are: converted here
            converted = False
        real_insert(session, table, columns, rows, converted, first_plus)

    monkeypatch.setattr(engine_lines, "priced_columns", priced_columns)
    monkeypatch.setattr(writer, "LineRows", _Objects)
    monkeypatch.setattr(bulk, "insert", insert)


def _runs(factory) -> list[dict]:
    """The dumps of a create run's draft bills and of a create-and-correct run after it."""
    pf = builders.build(factory, 60, prosumer_every=3, dynamic_every=5, community=12,
                        gaps={4: 40}, no_data=(7,))
    r1 = create_run(factory, builders.MONTH, "all")
    start_run(factory, r1.id, batch_size=25)
    first = dump_run(factory.kw["bind"], r1.id)
    finalize_run(factory, r1.id, today=date(2025, 4, 5))
    # corrected readings for two accounts, a price change splitting the month for FLAT
    builders.correct_readings(factory, pf.points["A00002"], factor=1.2)
    builders.correct_readings(factory, pf.points["A00011"], factor=0.7)
    comps = [dict(c, price="0.2610") if c["type"] == "energy" else c
             for c in builders.FLAT["components"]]
    with transaction(factory) as s:
        save_tariff_version(s, TariffVersion.from_dict(
            dict(builders.FLAT, valid_from="2025-03-17", components=comps)))
    r2 = create_run(factory, builders.MONTH, "all", billing="create-and-correct")
    start_run(factory, r2.id, batch_size=25)
    return [first, dump_run(factory.kw["bind"], r2.id)]


@pytest.fixture
def reference(db, request, tmp_path):
    """A second empty database beside ``db``'s (SQLite file or PostgreSQL database)."""
    url = db[0]
    if url.startswith("postgresql"):
        admin = create_engine(request.getfixturevalue("pg_admin_url"),
                              isolation_level="AUTOCOMMIT")
        name = "bd_ref_" + uuid.uuid4().hex[:12]
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        ref = make_url(url).set(database=name).render_as_string(hide_password=False)
    else:
        admin, ref = None, str(tmp_path / "reference.sqlite")
    engine = make_engine(ref)
    prepare(engine)
    yield session_factory(engine)
    engine.dispose()
    if admin is not None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_columns_write_what_bill_line_objects_write(db, reference, monkeypatch):
    url, factory = db
    got = _runs(factory)
    kinds = {b[2] for b in got[1]["bills"]}          # attempt, account, kind
    assert len(got[0]["bills"]) == 59 and {"credit_note", "invoice"} <= kinds
    assert any(ln[-3] is not None for ln in got[1]["bill_lines"])   # split lines (dates)
    # the same portfolio again, on an empty database, without columns
    with monkeypatch.context() as m:
        _materialised(m)
        ref = _runs(reference)
    for a, b in zip(got, ref):
        assert a["line_order"] == [True]
        assert not differences(a, b), differences(a, b)
        assert a == b
