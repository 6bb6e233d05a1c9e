"""Bulk writes through the database driver: many rows in one call, inside the session's
transaction.

SQLAlchemy Core's executemany builds a parameter dictionary per row and sends every value
through its type's bind processor one call at a time; for a bill run's writes (thousands of
attempt results, draft bills and lines per batch) that cost more than the database itself.
Here the rows are tuples converted column by column to what the driver takes — with the
columns' own SQLAlchemy bind processors, so the stored values are exactly those SQLAlchemy
writes (canonical decimal text and ISO dates on SQLite) — and handed to the driver:

- SQLite: ``sqlite3`` ``executemany`` of one prepared statement;
- PostgreSQL: ``COPY … FROM STDIN`` (psycopg) for inserts, and for updates a ``COPY`` into a
  temporary table dropped at commit, then one ``UPDATE … FROM``.

The connection is the session's, so everything stays in the caller's transaction: a kill
before the commit writes nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat
from typing import Callable, Iterable, Sequence

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from billdesk.store.types import Dec

Converter = Callable[[object], object]


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def converters(session: Session, table: Table, columns: Sequence[str]
               ) -> list[Converter | None]:
    """Per column, the function turning a Python value into the driver's (None: as it is)."""
    dialect = session.get_bind().dialect
    out: list[Converter | None] = []
    for name in columns:
        col_type = table.c[name].type
        proc = col_type.dialect_impl(dialect).bind_processor(dialect)
        if proc is None:
            out.append(None)
        elif isinstance(col_type, Dec):
            out.append(_Decimals(proc, as_text=dialect.name == "sqlite"))
        else:
            out.append(_memo(proc))
    return out


class _Decimals:
    """Dec columns: on SQLite a Decimal's canonical text (what ``Dec.process_bind_param``
    stores), on PostgreSQL the Decimal itself; a column of Decimals only is converted in one
    ``map``. (Not memoised: Decimal('0.1') == Decimal('0.100'), but they are stored apart.)"""

    def __init__(self, proc: Converter, as_text: bool):
        self.proc, self.as_text = proc, as_text

    def __call__(self, v):
        if type(v) is Decimal:
            return format(v, "f") if self.as_text else v
        return self.proc(v)

    def column(self, values: Sequence) -> list:
        if set(map(type, values)) == {Decimal}:
            return list(map(format, values, repeat("f"))) if self.as_text else list(values)
        return list(map(self, values))


def _memo(proc: Converter) -> Converter:
    """Dates and timestamps: a batch has few distinct ones, each converted once (keyed by
    type and value); anything else is converted value by value."""
    seen: dict = {}

    def convert(v):
        if type(v) not in (date, datetime):
            return proc(v)
        key = (type(v), v, getattr(v, "tzinfo", None))
        got = seen.get(key)
        if got is None:
            got = seen[key] = proc(v)
        return got
    return convert


def _prepared(session: Session, table: Table, columns: Sequence[str],
              rows: Sequence[tuple]) -> list[tuple]:
    if not rows:
        return []
    cols = list(zip(*rows))
    for k, conv in enumerate(converters(session, table, columns)):
        if isinstance(conv, _Decimals):
            cols[k] = conv.column(cols[k])
        elif conv is not None:
            cols[k] = list(map(conv, cols[k]))
    return list(zip(*cols))


@contextmanager
def _cursor(session: Session, statement: str):
    """A driver cursor on the session's connection; driver errors come out as SQLAlchemy's
    (IntegrityError, OperationalError, …), as from ``session.execute``."""
    dialect = session.get_bind().dialect
    cur = session.connection().connection.cursor()
    try:
        yield cur
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error,
                                  dialect=dialect) from exc
    finally:
        cur.close()


def insert(session: Session, table: Table, columns: Sequence[str],
           rows: Sequence[tuple]) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``. Python-side column
    defaults are not applied: give every column that has one (server defaults, such as an
    autoincrement id, apply)."""
    if not rows:
        return
    data = _prepared(session, table, columns, rows)
    names = ", ".join(columns)
    if dialect_name(session) == "postgresql":
        sql = f"COPY {table.name} ({names}) FROM STDIN"
        with _cursor(session, sql) as cur, cur.copy(sql) as copy:
            for row in data:
                copy.write_row(row)
    else:
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' for _ in columns)})"
        with _cursor(session, sql) as cur:
            cur.executemany(sql, data)


def update(session: Session, table: Table, key: str, columns: Sequence[str],
           rows: Iterable[tuple], where: dict[str, object] | None = None) -> None:
    """UPDATE ``table`` SET ``columns`` for each row ``(key value, *column values)``.

    ``where``: further conditions ``column = value`` on the row to update; rows they exclude
    are left unchanged (e.g. ``{"status": "pending"}``).
    """
    rows = list(rows)
    if not rows:
        return
    data = _prepared(session, table, [key, *columns], rows)
    where = dict(where or {})
    wvals = [v if conv is None else conv(v) for conv, v in
             zip(converters(session, table, list(where)), where.values())]
    if dialect_name(session) == "postgresql":
        tmp = f"_bulk_{table.name}"
        cols = ", ".join([key, *columns])
        sets = ", ".join(f"{c} = s.{c}" for c in columns)
        cond = "".join(f" AND t.{c} = %s" for c in where)
        sql = (f"UPDATE {table.name} AS t SET {sets} FROM {tmp} AS s "
               f"WHERE t.{key} = s.{key}{cond}")
        with _cursor(session, sql) as cur:
            cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {tmp} ON COMMIT DROP AS "
                        f"SELECT {cols} FROM {table.name} WITH NO DATA")
            cur.execute(f"TRUNCATE {tmp}")
            with cur.copy(f"COPY {tmp} ({cols}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
            cur.execute(sql, wvals)
    else:
        sets = ", ".join(f"{c} = ?" for c in columns)
        cond = "".join(f" AND {c} = ?" for c in where)
        sql = f"UPDATE {table.name} SET {sets} WHERE {key} = ?{cond}"
        with _cursor(session, sql) as cur:
            cur.executemany(sql, [(*r[1:], r[0], *wvals) for r in data])
