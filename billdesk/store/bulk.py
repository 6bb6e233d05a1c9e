"""Bulk writes through the database driver: many rows in one call, inside the session's
transaction.

SQLAlchemy Core's executemany builds a parameter dictionary per row and sends every value
through its type's bind processor one call at a time; for a bill run's writes (thousands of
attempt results, draft bills and lines per batch) that cost more than the database itself.
Here the rows are tuples converted column by column to what the driver takes — with the
columns' own SQLAlchemy bind processors, so the stored values are exactly those SQLAlchemy
writes (canonical decimal text and ISO dates on SQLite) — and handed to the driver:

- SQLite: ``sqlite3`` ``executemany`` of one prepared statement inserting many rows each
  (``INSERT … VALUES (…), (…), …``): the driver lets go of Python's lock for every statement
  it steps, and a thread that has to take it back from another thread running Python waits
  for that thread's switch interval (5 ms) — one row per step made a batch's writer thread
  wait behind the billing thread row by row (issue 16, session 8);
- PostgreSQL: ``COPY … FROM STDIN`` (psycopg) for inserts, and for updates one
  ``UPDATE … FROM unnest(…)`` with one array parameter per column.

The connection is the session's, so everything stays in the caller's transaction: a kill
before the commit writes nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from itertools import chain, repeat
from typing import Callable, Iterable, Sequence

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from billdesk.store.types import Dec

Converter = Callable[[object], object]

# bound values per statement of a multi-row INSERT on SQLite: SQLite's limit before 3.32
# (32,766 since), so any build of it takes the statement
_SQLITE_VARIABLES = 999


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
            out.append(_Distinct(proc))
    return out


def value_converters(session: Session, table: Table, columns: Sequence[str]
                     ) -> list[Converter]:
    """Per column, the function turning one Python value into the driver's: what
    ``insert``/``update`` convert it to (so rows made with these go in ``converted=True``).
    Values of a column that repeat (dates, a batch's time stamp) are converted once."""
    out: list[Converter] = []
    for conv in converters(session, table, columns):
        if conv is None:
            out.append(_same)
        elif isinstance(conv, _Decimals):
            out.append(conv)
        else:
            out.append(_Memo(conv.proc))
    return out


def _same(v):
    return v


class _Memo(dict):
    """A converter remembering what it gave for each (hashable) value."""

    def __init__(self, proc: Converter):
        super().__init__()
        self.proc = proc

    def __missing__(self, v):
        got = self[v] = self.proc(v)
        return got

    def __call__(self, v):
        try:
            return self[v]
        except TypeError:                  # unhashable
            return self.proc(v)


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


class _Distinct:
    """Dates, timestamps and other typed values: a batch has few distinct ones (one creation
    time, a period's dates), so each distinct value is converted once. (Values that compare
    equal convert equally here: equal instants in other zones are one UTC timestamp.)"""

    def __init__(self, proc: Converter):
        self.proc = proc

    def __call__(self, v):
        return self.proc(v)

    def column(self, values: Sequence) -> list:
        try:
            done = {v: self.proc(v) for v in set(values)}
        except TypeError:                  # something unhashable: value by value
            return list(map(self.proc, values))
        return [done[v] for v in values]


def _prepared(session: Session, table: Table, columns: Sequence[str],
              rows: Sequence[tuple]) -> list[tuple]:
    if not rows:
        return []
    cols = list(zip(*rows))
    for k, conv in enumerate(converters(session, table, columns)):
        if conv is not None:
            cols[k] = conv.column(cols[k])
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
           rows: Sequence[tuple], converted: bool = False, first_plus: int = 0) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``. Python-side column
    defaults are not applied: give every column that has one (server defaults, such as an
    autoincrement id, apply). ``converted``: the rows hold what the driver takes already
    (the columns' bind processors applied; on PostgreSQL, text is fine for any column, as
    COPY parses it). ``first_plus`` (SQLite only): an integer added to every row's first
    value by the statement itself (rows holding places 0, 1, … are written with ids
    ``first_plus + place`` without making each row again in Python)."""
    if not rows:
        return
    if first_plus and dialect_name(session) != "sqlite":
        raise ValueError("first_plus is for SQLite")
    data = rows if converted else _prepared(session, table, columns, rows)
    names = ", ".join(columns)
    if dialect_name(session) == "postgresql":
        # text format: psycopg's binary dumpers (Decimal above all) cost the client more
        # than they save the server's parsing (measured: 1,500 bill lines, client +1.1 ms,
        # server -0.3 ms)
        sql = f"COPY {table.name} ({names}) FROM STDIN"
        with _cursor(session, sql) as cur, cur.copy(sql) as copy:
            for row in data:
                copy.write_row(row)
    else:
        marks = ["?"] * len(columns)
        if first_plus:
            marks[0] = f"? + {int(first_plus)}"
        group = f"({', '.join(marks)})"
        head = f"INSERT INTO {table.name} ({names}) VALUES "
        k = max(1, _SQLITE_VARIABLES // len(columns))        # rows per statement
        data = data if isinstance(data, list) else list(data)
        full = len(data) - len(data) % k
        with _cursor(session, head + group) as cur:
            if full:
                flat = chain.from_iterable
                cur.executemany(head + ", ".join([group] * k),
                                [tuple(flat(data[i:i + k])) for i in range(0, full, k)])
            if full < len(data):
                rest = data[full:]
                cur.execute(head + ", ".join([group] * len(rest)),
                            tuple(chain.from_iterable(rest)))


def update(session: Session, table: Table, key: str, columns: Sequence[str],
           rows: Iterable[tuple], where: dict[str, object] | None = None,
           converted: bool = False) -> int:
    """UPDATE ``table`` SET ``columns`` for each row ``(key value, *column values)``; how
    many rows were updated. ``converted``: as for ``insert`` (``value_converters``).

    ``where``: further conditions ``column = value`` on the row to update; rows they exclude
    are left unchanged (e.g. ``{"status": "pending"}``).

    PostgreSQL: one ``UPDATE … FROM unnest(…)`` with each column as one array parameter (no
    temporary table: creating and dropping one per transaction cost the server more than the
    update itself).
    """
    rows = list(rows)
    if not rows:
        return 0
    data = rows if converted else _prepared(session, table, [key, *columns], rows)
    where = dict(where or {})
    wvals = [v if conv is None else conv(v) for conv, v in
             zip(converters(session, table, list(where)), where.values())]
    if dialect_name(session) == "postgresql":
        dialect = session.get_bind().dialect
        names = [key, *columns]
        arrays = ", ".join(f"%b::{table.c[c].type.compile(dialect=dialect)}[]" for c in names)
        sets = ", ".join(f"{c} = s.{c}" for c in columns)
        cond = "".join(f" AND t.{c} = %s" for c in where)
        sql = (f"UPDATE {table.name} AS t SET {sets} FROM unnest({arrays}) AS s("
               f"{', '.join(names)}) WHERE t.{key} = s.{key}{cond}")
        with _cursor(session, sql) as cur:
            cur.execute(sql, [*map(_array, zip(*data)), *wvals])
            return cur.rowcount
    sets = ", ".join(f"{c} = ?" for c in columns)
    cond = "".join(f" AND {c} = ?" for c in where)
    sql = f"UPDATE {table.name} SET {sets} WHERE {key} = ?{cond}"
    with _cursor(session, sql) as cur:
        cur.executemany(sql, [(*r[1:], r[0], *wvals) for r in data])
        return cur.rowcount


def _array(values: Sequence) -> list:
    """A column's values as one array parameter: psycopg dumps a list by the type of its
    elements, so a column mixing Python types (not counting None) goes as text, which the
    statement's cast to the column's type parses."""
    if len({type(v) for v in values if v is not None}) > 1:
        return [None if v is None else str(v) for v in values]
    return list(values)
