"""Reading the audit log: filters, pages (newest first, keyset by id), distinct values and the
CSV export (docs/audit.md "Audit log").

A filter narrows by user (actor), action (exact, or a prefix ending in ``.``: ``run.``),
bill run (its own entries and those of its bills), object (type and/or id) and a time range.
Pages are read by id, never by offset, so the hundredth page of a million entries costs what
the first does. CSV cells that a spreadsheet would take for a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) are written with a leading ``'``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.errors import InputError
from billdesk.store.audit import RUN_OBJECTS
from billdesk.store.models import AuditEntry, Bill

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("id", "at", "actor", "action", "object_type", "object_id", "run_id", "details")


@dataclass(frozen=True)
class LogFilter:
    actor: str | None = None
    action: str | None = None          # "run.finalize", or a prefix "run."
    run_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None      # inclusive
    until: datetime | None = None      # exclusive

    def conditions(self) -> list:
        e = AuditEntry
        out = []
        if self.actor:
            out.append(e.actor == self.actor)
        if self.action:
            out.append(e.action.startswith(self.action, autoescape=True)
                       if self.action.endswith(".") else e.action == self.action)
        if self.run_id is not None:
            bills = select(cast(Bill.id, String)).where(Bill.run_id == self.run_id)
            out.append((e.run_id == self.run_id)
                       | (e.object_type.in_(RUN_OBJECTS) & (e.object_id == str(self.run_id)))
                       | ((e.object_type == "bill") & e.object_id.in_(bills)))
        if self.object_type:
            out.append(e.object_type == self.object_type)
        if self.object_id:
            out.append(e.object_id == self.object_id)
        if self.since is not None:
            out.append(e.at >= self.since)
        if self.until is not None:
            out.append(e.at < self.until)
        return out


@dataclass(frozen=True)
class LogRow:
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    run_id: int | None
    details: str              # compact JSON

    def cells(self) -> list:
        return [self.id, self.at.isoformat(), self.actor, self.action, self.object_type,
                self.object_id or "", "" if self.run_id is None else self.run_id,
                self.details]


def _rows(session: Session, f: LogFilter, before_id: int | None, limit: int) -> list[LogRow]:
    e = AuditEntry
    q = select(e.id, e.at, e.actor, e.action, e.object_type, e.object_id, e.run_id,
               e.details).where(*f.conditions())
    if before_id is not None:
        q = q.where(e.id < before_id)
    q = q.order_by(e.id.desc()).limit(limit)
    return [LogRow(r.id, r.at, r.actor, r.action, r.object_type, r.object_id, r.run_id,
                   json.dumps(r.details, ensure_ascii=False, sort_keys=True, default=str))
            for r in session.execute(q)]


def page(factory: sessionmaker, f: LogFilter, before_id: int | None = None,
         limit: int = 500) -> list[LogRow]:
    """Up to ``limit`` entries matching ``f``, newest first, older than ``before_id``."""
    with factory() as s:
        return _rows(s, f, before_id, limit)


def count(factory: sessionmaker, f: LogFilter) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(*f.conditions()))


def choices(factory: sessionmaker) -> dict[str, list[str]]:
    """The users, actions and object types in the log (for the filter lists)."""
    e = AuditEntry
    with factory() as s:
        return {"actors": list(s.scalars(select(e.actor).distinct().order_by(e.actor))),
                "actions": list(s.scalars(select(e.action).distinct().order_by(e.action))),
                "object_types": list(s.scalars(select(e.object_type).distinct()
                                               .order_by(e.object_type)))}


def csv_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``'`` before a formula start."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(factory: sessionmaker, f: LogFilter, out: str | os.PathLike, *,
               progress=None, cancelled=None, batch: int = 5000) -> int:
    """Every entry matching ``f`` (newest first) into the CSV file ``out``, written under a
    temporary name and moved into place when complete; the number of rows."""
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(f"no folder {out.parent}", field="file")
    total = count(factory, f)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    n = 0
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            before = None
            while True:
                rows = page(factory, f, before, batch)
                if not rows:
                    break
                for r in rows:
                    w.writerow([csv_cell(c) for c in r.cells()])
                n += len(rows)
                before = rows[-1].id
                if progress:
                    progress(n, total, f"{n:,} of {total:,} entries written")
                if cancelled and cancelled():
                    raise InputError("cancelled: no file written", field="file")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
