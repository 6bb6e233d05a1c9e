"""The audit trail: who did what, when, to which object."""

from __future__ import annotations

import getpass
import os

from sqlalchemy.orm import Session

from billdesk.store.models import AuditEntry


def actor() -> str:
    """The acting user: BILLDESK_USER, else the operating-system login (printable, at most
    64 characters: what the actor columns hold)."""
    name = os.environ.get("BILLDESK_USER")
    if not name:
        try:
            name = getpass.getuser()
        except Exception:  # no login name (e.g. some containers)
            name = f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"
    clean = "".join(c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else "?"
                    for c in name).strip()
    return clean[:64] or "unknown"


def record(session: Session, action: str, object_type: str, object_id=None,
           details: dict | None = None, who: str | None = None) -> None:
    session.add(AuditEntry(actor=who or actor(), action=action, object_type=object_type,
                           object_id=None if object_id is None else str(object_id),
                           details=details or {}))
