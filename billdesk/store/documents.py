"""Where issued documents were written, and what a bill's dialog shows around it (its
customer, the bill it corrects, its credit note or replacement). Plain functions on Sessions
returning plain values. The export jobs that record the files are billdesk.runs.export_jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from billdesk.store.app_models import DocumentFile
from billdesk.store.models import Account, Bill, BillRun


def document_path(session: Session, bill_id: int) -> str | None:
    return session.scalar(select(DocumentFile.path).where(DocumentFile.bill_id == bill_id))


# --------------------------------------------------------------------------- a bill's context
@dataclass(frozen=True)
class Link:
    id: int
    number: str | None
    kind: str
    status: str


@dataclass(frozen=True)
class BillContext:
    """What the bill dialog shows around a bill."""

    customer: str
    address: str
    language: str
    run_name: str
    corrects: Link | None          # the original this credit note / replacement corrects
    related: tuple[Link, ...]      # credit note <-> replacement; an original's corrections
    pdf_path: str | None           # where its PDF was written (any folder), if it exists


def _link(b) -> Link:
    return Link(b.id, b.number, b.kind, b.status)


def bill_context(session: Session, bill_id: int) -> BillContext:
    b = session.get(Bill, bill_id)
    acc = session.get(Account, b.account_id)
    run = session.get(BillRun, b.run_id)
    corrects = session.get(Bill, b.corrects_id) if b.corrects_id else None
    related: list = []
    if b.corrects_id:        # the other documents of the same correction
        related = list(session.scalars(select(Bill).where(Bill.corrects_id == b.corrects_id,
                                                          Bill.id != b.id)
                                       .order_by(Bill.id)))
    related += list(session.scalars(select(Bill).where(Bill.corrects_id == b.id)
                                    .order_by(Bill.id)))
    path = document_path(session, bill_id)
    if path and not Path(path).is_file():
        path = None
    return BillContext(acc.name, f"{acc.street}, {acc.postcode} {acc.city}".strip(", "),
                       acc.language, run.name if run else "",
                       _link(corrects) if corrects else None,
                       tuple(_link(r) for r in related), path)


__all__ = ["BillContext", "Link", "bill_context", "document_path"]
