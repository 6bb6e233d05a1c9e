"""``send``: e-mail a run's (or some) issued documents, one message per document.

1. The documents and their current status: sent, bounced or unknown ones are skipped
   unless ``resend``; an account without e-mail gets a ``print`` entry (print batch);
   messages left queued by an earlier, interrupted send are taken up again, and those a dead
   process left ``sending`` / ``delivering`` are recovered (billdesk.dispatch.status).
2. New messages are queued in bulk, each with its Message-ID, recipient and subject.
3. PDFs missing from the PDF folder are rendered by the PDF export first.
4. One SMTP connection sends them in order at the configured rate: claim (``sending``),
   ``delivering`` right before the final dot, ``sent`` with the server's answer — each a
   commit. Temporary failures (4xx, a lost connection before the dot) are retried after
   ``retry_delay``, doubled per try, at most ``retries`` times; permanent ones (5xx) fail at
   once; a connection lost after the dot leaves the message ``unknown`` (at most once).
   The next message is built on a helper thread while the server takes the current one.

``cancelled()`` is checked between messages; what was not sent stays queued and is sent by
the next ``send`` of the same documents.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from billdesk.dispatch import status as st
from billdesk.dispatch.documents import (Outgoing, ensure_pdfs, issued_pdf, load_outgoing,
                                         pdf_matches, resolve_bill_ids)
from billdesk.dispatch.message import AddressError, Outline, build, new_message_id, \
    split_address
from billdesk.dispatch.templates import language_of, render
from billdesk.dispatch.transport import ConnectError, SendError, SmtpTransport
from billdesk.domain.errors import InputError
from billdesk.runs.liveness import new_owner
from billdesk.store import audit, credentials
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import OPEN, DispatchMessage
from billdesk.store.settings_catalog import SmtpSettings, pdf_folder, smtp_settings, templates

log = logging.getLogger(__name__)

CLAIM_BATCH = 100     # messages claimed (queued -> sending) per commit without a rate limit


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
        waiting = {m.bill_id: m for m in latest.values() if m.status == "queued"}
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
            subject, _body = render(tpls, doc)
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
        items.append(_Item(-1, doc, mid, doc.email, subject, again, r))
    if dry_run:
        missing = {d.bill_id for d in _missing(folder, [i.doc for i in items])}
        for i in items:
            if i.doc.bill_id in missing:
                i.result.error = "its PDF is not exported yet: it would be rendered first"
        report.seconds = time.perf_counter() - t0
        return report

    _insert(factory, new_rows, print_rows, items, report)
    items = [i for i in items if i.row_id > 0]
    with transaction(factory) as s:
        audit.record(s, "send.start", "run" if run_id is not None else "bill",
                     run_id if run_id is not None else ",".join(map(str, ids[:20])),
                     {"queued": len(items), "resend": resend,
                      "print": len(print_rows), "documents": len(docs)})
    if items:
        _deliver(factory, items, smtp, sender, tpls, folder, report, progress, cancelled,
                 render_workers, sleep)
    report.seconds = time.perf_counter() - t0
    with transaction(factory) as s:
        audit.record(s, "send.finish", "run" if run_id is not None else "bill",
                     run_id if run_id is not None else ",".join(map(str, ids[:20])),
                     {"sent": report.sent, "failed": report.failed, "queued": report.queued,
                      "skipped": report.skipped, "cancelled": report.cancelled,
                      "stopped": report.stopped, "seconds": round(report.seconds, 2)})
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
                                      "recipient": r["recipient"]})
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


def _prepare(item: _Item, tpls, sender: str, reply_to: str | None, folder: Path) -> bytes:
    """The message bytes (on the helper thread: files and CPU only, no database)."""
    data = (folder / item.doc.file_name).read_bytes()
    if not pdf_matches(data, item.doc):
        raise FileNotFoundError(item.doc.file_name)
    _subject, body = render(tpls, item.doc)
    return build(Outline(sender=sender, recipient_name=item.doc.name,
                         recipient=item.recipient, reply_to=reply_to,
                         subject=item.subject, body=body, message_id=item.message_id,
                         language=language_of(item.doc), number=item.doc.number,
                         attachment_name=f"{item.doc.number}.pdf"), data)


class _Rate:
    """At most ``per_minute`` messages a minute, evenly spaced."""

    def __init__(self, per_minute: int, sleep, cancelled):
        self.gap = 60.0 / per_minute if per_minute else 0.0
        self.next = 0.0
        self.sleep, self.cancelled = sleep, cancelled

    def wait(self) -> None:
        if not self.gap:
            return
        now = time.monotonic()
        while now < self.next and not self.cancelled():
            self.sleep(min(0.2, self.next - now))
            now = time.monotonic()
        self.next = max(now, self.next) + self.gap


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
    owner = new_owner()
    db = st.StatusWriter(factory)
    for i in items:
        if i.doc.bill_id in errors:
            mark = f"no PDF: {errors[i.doc.bill_id]}"
            if db.claim(i.row_id, owner):
                db.failed(i.row_id, i.doc.bill_id, error=mark, code=None,
                          recipient=i.recipient)
            i.result.status, i.result.state, i.result.error = "failed", "failed", mark
    queue = deque(i for i in items if i.doc.bill_id not in errors)
    # claimed (``sending``) by this process and not handed over yet: a batch at a time
    # without a rate limit, one at a time with one (a claim is not held for long)
    claimed: set[int] = set()
    claim_batch = 1 if smtp.rate_per_minute else CLAIM_BATCH
    password, _source = credentials.smtp_password(smtp.user, smtp.host)
    transport = SmtpTransport(smtp.host, smtp.port, smtp.security, user=smtp.user,
                              password=password, timeout=smtp.timeout, ca_file=smtp.ca_file)
    env_sender = split_address(sender)[1]
    rate = _Rate(smtp.rate_per_minute, sleep, cancelled)
    deferred: list[tuple[float, int, _Item]] = []
    done = len(items) - len(queue)
    connect_failures = 0
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="billdesk-mime")
    ahead: dict[int, Future] = {}

    def prefetch(item: _Item | None) -> None:
        if item is not None and item.row_id not in ahead:
            ahead[item.row_id] = pool.submit(_prepare, item, tpls, sender, smtp.reply_to,
                                             folder)

    tally = {"sent": 0, "failed": 0}

    def finish(item: _Item, status: str, state: str, error: str | None = None) -> None:
        nonlocal done
        done += 1
        claimed.discard(item.row_id)
        item.result.status, item.result.state, item.result.error = status, state, error
        if status in tally:
            tally[status] += 1
        progress(done, total, f"{tally['sent']:,} sent, {tally['failed']:,} failed")

    def claim(item: _Item) -> bool:
        """Claim ``item`` and the next unclaimed ones of the queue (one commit); False when
        another process holds ``item`` (those it holds are reported as skipped)."""
        nonlocal queue
        if item.row_id in claimed:
            return True
        batch = [item]
        for other in queue:
            if len(batch) >= claim_batch:
                break
            if other.row_id not in claimed:
                batch.append(other)
        got = db.claim_many([b.row_id for b in batch], owner)
        taken = set()
        for b in batch:
            if b.row_id in got:
                claimed.add(b.row_id)
                b.tries += 1
            else:
                taken.add(b.row_id)
        if taken - {item.row_id}:
            kept = deque()
            for other in queue:
                if other.row_id in taken:
                    fut = ahead.pop(other.row_id, None)
                    if fut:
                        fut.cancel()
                    finish(other, "skipped", "sending", "taken by another send process")
                else:
                    kept.append(other)
            queue = kept
        return item.row_id in got

    def unclaim() -> None:
        """Before a wait, and at the end: what was claimed and not tried goes back to the
        queue (the deferred outcome is written first)."""
        if claimed:
            db.release_many(sorted(claimed), owner)
            for i in queue:
                if i.row_id in claimed:
                    i.tries -= 1
            claimed.clear()
        db.flush()

    try:
        while queue or deferred:
            if cancelled():
                report.cancelled = True
                break
            if not queue:
                unclaim()
                due = deferred[0][0]
                wait = due - time.monotonic()
                if wait > 5 and transport.connected:
                    transport.close()            # do not hold an idle connection open
                while wait > 0 and not cancelled():
                    sleep(min(0.2, wait))
                    wait = due - time.monotonic()
                while deferred and deferred[0][0] <= time.monotonic():
                    queue.append(heapq.heappop(deferred)[2])
                continue
            item = queue[0]
            if not transport.connected:
                try:
                    transport.connect()
                    connect_failures = 0
                except ConnectError as exc:
                    connect_failures += 1
                    if exc.fatal or connect_failures > smtp.retries:
                        report.stopped = str(exc)
                        if exc.fatal and report.sent == 0:
                            raise InputError(str(exc), field="smtp") from None
                        break
                    delay = smtp.retry_delay * 2 ** (connect_failures - 1)
                    log.warning("%s; again in %.0f s", exc, delay)
                    unclaim()
                    progress(done, total, f"{exc}; again in {delay:.0f} s")
                    end = time.monotonic() + delay
                    while time.monotonic() < end and not cancelled():
                        sleep(min(0.2, end - time.monotonic()))
                    continue
            queue.popleft()
            fut = ahead.pop(item.row_id, None)
            if not claim(item):
                if fut:
                    fut.cancel()
                finish(item, "skipped", "sending", "taken by another send process")
                continue
            prefetch(queue[0] if queue else None)
            try:
                data = fut.result() if fut else _prepare(item, tpls, sender, smtp.reply_to,
                                                          folder)
            except FileNotFoundError:
                try:
                    issued_pdf(item.doc, folder, factory)   # render it again, then build
                    data = _prepare(item, tpls, sender, smtp.reply_to, folder)
                except Exception as exc:  # noqa: BLE001 - this document cannot be sent
                    db.failed(item.row_id, item.doc.bill_id, error=f"no PDF: {exc}",
                              code=None, recipient=item.recipient)
                    finish(item, "failed", "failed", f"no PDF: {exc}")
                    continue
            except (AddressError, ValueError) as exc:
                db.failed(item.row_id, item.doc.bill_id, error=str(exc), code=None,
                          recipient=item.recipient)
                finish(item, "failed", "failed", str(exc))
                continue
            if rate.gap:
                db.flush()                     # the last outcome is not held over a wait
            rate.wait()
            reused = transport.sent_on_connection > 0
            try:
                acc = transport.send(env_sender, item.recipient, data,
                                     before_dot=lambda i=item: db.delivering(i.row_id))
            except SendError as exc:
                text = str(exc)
                if exc.in_doubt:
                    db.unknown(item.row_id, item.doc.bill_id, error=text,
                               recipient=item.recipient)
                    finish(item, "failed", "unknown", text + "; it may have been delivered: "
                           "not sent again without --resend")
                elif exc.permanent:
                    db.failed(item.row_id, item.doc.bill_id, error=text, code=exc.code,
                              recipient=item.recipient)
                    finish(item, "failed", "failed", text)
                elif exc.stage == "transfer" and reused and item.tries == 1:
                    # the server closed an idle, reused connection: once more at once
                    db.release(item.row_id)
                    claimed.discard(item.row_id)
                    item.tries -= 1
                    queue.appendleft(item)
                elif item.tries <= smtp.retries:
                    delay = smtp.retry_delay * 2 ** (item.tries - 1)
                    db.retry(item.row_id, item.doc.bill_id, error=text, code=exc.code,
                             delay=delay)
                    claimed.discard(item.row_id)
                    item.result.error = text
                    heapq.heappush(deferred, (time.monotonic() + delay, item.row_id, item))
                else:
                    msg = f"{text} (after {item.tries} tries)"
                    db.failed(item.row_id, item.doc.bill_id, error=msg, code=exc.code,
                              recipient=item.recipient)
                    finish(item, "failed", "failed", msg)
                continue
            # written with the next message's 'delivering' (or at the next wait / the end)
            sent_at = db.sent(item.row_id, item.doc.bill_id, message_id=item.message_id,
                              recipient=item.recipient, reply=acc.reply,
                              queue_id=acc.queue_id, code=acc.code, resend=item.resend,
                              defer=True)
            item.result.server_id = acc.queue_id
            item.result.sent_at = sent_at
            finish(item, "sent", "sent")
            if smtp.max_per_connection and transport.sent_on_connection >= \
                    smtp.max_per_connection:
                transport.close()
    finally:
        for fut in ahead.values():
            fut.cancel()
        pool.shutdown(wait=True)
        try:
            unclaim()
        finally:
            transport.close()
            db.close()
    for i in list(queue) + [d[2] for d in deferred]:
        if i.result.status == "queued":
            i.result.state = "queued"
    progress(done, total, f"{report.sent:,} sent, {report.failed:,} failed"
             + (f", {report.queued:,} still queued" if report.queued else ""))

