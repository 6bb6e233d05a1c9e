"""Cheap signatures of what the database holds, per topic, so a view can notice changes made
by anyone (another workstation, the command line, a worker process): the app polls them
every few seconds and refreshes what moved. Aggregates on primary keys and the new audit
entries since the last poll (by id range); no table is scanned row by row."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billdesk.store.app_models import DocumentFile, ExportJob
from billdesk.store.models import (Account, AuditEntry, Bill, BillRun, CommunityMember,
                                   CommunityRow, TariffVersionRow)

#: audit action prefix -> the topics it changes
AUDIT_TOPICS = {"run.": ("runs", "bills"), "bill.": ("bills", "runs"),
                "export.": ("documents",), "print.": ("documents",),
                "send.": ("documents", "bills"), "settings.": ("settings",),
                "smtp.": ("settings",), "tariff.": ("tariffs",), "import.": ("accounts",),
                "demo.": ("accounts", "tariffs", "communities", "runs", "bills")}


def change_marks(session: Session, audit_since: int | None = None) -> dict:
    """topic -> a tuple that changes whenever that topic's data changes; ``audit``: the
    newest audit entry id; ``audit_topics``: topics named by audit entries after
    ``audit_since``."""
    def one(*cols):
        return tuple(session.execute(select(*cols)).one())

    audit = session.scalar(select(func.max(AuditEntry.id))) or 0
    topics: set[str] = set()
    if audit_since is not None and audit > audit_since:
        for (action,) in session.execute(select(AuditEntry.action).where(
                AuditEntry.id > audit_since).distinct()):
            for prefix, names in AUDIT_TOPICS.items():
                if action.startswith(prefix):
                    topics.update(names)
    return {
        "runs": one(func.count(BillRun.id), func.max(BillRun.id)),
        "bills": one(func.count(Bill.id), func.max(Bill.id)),
        "documents": one(func.count(ExportJob.id), func.max(ExportJob.id),
                         func.max(ExportJob.written)) + one(func.count(DocumentFile.bill_id)),
        "accounts": one(func.count(Account.id), func.max(Account.updated_at)),
        "tariffs": one(func.count(TariffVersionRow.id), func.max(TariffVersionRow.id)),
        "communities": one(func.count(CommunityRow.id)) + one(func.count(CommunityMember.id)),
        "audit": audit, "audit_topics": sorted(topics),
    }
