"""What the database columns can hold, derived from the models, checked before the database
sees a value — the same on SQLite (which would store anything) and PostgreSQL (which would
fail with a driver error): text lengths (``String(n)``), NUL characters and lone surrogates
(neither can be stored as UTF-8 text), and the range of integer ids.

Importers call ``check_text`` per field so the error names file, line and field; the
``before_flush`` hook (installed with ``billdesk.store.db``) is the safety net for any ORM
value that did not pass through an importer.
"""

from __future__ import annotations

import re

from sqlalchemy import BigInteger, Integer, String, event, inspect
from sqlalchemy.orm import InstrumentedAttribute, Session

from billdesk.domain.errors import InputError

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


def _column(attr):
    if isinstance(attr, InstrumentedAttribute):
        return attr.property.columns[0]
    return attr


def text_limit(attr) -> int | None:
    """The maximum length of a ``String(n)`` column (None for ``Text``)."""
    t = _column(attr).type
    return getattr(t, "length", None) if isinstance(t, String) else None


def int_limit(attr) -> int:
    """The largest value an integer column holds on every supported database (PostgreSQL's
    INTEGER / BIGINT; SQLite's INTEGER is 64-bit for both)."""
    t = _column(attr).type
    return INT64_MAX if isinstance(t, BigInteger) else INT32_MAX


def text_problem(value: str, limit: int | None) -> str | None:
    """Why ``value`` cannot be stored in a column of ``limit`` characters, or None."""
    m = _BAD_CHARS.search(value)
    if m:
        what = "a NUL character" if m.group() == "\x00" else \
            "an undecodable character (a lone UTF-16 surrogate)"
        return f"contains {what} at position {m.start() + 1}"
    if limit is not None and len(value) > limit:
        return f"is {len(value)} characters long; at most {limit} fit"
    return None


def check_text(value: str | None, attr, *, file: str | None = None, line: int | None = None,
               field: str | None = None, what: str = "value") -> str | None:
    """``value`` if the column ``attr`` (a model attribute) can hold it, else InputError."""
    if value is None:
        return None
    problem = text_problem(value, text_limit(attr))
    if problem:
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise InputError(f"{what} {shown!r} {problem}", file=file, line=line, field=field)
    return value


def parse_id(text, attr, *, field: str) -> int:
    """An id argument: ASCII digits in 1..the column's maximum, else InputError."""
    s = str(text).strip()
    limit = int_limit(attr)
    if not (s.isascii() and s.isdigit()):
        raise InputError(f"expected a number, got {s!r}", field=field)
    if len(s) > 20 or not 1 <= int(s) <= limit:
        raise InputError(f"{s[:30]}{'...' if len(s) > 30 else ''} is not a valid id "
                         f"(1..{limit})", field=field)
    return int(s)


def id_or_none(text, attr) -> int | None:
    """``text`` as an id of column ``attr`` if it is one (digits in range), else None."""
    s = str(text).strip()
    if s.isascii() and s.isdigit() and len(s) <= 20 and 1 <= int(s) <= int_limit(attr):
        return int(s)
    return None


def _check_object(obj) -> None:
    mapper = inspect(obj).mapper
    for prop in mapper.column_attrs:
        col = prop.columns[0]
        value = getattr(obj, prop.key, None)
        if isinstance(value, str):
            problem = text_problem(value, text_limit(col))
            if problem:
                shown = value if len(value) <= 40 else value[:37] + "..."
                raise InputError(f"{mapper.class_.__tablename__}.{col.name}: {shown!r} "
                                 f"{problem}")
        elif isinstance(value, int) and not isinstance(value, bool) and \
                isinstance(col.type, Integer) and abs(value) > int_limit(col):
            raise InputError(f"{mapper.class_.__tablename__}.{col.name}: {value} is out of "
                             "range")


def _before_flush(session: Session, _ctx, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        _check_object(obj)


def install() -> None:
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
