"""Background jobs of the delivery views (no Qt): plain functions
``fn(url, ..., progress, cancelled) -> value`` like billdesk.gui.jobs.

Sending runs in a spawned child process (``send_in_process``): building MIME messages and
writing statuses is Python work that would compete with the GUI thread for the GIL. The
supervising worker forwards progress and, when cancelled, sets an event the child checks
between messages; what was not sent stays queued (billdesk.dispatch.send).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from billdesk.domain.errors import InputError
from billdesk.gui.child_process import run_in_child, serve
from billdesk.gui.delivery_codes import DELIVERY_CODES  # noqa: F401 - also looked up here
from billdesk.gui.jobs import factory_for


@dataclass(frozen=True)
class DeliveryColumns:
    """A run's documents and their delivery status as arrays (one row per document)."""

    bill_id: np.ndarray           # int64
    number: list[str]
    kind: list[str]
    account: list[str]
    name: list[str]
    postcode: list[str]
    email: list[str]              # "" without e-mail
    language: list[str]
    total: np.ndarray             # float (display and sort only)
    status: np.ndarray            # int8 index into DELIVERY_CODES
    recipient: list[str]
    sent_at: list[object]         # datetime or None
    message_id: list[str]
    error: list[str]
    tries: np.ndarray             # int32

    def __len__(self) -> int:
        return len(self.bill_id)


def _columns(rows) -> DeliveryColumns:
    return DeliveryColumns(
        bill_id=np.array([r.bill_id for r in rows], dtype=np.int64),
        number=[r.number for r in rows], kind=[r.kind for r in rows],
        account=[r.account for r in rows], name=[r.name for r in rows],
        postcode=[r.postcode for r in rows], email=[r.email or "" for r in rows],
        language=[r.language for r in rows],
        total=np.array([float(r.total) for r in rows], dtype=float),
        status=np.array([DELIVERY_CODES.index(r.status) if r.status in DELIVERY_CODES else 0
                         for r in rows], dtype=np.int8),
        recipient=[r.recipient or "" for r in rows], sent_at=[r.sent_at for r in rows],
        message_id=[r.message_id or "" for r in rows], error=[r.error or "" for r in rows],
        tries=np.array([r.tries for r in rows], dtype=np.int32))


def load_delivery(url, run_id: int, progress=None, cancelled=None) -> DeliveryColumns:
    from billdesk.dispatch.status import delivery_rows

    return _columns(delivery_rows(factory_for(url), run_id=run_id))


def read_delivery_table(url, run_id: int, progress=None, cancelled=None):
    """(DeliveryColumns, their column table): the table's folded search text and sort ranks
    are built here — for a 100,000-document run that is seconds of numpy and Python work,
    done in a reader process (``load_delivery_table``)."""
    from billdesk.gui.tables import delivery_table

    cols = load_delivery(url, run_id)
    return cols, delivery_table(cols)


def load_delivery_table(url, run_id: int, progress=None, cancelled=None):
    """``read_delivery_table`` in a reader process (billdesk.gui.reader)."""
    from billdesk.gui import reader

    return reader.call("billdesk.gui.send_jobs:read_delivery_table", url, run_id,
                       progress=progress, cancelled=cancelled)


def load_delivery_status(url, bill_ids, progress=None, cancelled=None) -> dict[int, str]:
    """bill id -> current delivery status, for the Bills page."""
    from billdesk.dispatch.status import delivery_status_by_bill

    return delivery_status_by_bill(factory_for(url), list(bill_ids))


def export_print(url, run_id: int, out: str, all_documents: bool = False,
                 undelivered: bool = False, progress=None, cancelled=None):
    from billdesk.dispatch.print_batch import export_print_batch

    return export_print_batch(factory_for(url), run_id, out, all_documents=all_documents,
                              undelivered=undelivered, progress=progress,
                              cancelled=cancelled)


def import_bounces(url, paths: list[str], progress=None, cancelled=None):
    from billdesk.dispatch.bounces import import_bounces as _import

    return _import(factory_for(url), paths)


# --------------------------------------------------------------------------- settings
def load_mail_settings(url, progress=None, cancelled=None) -> dict:
    """The ``settings show`` document (SMTP, password source, templates, PDF folder)."""
    from billdesk.store.settings_catalog import show

    with factory_for(url)() as s:
        return show(s)


def save_settings(url, values: dict, password: str | None = None, progress=None,
                  cancelled=None) -> list[str]:
    """Validate and store settings in one transaction (all or none); the password goes to
    the keyring. Returns the warnings."""
    from billdesk.store import credentials
    from billdesk.store.db import transaction
    from billdesk.store.settings_catalog import set_many, smtp_settings

    with transaction(factory_for(url)) as s:
        changes = set_many(s, values)
        smtp = smtp_settings(s)
    if password:
        if not smtp.user or not smtp.host:
            raise InputError("a password needs the SMTP server and user", field="smtp.user")
        try:
            credentials.set_smtp_password(smtp.user, smtp.host, password)
        except RuntimeError as exc:
            raise InputError(str(exc), field="keyring") from None
    return [w for c in changes for w in c.warnings]


# --------------------------------------------------------------------------- sending
def _child(url: str, run_id, bill_refs, resend: bool, conn, stop) -> None:
    def work(factory, progress, cancelled):
        from billdesk.dispatch.send import send_documents

        return send_documents(factory, run_id=run_id, bill_refs=bill_refs, resend=resend,
                              progress=progress, cancelled=cancelled)

    serve(url, conn, stop, work)


def send_in_process(url: str, run_id: int | None = None, bill_refs=None, resend=False,
                    progress=None, cancelled=None):
    """``send_documents`` in a spawned child process; returns its ``SendReport``."""
    # not a daemon: it may start the PDF export's worker processes for missing PDFs
    result, exitcode = run_in_child(_child, (url, run_id, bill_refs, resend), name="billdesk-send",
                                    daemon=False, progress=progress, cancelled=cancelled)
    if result is None:
        raise RuntimeError(f"the sending process ended with exit code {exitcode}; "
                           "what it had not sent stays queued")
    return result
