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


OBJECT_ID_LENGTH = 64   # audit_log.object_id


def id_list(ids) -> str:
    """Object ids as one ``object_id``: comma-separated, as many as fit in the column, then
    ``+N`` for the ones left out (``"541,542,+998"``)."""
    ids = [str(i) for i in ids]
    out = ",".join(ids)
    if len(out) <= OBJECT_ID_LENGTH:
        return out
    shown: list[str] = []
    for k, i in enumerate(ids):
        tail = f",+{len(ids) - k - 1}" if k + 1 < len(ids) else ""
        if len(",".join([*shown, i]) + tail) > OBJECT_ID_LENGTH:
            break
        shown.append(i)
    return ",".join([*shown, f"+{len(ids) - len(shown)}"])


RUN_OBJECTS = ("bill_run", "run")


def run_of(object_type: str, object_id, details: dict | None) -> int | None:
    """The bill run an entry belongs to: the run itself, or the ``run`` its details name."""
    if object_type in RUN_OBJECTS and str(object_id or "").isdigit():
        return int(object_id)
    run = (details or {}).get("run")
    if isinstance(run, int) and not isinstance(run, bool):
        return run
    if isinstance(run, str) and run.isdigit():
        return int(run)
    return None


def record(session: Session, action: str, object_type: str, object_id=None,
           details: dict | None = None, who: str | None = None,
           run_id: int | None = None) -> None:
    session.add(AuditEntry(actor=who or actor(), action=action, object_type=object_type,
                           object_id=None if object_id is None else str(object_id),
                           details=details or {},
                           run_id=run_id if run_id is not None else
                           run_of(object_type, object_id, details)))
