"""``send``: e-mail a run's (or some) issued documents, one message per document.

1. The documents and their current status: sent, bounced or unknown ones are skipped
   unless ``resend``; an account without e-mail gets a ``print`` entry (print batch);
   messages left queued by an earlier, interrupted send are taken up again, and those a dead
   process left ``sending`` / ``delivering`` are recovered (billdesk.dispatch.status).
2. New messages are queued in bulk, each with its Message-ID, recipient and subject.
3. PDFs missing from the PDF folder are rendered by the PDF export first.
4. One SMTP connection (or ``smtp.connections``) sends them in order at the configured
   rate (billdesk.dispatch.deliver): claimed (``sending``) a batch per commit,
   ``delivering`` committed right before the final dot together with the previous
   message's ``sent``. Temporary failures are retried with back-off, permanent ones fail,
   a connection lost after the dot leaves the message ``unknown`` (at most once).

``cancelled()`` is checked between messages; what was not sent stays queued and is sent by
the next ``send`` of the same documents.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from billdesk.dispatch import status as st
from billdesk.dispatch.deliver import Delivery
from billdesk.dispatch.documents import Outgoing, ensure_pdfs, load_outgoing, resolve_bill_ids
from billdesk.dispatch.message import AddressError, new_message_id, split_address
from billdesk.dispatch.templates import language_of, render
from billdesk.domain.errors import InputError
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import OPEN, DispatchMessage
from billdesk.store.settings_catalog import SmtpSettings, pdf_folder, smtp_settings, templates

log = logging.getLogger(__name__)


@dataclass
class DocumentResult:
    bill_id: int
    number: str
    account: str
    status: str                    # sent | failed | skipped | queued (send report)
    state: str                     # the document's delivery status afterwards
    recipient: str | None = None
    message_id: str | None = None
    server_id: str | None = None
    sent_at: datetime | None = None
    error: str | None = None
    subject: str | None = None
    resend: bool = False

    def as_dict(self) -> dict:
        return {"number": self.number, "bill_id": self.bill_id, "account": self.account,
                "status": self.status, "state": self.state, "recipient": self.recipient,
                "message_id": self.message_id, "server_id": self.server_id,
                "sent_at": self.sent_at, "error": self.error, "subject": self.subject,
                "resend": self.resend}


@dataclass
class SendReport:
    dry_run: bool = False
    documents: list[DocumentResult] = field(default_factory=list)
    cancelled: bool = False
    stopped: str | None = None      # why the batch stopped early (connection, login)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def sent(self) -> int:
        return self.count("sent")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def queued(self) -> int:
        return self.count("queued")

    @property
    def ok(self) -> bool:
        return not self.failed and not self.queued and not self.stopped

    def as_dict(self) -> dict:
        return {"sent": self.sent, "failed": self.failed, "skipped": self.skipped,
                "queued": self.queued,
                "unknown": sum(1 for d in self.documents if d.state == "unknown"),
                "print": sum(1 for d in self.documents if d.state in ("print", "printed")),
                "total": len(self.documents), "dry_run": self.dry_run,
                "cancelled": self.cancelled, "stopped": self.stopped,
                "seconds": round(self.seconds, 2),
                "per_second": round(self.sent / self.seconds, 1) if self.seconds else 0.0,
                "documents": [d.as_dict() for d in self.documents]}


@dataclass
class _Item:
    row_id: int
    doc: Outgoing
    message_id: str
    recipient: str
    subject: str
    resend: bool
    result: DocumentResult
    tries: int = 0
    body: str | None = None     # the text, when rendered at queuing (else when built)


def _sender(smtp: SmtpSettings, doc_company: tuple[str, str]) -> str | None:
    if smtp.sender:
        return smtp.sender
    name, email = doc_company
    if email:
        return f"{name} <{email}>" if name else email
    return None


def _domain(smtp: SmtpSettings, sender: str) -> str:
    if smtp.domain:
        return smtp.domain
    return parseaddr(sender)[1].rpartition("@")[2] or "billdesk.invalid"


def _skip_reason(m: DispatchMessage) -> str:
    when = f" on {m.sent_at:%Y-%m-%d %H:%M} UTC" if m.sent_at else ""
    return {"sent": f"already sent{when} ({m.message_id}); --resend sends it again",
            "bounced": f"bounced: {m.bounce_reason or 'no reason given'}; --resend sends it "
                       "again",
            "unknown": "delivery unknown (interrupted in flight); check, then --resend",
            "sending": "being sent by another process",
            "delivering": "being sent by another process"}.get(m.status, m.status)


def _result(doc: Outgoing, status: str, state: str, **kw) -> DocumentResult:
    return DocumentResult(doc.bill_id, doc.number, doc.account, status, state, **kw)


def send_documents(factory: sessionmaker, *, run_id: int | None = None,
                   bill_refs: list[str] | None = None, dry_run: bool = False,
                   resend: bool = False, progress=None, cancelled=None,
                   render_workers: int | None = None, sleep=time.sleep) -> SendReport:
    """Send the issued documents of ``run_id`` (or ``bill_refs``) by e-mail; see the module
    docstring. Returns the ``SendReport`` (the send report JSON in docs/cli.md)."""
    t0 = time.perf_counter()
    progress = progress or (lambda d, t, m: None)
    cancelled = cancelled or (lambda: False)
    ids = resolve_bill_ids(factory, run_id, bill_refs)
    docs = load_outgoing(factory, ids)
    with factory() as s:
        smtp = smtp_settings(s)
        tpls = templates(s)
        folder = Path(pdf_folder(s))
    company = (docs[0].company_name, docs[0].company_email) if docs else ("", "")
    sender = _sender(smtp, company)
    if not dry_run:
        if not smtp.host:
            raise InputError("no SMTP server: set smtp.host (billdesk settings set smtp.host "
                             "HOST, or Settings → E-mail)", field="smtp.host")
        if not sender:
            raise InputError("no sender address: set smtp.sender or the company's e-mail",
                             field="smtp.sender")
    if sender:
        try:
            split_address(sender)
        except AddressError as exc:
            raise InputError(str(exc), field="smtp.sender") from None
    report = SendReport(dry_run=dry_run)
    if not dry_run:
        st.recover(factory, ids)
    with factory() as s:
        latest = st.latest_by_bill(s, ids)
    domain = _domain(smtp, sender or "")

    new_rows: list[dict] = []
    print_rows: list[dict] = []
    items: list[_Item] = []
    me = audit.actor()
    for doc in docs:
        m = latest.get(doc.bill_id)
        if doc.status != "issued":
            report.documents.append(_result(doc, "skipped", m.status if m else "",
                                            error=f"the document is {doc.status} (corrected)"))
            continue
        if not doc.email:
            state = m.status if m and m.channel == "print" else "print"
            report.documents.append(_result(doc, "skipped", state,
                                            error="no e-mail address: in the print batch"))
            if (m is None or m.channel != "print" or resend) and not (m and m.status in OPEN):
                print_rows.append({"bill_id": doc.bill_id, "run_id": doc.run_id,
                                   "channel": "print", "status": "print",
                                   "language": language_of(doc), "actor": me,
                                   "resend": bool(m)})
            continue
        if m is not None and m.status in OPEN:
            if m.status != "queued":
                report.documents.append(_result(doc, "skipped", m.status,
                                                recipient=m.recipient,
                                                message_id=m.message_id,
                                                error=_skip_reason(m)))
                continue
            r = _result(doc, "queued", "queued", recipient=m.recipient,
                        message_id=m.message_id, subject=m.subject, resend=m.resend)
            report.documents.append(r)
            items.append(_Item(m.id, doc, m.message_id, m.recipient, m.subject or "",
                               m.resend, r, m.tries))
            continue
        if m is not None and m.status in ("sent", "bounced", "unknown") and not resend:
            report.documents.append(_result(doc, "skipped", m.status, recipient=m.recipient,
                                            message_id=m.message_id, server_id=m.server_id,
                                            sent_at=m.sent_at, error=_skip_reason(m)))
            continue
        try:
            subject, body = render(tpls, doc)
        except (KeyError, ValueError, IndexError) as exc:
            raise InputError(f"the template cannot be filled in: {exc}",
                             field=f"email.{language_of(doc)}.{doc.kind}") from None
        again = m is not None and m.status in ("sent", "bounced", "unknown")
        mid = new_message_id(domain, doc.number)
        r = _result(doc, "queued", "queued", recipient=doc.email, message_id=mid,
                    subject=subject, resend=again)
        report.documents.append(r)
        new_rows.append({"bill_id": doc.bill_id, "run_id": doc.run_id, "channel": "email",
                         "status": "queued", "open_bill_id": doc.bill_id,
                         "recipient": doc.email, "language": language_of(doc),
                         "subject": subject, "message_id": mid, "resend": again,
                         "tries": 0, "actor": me})
        items.append(_Item(-1, doc, mid, doc.email, subject, again, r, body=body))
    if dry_run:
        missing = {d.bill_id for d in _missing(folder, [i.doc for i in items])}
        for i in items:
            if i.doc.bill_id in missing:
                i.result.error = "its PDF is not exported yet: it would be rendered first"
        report.seconds = time.perf_counter() - t0
        return report

    _insert(factory, new_rows, print_rows, items, report)
    items = [i for i in items if i.row_id > 0]
    # --bill: the run of the documents when they all belong to one (the run's audit log)
    runs = {d.run_id for d in docs}
    of_run = run_id if run_id is not None else (runs.pop() if len(runs) == 1 else None)
    with transaction(factory) as s:
        audit.record(s, "send.start", "run" if run_id is not None else "bill",
                     run_id if run_id is not None else audit.id_list(ids),
                     {"queued": len(items), "resend": resend,
                      "print": len(print_rows), "documents": len(docs)}, run_id=of_run)
    if items:
        _deliver(factory, items, smtp, sender, tpls, folder, report, progress, cancelled,
                 render_workers, sleep)
    report.seconds = time.perf_counter() - t0
    with transaction(factory) as s:
        audit.record(s, "send.finish", "run" if run_id is not None else "bill",
                     run_id if run_id is not None else audit.id_list(ids),
                     {"sent": report.sent, "failed": report.failed, "queued": report.queued,
                      "skipped": report.skipped, "cancelled": report.cancelled,
                      "stopped": report.stopped, "seconds": round(report.seconds, 2)},
                     run_id=of_run)
    return report


def _missing(folder: Path, docs: list[Outgoing]) -> list[Outgoing]:
    from billdesk.dispatch.documents import missing_pdfs

    return missing_pdfs(docs, folder)


def _insert(factory, new_rows, print_rows, items, report) -> None:
    """Queue the new messages (bulk); a bill another process queued meanwhile (the unique
    ``open_bill_id``) is left to that process."""
    by_mid = {i.message_id: i for i in items if i.row_id < 0}
    for k in range(0, len(new_rows), 1000):
        chunk = new_rows[k:k + 1000]
        try:
            with transaction(factory) as s:
                s.execute(insert(DispatchMessage), chunk)
                for r in chunk:
                    if r["resend"]:
                        audit.record(s, "send.queue_resend", "bill", r["bill_id"],
                                     {"message_id": r["message_id"],
                                      "recipient": r["recipient"]}, run_id=r["run_id"])
        except IntegrityError:
            for r in chunk:
                try:
                    with transaction(factory) as s:
                        s.execute(insert(DispatchMessage), [r])
                except IntegrityError:
                    i = by_mid[r["message_id"]]
                    i.result.status = "skipped"
                    i.result.state = "queued"
                    i.result.error = "queued by another send at the same time"
                    i.row_id = 0
    if print_rows:
        with transaction(factory) as s:
            s.execute(insert(DispatchMessage), print_rows)
    mids = [i.message_id for i in items if i.row_id < 0]
    with factory() as s:
        for k in range(0, len(mids), 2000):
            for rid, mid in s.execute(select(DispatchMessage.id, DispatchMessage.message_id)
                                      .where(DispatchMessage.message_id.in_(mids[k:k + 2000]))):
                by_mid[mid].row_id = rid


def _deliver(factory, items: list[_Item], smtp: SmtpSettings, sender: str, tpls,
             folder: Path, report: SendReport, progress, cancelled, render_workers,
             sleep) -> None:
    total = len(items)
    progress(0, total, "preparing the PDFs")
    # missing files are rendered here in bulk; each file's content is checked when it is
    # read for its message (a stale or foreign file is rendered again then)
    errors = ensure_pdfs(factory, [i.doc for i in items], folder, workers=render_workers,
                         progress=lambda d, t, m: progress(0, total, f"rendering PDFs: {d}/{t}"),
                         cancelled=cancelled, verify=False)
    if cancelled():
        report.cancelled = True
        return
    queue = [i for i in items if i.doc.bill_id not in errors]
    batch = Delivery(factory, queue, smtp, sender, tpls, folder, report, progress, cancelled,
                     sleep, total=total, done=len(items) - len(queue))
    for i in items:
        if i.doc.bill_id in errors:
            mark = f"no PDF: {errors[i.doc.bill_id]}"
            batch.fail_now(i, mark)
            i.result.status, i.result.state, i.result.error = "failed", "failed", mark
    batch.run()
    for i in batch.left():
        if i.result.status == "queued":
            i.result.state = "queued"
    done = batch.done
    progress(done, total, f"{report.sent:,} sent, {report.failed:,} failed"
             + (f", {report.queued:,} still queued" if report.queued else ""))

