"""The driver's bulk paths store exactly what SQLAlchemy stores, inside the caller's
transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from billdesk.store import bulk
from billdesk.store.db import transaction
from billdesk.store.models import Account, PricePoint, PriceSeriesRow

T0 = datetime(2025, 3, 1, 23, tzinfo=timezone.utc)
PRICES = [D("0.1"), D("0.100"), D("-0.0000001"), D("1E+2"), D("12345678.123456789"), D("0"),
          D("-0.00")]


def _raw(session, table: str, order: str) -> list[tuple]:
    """The stored values as the database returns them to the driver (no type processing)."""
    cur = session.connection().connection.cursor()
    cur.execute(f"SELECT * FROM {table} ORDER BY {order}")
    rows = [tuple(r) for r in cur.fetchall()]
    cur.close()
    return rows


def test_insert_stores_what_sqlalchemy_stores(factory):
    with transaction(factory) as s:
        a, b = PriceSeriesRow(code="A"), PriceSeriesRow(code="B")
        s.add_all([a, b])
        s.flush()
        rows = [(T0 + timedelta(hours=k), p) for k, p in enumerate(PRICES)]
        s.execute(insert(PricePoint), [{"series_id": a.id, "start_utc": t, "price": p}
                                       for t, p in rows])
        bulk.insert(s, PricePoint.__table__, ("series_id", "start_utc", "price"),
                    [(b.id, t, p) for t, p in rows])
        raw = _raw(s, "price_points", "series_id, start_utc")
        core, mine = raw[:len(rows)], raw[len(rows):]
        assert [r[1:] for r in mine] == [r[1:] for r in core]
        def read(series):
            return [(t, str(p)) for t, p in s.execute(
                select(PricePoint.start_utc, PricePoint.price)
                .where(PricePoint.series_id == series).order_by(PricePoint.start_utc))]
        assert read(b.id) == read(a.id)
        assert [p for _t, p in read(b.id)][:3] == ["0.1", "0.100", "-1E-7"]


def test_dates_nulls_and_texts(factory):
    cols = ("code", "name", "street", "postcode", "city", "country", "language", "email",
            "supply_start", "supply_end", "updated_at")
    row = ("Ü-1", "Müller \"AG\"\n", "", "", "", "CH", "de", None, date(2025, 3, 1), None, T0)
    with transaction(factory) as s:
        s.execute(insert(Account), [dict(zip(cols, ("C-1", *row[1:])))])
        bulk.insert(s, Account.__table__, cols, [row])
        raw = _raw(s, "accounts", "id")
        keep = [k for k, c in enumerate(Account.__table__.columns.keys()) if c not in ("id", "code")]
        assert [raw[1][k] for k in keep] == [raw[0][k] for k in keep]
        acc = s.scalar(select(Account).where(Account.code == "Ü-1"))
        assert (acc.name, acc.email, acc.supply_start, acc.supply_end, acc.updated_at) == \
            (row[1], None, date(2025, 3, 1), None, T0)


def test_update_by_key_with_condition(factory):
    with transaction(factory) as s:
        ser = PriceSeriesRow(code="S")
        s.add(ser)
        s.flush()
        s.execute(insert(PricePoint), [{"series_id": ser.id, "start_utc": T0 + timedelta(hours=k),
                                        "price": D(k)} for k in range(4)])
    with transaction(factory) as s:
        # the table's key here is two columns: update by start_utc within the series; how
        # many rows were updated comes back
        assert bulk.update(s, PricePoint.__table__, "start_utc", ["price"],
                           [(T0 + timedelta(hours=k), D("9.50") + k) for k in range(4)],
                           where={"series_id": ser.id}) == 4
        assert bulk.update(s, PricePoint.__table__, "start_utc", ["price"], [(T0, D("7"))],
                           where={"series_id": ser.id + 1}) == 0     # matches nothing
        # a column mixing Python types (an int among Decimals), and NULLs only
        assert bulk.update(s, PricePoint.__table__, "start_utc", ["price"],
                           [(T0 + timedelta(hours=2), 3), (T0 + timedelta(hours=3), D("4.25"))],
                           where={"series_id": ser.id}) == 2
    with factory() as s:
        got = [str(p) for p in s.scalars(select(PricePoint.price).order_by(PricePoint.start_utc))]
    assert got == ["9.50", "10.50", "3", "4.25"]


def test_integers_beyond_their_column_are_never_cut(factory):
    """An integer beyond its 32-bit column: refused on PostgreSQL (a binary COPY through
    psycopg would store it cut to 32 bits; the text format's parser refuses it), stored as it
    is on SQLite (64-bit integers)."""
    from sqlalchemy.exc import DBAPIError

    from billdesk.store.models import NumberSeries

    cols = ("series", "year", "last_number")
    for k, bad in enumerate((2 ** 40, -(2 ** 31) - 1)):
        if bulk.dialect_name(factory()) == "postgresql":
            with pytest.raises(DBAPIError, match="out of range"):
                with transaction(factory) as s:
                    bulk.insert(s, NumberSeries.__table__, cols, [("invoice", 2025 + k, bad)])
            with factory() as s:
                assert s.scalar(select(text("count(*)")).select_from(NumberSeries)) == 0
        else:
            with transaction(factory) as s:
                bulk.insert(s, NumberSeries.__table__, cols, [("invoice", 2025 + k, bad)])
            with factory() as s:
                assert s.scalar(select(NumberSeries.last_number)
                                .where(NumberSeries.year == 2025 + k)) == bad
    with transaction(factory) as s:                 # the largest that fits
        bulk.insert(s, NumberSeries.__table__, cols, [("credit", 2025, 2 ** 31 - 1)])
    with factory() as s:
        assert s.scalar(select(NumberSeries.last_number)
                        .where(NumberSeries.series == "credit")) == 2 ** 31 - 1


def test_errors_are_sqlalchemy_errors_and_roll_back(factory):
    with transaction(factory) as s:
        s.add(PriceSeriesRow(code="S"))
    with pytest.raises(IntegrityError):
        with transaction(factory) as s:
            sid = s.scalar(select(PriceSeriesRow.id))
            bulk.insert(s, PricePoint.__table__, ("series_id", "start_utc", "price"),
                        [(sid, T0, D(1))])
            bulk.insert(s, PricePoint.__table__, ("series_id", "start_utc", "price"),
                        [(sid, T0, D(2))])          # the same key again
    with factory() as s:
        assert s.scalar(select(text("count(*)")).select_from(PricePoint)) == 0
