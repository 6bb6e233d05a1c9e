"""Handing queued messages to the SMTP server: one connection, or ``smtp.connections`` (2–4)
in parallel, each on its own thread, sharing one queue, one rate limit and one status writer.

Per message: claim (``sending``, a batch of messages per commit), build it (a helper thread
reads the PDF, checks its Factur-X identity and writes the MIME message while the server
takes the one before), wait for the rate limit, MAIL/RCPT/DATA and the body, commit
``delivering`` (together with the previous message's ``sent``), the final dot, the answer.
Temporary failures (4xx, a lost connection before the dot) are retried after
``retry_delay``, doubled per try, at most ``retries`` times; permanent ones (5xx) fail at
once; a connection lost after the dot leaves the message ``unknown`` (at most once).

In doubt after a kill: at most one message per connection — the one between its
``delivering`` commit and the commit of its outcome (docs/dispatch.md, "Delivery
guarantee"). The shared state is changed under one lock, released only while a thread
talks to the server, builds a message or waits.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from pathlib import Path

from billdesk.dispatch import status as st
from billdesk.dispatch.documents import issued_pdf, pdf_matches
from billdesk.dispatch.message import AddressError, Outline, build, split_address
from billdesk.dispatch.templates import language_of, render
from billdesk.dispatch.transport import ConnectError, SendError, SmtpTransport
from billdesk.domain.errors import InputError
from billdesk.runs.liveness import new_owner
from billdesk.store import credentials
from billdesk.store.settings_catalog import SmtpSettings

log = logging.getLogger(__name__)

CLAIM_BATCH = 100     # messages claimed (queued -> sending) per commit at most
CLAIM_AHEAD = 30.0    # seconds of sending a claim covers at most (far below STALE_AFTER)


def prepare(item, tpls, sender: str, reply_to: str | None, folder: Path) -> bytes:
    """The message bytes (on a helper thread: files and CPU only, no database)."""
    data = (folder / item.doc.file_name).read_bytes()
    if not pdf_matches(data, item.doc):
        raise FileNotFoundError(item.doc.file_name)
    body = item.body
    if body is None:
        _subject, body = render(tpls, item.doc)
    return build(Outline(sender=sender, recipient_name=item.doc.name,
                         recipient=item.recipient, reply_to=reply_to,
                         subject=item.subject, body=body, message_id=item.message_id,
                         language=language_of(item.doc), number=item.doc.number,
                         attachment_name=f"{item.doc.number}.pdf"), data)


class Rate:
    """At most ``per_minute`` messages a minute, evenly spaced (shared by the connections:
    each message reserves the next slot, then waits for it)."""

    def __init__(self, per_minute: int, sleep, cancelled):
        self.gap = 60.0 / per_minute if per_minute else 0.0
        self.next = 0.0
        self.sleep, self.cancelled = sleep, cancelled
        self.lock = threading.Lock()

    def wait(self) -> None:
        if not self.gap:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next)
            self.next = slot + self.gap
        while now < slot and not self.cancelled():
            self.sleep(min(0.2, slot - now))
            now = time.monotonic()


class Delivery:
    def __init__(self, factory, queue: list, smtp: SmtpSettings, sender: str, tpls,
                 folder: Path, report, progress, cancelled, sleep, *, total: int, done: int):
        self.factory, self.smtp, self.sender, self.tpls = factory, smtp, sender, tpls
        self.folder, self.report = folder, report
        self.progress, self.cancelled, self.sleep = progress, cancelled, sleep
        self.total, self.done = total, done
        self.queue = deque(queue)
        self.deferred: list = []           # (due, row id, item): waiting for a retry
        self.claimed: set[int] = set()     # 'sending' for this process, not handed over
        self.started = time.monotonic()
        self.handled = 0                   # messages finished by this batch
        self.ahead: dict[int, Future] = {}
        self.tally = {"sent": 0, "failed": 0}
        self.lock = threading.RLock()
        self.owner = new_owner()
        self.db = st.StatusWriter(factory)
        self.rate = Rate(smtp.rate_per_minute, sleep, cancelled)
        self.env_sender = split_address(sender)[1]
        self.connections = max(1, min(int(smtp.connections or 1), 4))
        self.pool = ThreadPoolExecutor(max_workers=self.connections,
                                       thread_name_prefix="billdesk-mime")
        self.password, _source = credentials.smtp_password(smtp.user, smtp.host)
        self.errors: list[BaseException] = []
        self.transports: list[SmtpTransport] = []

    # ------------------------------------------------------------------ shared state
    # (every method here is called with self.lock held)
    def fail_now(self, item, error: str) -> None:
        """A message that cannot be sent (no PDF), before the connections start."""
        if self.db.claim(item.row_id, self.owner):
            self.db.failed(item.row_id, item.doc.bill_id, error=error, code=None,
                           recipient=item.recipient, run_id=item.doc.run_id)

    def finish(self, item, status: str, state: str, error: str | None = None) -> None:
        self.done += 1
        self.handled += 1
        self.claimed.discard(item.row_id)
        item.result.status, item.result.state, item.result.error = status, state, error
        if status in self.tally:
            self.tally[status] += 1
        self.progress(self.done, self.total,
                      f"{self.tally['sent']:,} sent, {self.tally['failed']:,} failed")

    def claim(self, item) -> bool:
        """Claim ``item`` and the next unclaimed ones of the queue (one commit); False when
        another process holds ``item`` (those it holds are reported as skipped)."""
        if item.row_id in self.claimed:
            return True
        batch = [item]
        size = self.claim_size()
        for other in self.queue:
            if len(batch) >= size:
                break
            if other.row_id not in self.claimed:
                batch.append(other)
        got = self.db.claim_many([b.row_id for b in batch], self.owner)
        taken = set()
        for b in batch:
            if b.row_id in got:
                self.claimed.add(b.row_id)
                b.tries += 1
            else:
                taken.add(b.row_id)
        if taken - {item.row_id}:
            kept = deque()
            for other in self.queue:
                if other.row_id in taken:
                    fut = self.ahead.pop(other.row_id, None)
                    if fut:
                        fut.cancel()
                    self.finish(other, "skipped", "sending", "taken by another send process")
                else:
                    kept.append(other)
            self.queue = kept
        return item.row_id in got

    def claim_size(self) -> int:
        """Messages per claim: one with a rate limit; else what this batch sends in
        ``CLAIM_AHEAD`` seconds at its pace so far (10 to start), at most ``CLAIM_BATCH`` —
        a claim is never old enough for another machine's ``send`` to take it for the claim
        of a dead process (billdesk.runs.liveness.STALE_AFTER)."""
        if self.smtp.rate_per_minute:
            return 1
        if self.handled < 10:
            return 10
        per = (time.monotonic() - self.started) / self.handled
        return int(max(1, min(CLAIM_BATCH, CLAIM_AHEAD / max(per, 1e-6))))

    def unclaim(self) -> None:
        """Before a wait, and at the end: what was claimed and not tried goes back to the
        queue (the deferred outcomes are written first)."""
        busy = {i.row_id for i in self.queue}
        idle = sorted(r for r in self.claimed if r in busy)
        if idle:
            self.db.release_many(idle, self.owner)
            for i in self.queue:
                if i.row_id in self.claimed:
                    i.tries -= 1
            self.claimed.difference_update(idle)
        self.db.flush()

    def prefetch(self) -> None:
        for item in islice(self.queue, 0, self.connections):
            if item.row_id not in self.ahead:
                self.ahead[item.row_id] = self.pool.submit(
                    prepare, item, self.tpls, self.sender, self.smtp.reply_to, self.folder)

    def stop(self, reason: str) -> None:
        if not self.report.stopped:
            self.report.stopped = reason

    # ------------------------------------------------------------------ a connection
    def _sleep_until(self, end: float) -> None:
        while time.monotonic() < end and not self.cancelled() and not self.report.stopped:
            self.sleep(min(0.2, end - time.monotonic()))

    def _connect(self, transport: SmtpTransport, failures: list[int]) -> bool:
        """Connect ``transport`` (lock not held); False when this connection should end."""
        try:
            transport.connect()
            failures[0] = 0
            return True
        except ConnectError as exc:
            failures[0] += 1
            with self.lock:
                if not exc.fatal and any(t.connected for t in self.transports
                                         if t is not transport):
                    # the server takes fewer connections than smtp.connections: the others
                    # go on without this one
                    log.warning("%s; going on with fewer connections", exc)
                    return False
                if exc.fatal or failures[0] > self.smtp.retries:
                    self.stop(str(exc))
                    if exc.fatal and self.report.sent == 0:
                        raise InputError(str(exc), field="smtp") from None
                    return False
                delay = self.smtp.retry_delay * 2 ** (failures[0] - 1)
                log.warning("%s; again in %.0f s", exc, delay)
                self.progress(self.done, self.total, f"{exc}; again in {delay:.0f} s")
                self.unclaim()
            self._sleep_until(time.monotonic() + delay)
            return not self.report.stopped

    def work(self) -> None:
        smtp = self.smtp
        transport = SmtpTransport(smtp.host, smtp.port, smtp.security, user=smtp.user,
                                  password=self.password, timeout=smtp.timeout,
                                  ca_file=smtp.ca_file)
        with self.lock:
            self.transports.append(transport)
        failures = [0]
        try:
            while True:
                with self.lock:
                    if self.report.stopped or self.errors:
                        return
                    if self.cancelled():
                        self.report.cancelled = True
                        return
                    wait = None
                    if not self.queue:
                        if not self.deferred:
                            return
                        self.unclaim()
                        while self.deferred and self.deferred[0][0] <= time.monotonic():
                            self.queue.append(heapq.heappop(self.deferred)[2])
                        if not self.queue:
                            wait = self.deferred[0][0] - time.monotonic()
                if wait is not None:
                    if wait > 5 and transport.connected:
                        transport.close()            # do not hold an idle connection open
                    self.sleep(min(0.2, max(wait, 0.0)))
                    continue
                if not transport.connected:
                    if not self._connect(transport, failures):
                        return
                    continue
                self._one(transport)
        finally:
            transport.close()

    def _one(self, transport: SmtpTransport) -> None:
        """Take the next message of the queue and hand it to the server."""
        smtp, db = self.smtp, self.db
        with self.lock:
            if not self.queue:
                return
            item = self.queue.popleft()
            fut = self.ahead.pop(item.row_id, None)
            if not self.claim(item):
                if fut:
                    fut.cancel()
                self.finish(item, "skipped", "sending", "taken by another send process")
                return
            self.prefetch()
        try:
            try:
                data = fut.result() if fut else prepare(item, self.tpls, self.sender,
                                                        smtp.reply_to, self.folder)
            except FileNotFoundError:
                issued_pdf(item.doc, self.folder, self.factory)   # render it again
                data = prepare(item, self.tpls, self.sender, smtp.reply_to, self.folder)
        except (AddressError, ValueError) as exc:
            with self.lock:
                db.failed(item.row_id, item.doc.bill_id, error=str(exc), code=None,
                          recipient=item.recipient, run_id=item.doc.run_id)
                self.finish(item, "failed", "failed", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - this document cannot be sent
            with self.lock:
                db.failed(item.row_id, item.doc.bill_id, error=f"no PDF: {exc}", code=None,
                          recipient=item.recipient, run_id=item.doc.run_id)
                self.finish(item, "failed", "failed", f"no PDF: {exc}")
            return
        if self.rate.gap:
            with self.lock:
                db.flush()                     # the last outcome is not held over a wait
        self.rate.wait()
        reused = transport.sent_on_connection > 0

        def before_dot() -> None:
            with self.lock:
                db.delivering(item.row_id)

        try:
            acc = transport.send(self.env_sender, item.recipient, data, before_dot=before_dot)
        except SendError as exc:
            with self.lock:
                self._failed(item, exc, reused)
            return
        with self.lock:
            # written with the next message's 'delivering' (or at the next wait / the end)
            item.result.sent_at = db.sent(item.row_id, item.doc.bill_id,
                                          message_id=item.message_id,
                                          recipient=item.recipient, reply=acc.reply,
                                          queue_id=acc.queue_id, code=acc.code,
                                          resend=item.resend, defer=True,
                                          run_id=item.doc.run_id)
            item.result.server_id = acc.queue_id
            self.finish(item, "sent", "sent")
        if smtp.max_per_connection and transport.sent_on_connection >= \
                smtp.max_per_connection:
            transport.close()

    def _failed(self, item, exc: SendError, reused: bool) -> None:
        smtp, db = self.smtp, self.db
        text = str(exc)
        if exc.in_doubt:
            db.unknown(item.row_id, item.doc.bill_id, error=text, recipient=item.recipient,
                       run_id=item.doc.run_id)
            self.finish(item, "failed", "unknown", text + "; it may have been delivered: "
                        "not sent again without --resend")
        elif exc.permanent:
            db.failed(item.row_id, item.doc.bill_id, error=text, code=exc.code,
                      recipient=item.recipient, run_id=item.doc.run_id)
            self.finish(item, "failed", "failed", text)
        elif exc.stage == "transfer" and reused and item.tries == 1:
            # the server closed an idle, reused connection: once more at once
            db.release(item.row_id)
            self.claimed.discard(item.row_id)
            item.tries -= 1
            self.queue.appendleft(item)
        elif item.tries <= smtp.retries:
            delay = smtp.retry_delay * 2 ** (item.tries - 1)
            db.retry(item.row_id, item.doc.bill_id, error=text, code=exc.code, delay=delay,
                     run_id=item.doc.run_id)
            self.claimed.discard(item.row_id)
            item.result.error = text
            heapq.heappush(self.deferred, (time.monotonic() + delay, item.row_id, item))
        else:
            msg = f"{text} (after {item.tries} tries)"
            db.failed(item.row_id, item.doc.bill_id, error=msg, code=exc.code,
                      recipient=item.recipient, run_id=item.doc.run_id)
            self.finish(item, "failed", "failed", msg)

    # ------------------------------------------------------------------ the batch
    def _guarded(self) -> None:
        try:
            self.work()
        except BaseException as exc:  # noqa: BLE001 - re-raised by run() in the caller
            with self.lock:
                self.errors.append(exc)

    def run(self) -> None:
        try:
            n = min(self.connections, len(self.queue))
            if n <= 1:
                self.work()
            else:
                threads = [threading.Thread(target=self._guarded, daemon=True,
                                            name=f"billdesk-smtp-{k}") for k in range(n)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                if self.errors:
                    raise self.errors[0]
        finally:
            for fut in self.ahead.values():
                fut.cancel()
            self.pool.shutdown(wait=True)
            try:
                with self.lock:
                    self.unclaim()
            finally:
                self.db.close()

    def left(self) -> list:
        """The messages still queued or waiting for a retry."""
        return list(self.queue) + [d[2] for d in self.deferred]
