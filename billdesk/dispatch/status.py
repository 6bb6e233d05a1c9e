"""Delivery status per document in the database (``dispatch_messages``): the state machine
of a message and the queries the CLI and the app show.

States of an e-mail message::

    queued ──claim──▶ sending ──before the final dot──▶ delivering ──250──▶ sent ──▶ bounced
      ▲                  │                                   │
      └── 4xx / lost connection before the dot (retry) ──────┘── lost after the dot ──▶ unknown
                         └── 5xx, or retries used up ──▶ failed

Every transition is written *before* the step it announces (claim before MAIL FROM,
``delivering`` before the final dot) and *after* the server's answer (``sent`` /
``failed``), together with its audit entry; claims are committed a batch at a time and a
``sent`` with the next transition (``StatusWriter``). A process killed in
``sending`` had not handed the message over: the next ``send`` puts it back to ``queued``.
One killed in ``delivering`` may or may not have been accepted: it becomes ``unknown`` and
is not sent again without ``--resend`` (at most once, docs/dispatch.md). Accounts without
an e-mail address get a ``print`` entry (then ``printed`` by the print batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from billdesk.runs.liveness import owner_alive
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import STATUSES, DispatchMessage
from billdesk.store.models import Account, AuditEntry, Bill

CHUNK = 2000


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# ----------------------------------------------------------------------------- reading
def latest_by_bill(session: Session, bill_ids: list[int]) -> dict[int, DispatchMessage]:
    """Each bill's newest message row (its current delivery status)."""
    out: dict[int, DispatchMessage] = {}
    for k in range(0, len(bill_ids), CHUNK):
        chunk = bill_ids[k:k + CHUNK]
        newest = (select(func.max(DispatchMessage.id))
                  .where(DispatchMessage.bill_id.in_(chunk))
                  .group_by(DispatchMessage.bill_id))
        for m in session.scalars(select(DispatchMessage).where(DispatchMessage.id.in_(newest))):
            out[m.bill_id] = m
    return out


@dataclass(frozen=True)
class DeliveryRow:
    """One document and its current delivery status (what the app's tables show)."""

    bill_id: int
    number: str
    kind: str
    account: str
    name: str
    postcode: str
    email: str | None
    language: str
    total: object
    currency: str
    status: str               # a message status, or "" (never sent)
    channel: str
    recipient: str | None
    message_id: str | None
    server_id: str | None
    sent_at: datetime | None
    tries: int
    error: str | None
    resend: bool


def delivery_rows(factory: sessionmaker, run_id: int | None = None,
                  bill_ids: list[int] | None = None, limit: int | None = None
                  ) -> list[DeliveryRow]:
    """The issued documents of a run (or the given bills) with their current delivery
    status, in bill order."""
    with factory() as s:
        q = (select(Bill.id, Bill.number, Bill.kind, Bill.total, Bill.currency, Account.code,
                    Account.name, Account.postcode, Account.email, Account.language)
             .join(Account, Account.id == Bill.account_id)
             .where(Bill.number.is_not(None)).order_by(Bill.id))
        if run_id is not None:
            q = q.where(Bill.run_id == run_id)
        if bill_ids is not None:
            q = q.where(Bill.id.in_(bill_ids))
        if limit:
            q = q.limit(limit)
        bills = s.execute(q).all()
        latest = latest_by_bill(s, [b.id for b in bills])
    out = []
    for b in bills:
        m = latest.get(b.id)
        out.append(DeliveryRow(
            bill_id=b.id, number=b.number, kind=b.kind, account=b.code, name=b.name,
            postcode=b.postcode or "", email=(b.email or "").strip() or None,
            language=b.language or "de", total=b.total, currency=b.currency,
            status=m.status if m else "", channel=m.channel if m else "",
            recipient=m.recipient if m else None, message_id=m.message_id if m else None,
            server_id=m.server_id if m else None,
            sent_at=(m.sent_at or m.bounced_at) if m else None, tries=m.tries if m else 0,
            error=(m.bounce_reason or m.error) if m else None,
            resend=bool(m.resend) if m else False))
    return out


def delivery_status_by_bill(factory: sessionmaker, bill_ids: list[int]) -> dict[int, str]:
    with factory() as s:
        return {b: m.status for b, m in latest_by_bill(s, bill_ids).items()}


def delivery_summary(factory: sessionmaker, run_id: int) -> dict[str, int]:
    """Counts of the run's issued documents by current delivery status (``""``: not sent)."""
    counts = {k: 0 for k in ("", *STATUSES)}
    for r in delivery_rows(factory, run_id=run_id):
        counts[r.status] = counts.get(r.status, 0) + 1
    return counts


# ----------------------------------------------------------------------------- recovery
def recover(factory: sessionmaker, bill_ids: list[int]) -> list[tuple[int, str]]:
    """Messages left ``sending`` / ``delivering`` by a process that is gone: ``sending`` ->
    ``queued`` (it was not handed over), ``delivering`` -> ``unknown``. Returns
    (message id, new status)."""
    changed = []
    with transaction(factory) as s:
        for k in range(0, len(bill_ids), CHUNK):
            rows = s.scalars(select(DispatchMessage).where(
                DispatchMessage.bill_id.in_(bill_ids[k:k + CHUNK]),
                DispatchMessage.status.in_(("sending", "delivering")))).all()
            for m in rows:
                if owner_alive(m.claimed_by, m.claimed_at):
                    continue
                if m.status == "sending":
                    m.status = "queued"
                    m.claimed_by = None
                    audit.record(s, "send.requeue", "bill", m.bill_id,
                                 {"message_id": m.message_id, "reason":
                                  "the sending process ended before handing the message over"},
                                 run_id=m.run_id)
                else:
                    m.status = "unknown"
                    m.open_bill_id = None
                    m.error = ("the sending process ended after handing the message to the "
                               "server and before recording its answer: it may or may not "
                               "have been delivered; not sent again without --resend")
                    audit.record(s, "send.unknown", "bill", m.bill_id,
                                 {"message_id": m.message_id, "recipient": m.recipient},
                                 run_id=m.run_id)
                changed.append((m.id, m.status))
    return changed


# ----------------------------------------------------------------------------- transitions
class StatusWriter:
    """The transitions of a batch on one connection, as prepared Core statements.

    Fewer commits than transitions, with the same record-before / outcome-after order:

    * ``claim_many`` takes a batch of messages ``queued -> sending`` in one commit (a message
      claimed and not handed over is ``sending``: put back in the queue by ``release_many``
      at the end, or by ``recover`` after a crash — it was not handed over);
    * ``sent(..., defer=True)`` keeps the outcome of an accepted message (and its audit
      entry) in memory; it is written in the same commit as the next transition — normally
      the next message's ``delivering`` — or by ``flush``. Until then the accepted message
      is ``delivering`` in the database, so a crash in between leaves it ``unknown`` (not
      sent again): still at most one message in doubt per connection, since the deferred
      outcome is committed before the next message can be handed over.
    """

    def __init__(self, factory: sessionmaker, actor: str | None = None):
        self.engine = factory.kw["bind"]
        self.conn = self.engine.connect()
        self.actor = actor or audit.actor()
        t = DispatchMessage.__table__
        mid = bindparam("m_id")
        self._claim = (update(t).where(t.c.id == mid, t.c.status == "queued")
                       .values(status="sending", claimed_by=bindparam("owner"),
                               claimed_at=bindparam("now"), tries=t.c.tries + 1))
        ids = bindparam("ids", expanding=True)
        self._claim_many = (update(t).where(t.c.id.in_(ids), t.c.status == "queued")
                            .values(status="sending", claimed_by=bindparam("owner"),
                                    claimed_at=bindparam("now"), tries=t.c.tries + 1))
        self._claimed = select(t.c.id).where(t.c.id.in_(ids), t.c.status == "sending",
                                             t.c.claimed_by == bindparam("owner"))
        self._release_many = (update(t).where(t.c.id.in_(ids), t.c.status == "sending",
                                              t.c.claimed_by == bindparam("owner"))
                              .values(status="queued", claimed_by=None,
                                      tries=t.c.tries - 1))
        self._set = {}
        self._audit = insert(AuditEntry.__table__)
        self._pending: list = []        # deferred outcomes: (m_id, values, audit row)

    def close(self) -> None:
        self.conn.close()

    def _update(self, m_id: int, where_status: str | None = None, **values) -> int:
        t = DispatchMessage.__table__
        key = (tuple(sorted(values)), where_status)
        stmt = self._set.get(key)
        if stmt is None:
            stmt = update(t).where(t.c.id == bindparam("m_id"))
            if where_status:
                stmt = stmt.where(t.c.status == where_status)
            stmt = stmt.values({k: bindparam(f"v_{k}") for k in values})
            self._set[key] = stmt
        res = self.conn.execute(stmt, {"m_id": m_id, **{f"v_{k}": v for k, v in values.items()}})
        return res.rowcount

    def _audit_row(self, action: str, bill_id: int, details: dict,
                   run_id: int | None) -> dict:
        """An entry of the document ``bill_id`` of run ``run_id`` (the run its bill belongs
        to: the run's audit log and its audit package list it)."""
        return {"at": utcnow(), "actor": self.actor[:64], "action": action,
                "object_type": "bill", "object_id": str(bill_id), "details": details,
                "run_id": run_id}

    def _record(self, action: str, bill_id: int, details: dict, run_id: int | None) -> None:
        self.conn.execute(self._audit, self._audit_row(action, bill_id, details, run_id))

    def _write_pending(self) -> None:
        """The deferred outcomes, into the transaction about to be committed."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        for m_id, values, row in pending:
            self._update(m_id, **values)
        self.conn.execute(self._audit, [row for _m, _v, row in pending])

    def _commit(self) -> None:
        try:
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    @property
    def pending(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Commit the deferred outcomes now (before a wait, at the end)."""
        if self._pending:
            self._write_pending()
            self._commit()

    def claim(self, m_id: int, owner: str) -> bool:
        """queued -> sending for this process; False when another process took it."""
        self._write_pending()
        n = self.conn.execute(self._claim, {"m_id": m_id, "owner": owner,
                                            "now": utcnow()}).rowcount
        self._commit()
        return n == 1

    def claim_many(self, m_ids: list[int], owner: str) -> set[int]:
        """queued -> sending for this process, in one commit; the ids it got (another
        process may have taken some)."""
        self._write_pending()
        self.conn.execute(self._claim_many, {"ids": m_ids, "owner": owner, "now": utcnow()})
        got = set(self.conn.execute(self._claimed, {"ids": m_ids, "owner": owner}).scalars())
        self._commit()
        return got

    def release_many(self, m_ids: list[int], owner: str) -> None:
        """Claimed messages not tried after all (the batch stopped, or waits): queued."""
        self._write_pending()
        for k in range(0, len(m_ids), CHUNK):
            self.conn.execute(self._release_many, {"ids": m_ids[k:k + CHUNK], "owner": owner})
        self._commit()

    def delivering(self, m_id: int) -> None:
        """Committed right before the final dot (with the previous message's deferred
        outcome): from here on a crash leaves it unknown."""
        self._write_pending()
        self._update(m_id, status="delivering")
        self._commit()

    def sent(self, m_id: int, bill_id: int, *, message_id: str, recipient: str, reply: str,
             queue_id: str | None, code: int, resend: bool, defer: bool = False,
             run_id: int | None) -> datetime:
        now = utcnow()
        values = dict(status="sent", open_bill_id=None, sent_at=now,
                      server_reply=reply[:2000], server_id=queue_id, smtp_code=code,
                      error=None, next_try_at=None)
        row = self._audit_row("send.resend" if resend else "send.sent", bill_id,
                              {"message_id": message_id, "recipient": recipient,
                               "server_id": queue_id, "reply": reply[:200]}, run_id)
        self._pending.append((m_id, values, row))
        if not defer:
            self.flush()
        return now

    def retry(self, m_id: int, bill_id: int, *, error: str, code: int | None,
              delay: float, run_id: int | None) -> datetime:
        """Back to the queue after a temporary failure, not before ``delay`` seconds."""
        self._write_pending()
        at = utcnow() + timedelta(seconds=delay)
        self._update(m_id, status="queued", claimed_by=None, error=error[:2000],
                     smtp_code=code, next_try_at=at)
        self._record("send.retry", bill_id, {"error": error[:300], "code": code,
                                             "retry_at": at.isoformat()}, run_id)
        self._commit()
        return at

    def release(self, m_id: int) -> None:
        """A claimed message not tried after all (an idle connection the server closed)."""
        self._write_pending()
        t = DispatchMessage.__table__
        self.conn.execute(update(t).where(t.c.id == m_id, t.c.status == "sending")
                          .values(status="queued", claimed_by=None, tries=t.c.tries - 1))
        self._commit()

    def failed(self, m_id: int, bill_id: int, *, error: str, code: int | None,
               recipient: str | None, run_id: int | None) -> None:
        self._write_pending()
        self._update(m_id, status="failed", open_bill_id=None, error=error[:2000],
                     smtp_code=code, next_try_at=None)
        self._record("send.failed", bill_id, {"error": error[:300], "code": code,
                                              "recipient": recipient}, run_id)
        self._commit()

    def unknown(self, m_id: int, bill_id: int, *, error: str, recipient: str | None,
                run_id: int | None) -> None:
        self._write_pending()
        self._update(m_id, status="unknown", open_bill_id=None, error=error[:2000],
                     next_try_at=None)
        self._record("send.unknown", bill_id, {"error": error[:300], "recipient": recipient},
                     run_id)
        self._commit()
