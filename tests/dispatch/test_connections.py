"""``smtp.connections``: a batch over several SMTP connections in parallel sends every
message exactly once, keeps the rate limit, and goes on with fewer connections when the
server takes fewer (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from sqlalchemy import select

from billdesk.dispatch.documents import load_outgoing, resolve_bill_ids
from billdesk.dispatch.send import send_documents
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import AuditEntry
from billdesk.store.settings_catalog import set_value


def _with_mail(factory, run_id):
    return [d for d in load_outgoing(factory, resolve_bill_ids(factory, run_id=run_id))
            if d.email]


def _connections(factory, n: int, **more) -> None:
    with transaction(factory) as s:
        set_value(s, "smtp.connections", str(n))
        for k, v in more.items():
            set_value(s, f"smtp.{k}", v)


def test_two_connections_send_every_message_once(factory, run_id, smtp):
    docs = _with_mail(factory, run_id)
    _connections(factory, 2)
    report = send_documents(factory, run_id=run_id, render_workers=0)
    assert report.sent == len(docs) and report.failed == 0 and report.ok
    got = Counter(m.message["X-Billdesk-Document"] for m in smtp.messages)
    assert set(got) == {d.number for d in docs} and max(got.values()) == 1
    assert smtp.recorder.connections == 2
    with factory() as s:
        rows = s.scalars(select(DispatchMessage).where(DispatchMessage.channel == "email")).all()
        sent = s.scalars(select(AuditEntry).where(AuditEntry.action == "send.sent")).all()
    assert {r.status for r in rows} == {"sent"} and all(r.claimed_by for r in rows)
    assert {r.message_id for r in rows} == {m.message["Message-ID"] for m in smtp.messages}
    assert len(sent) == len(docs)
    again = send_documents(factory, run_id=run_id, render_workers=0)
    assert again.sent == 0 and len(smtp.messages) == len(docs)


def test_two_connections_with_refusals_and_retries(factory, run_id, smtp):
    docs = _with_mail(factory, run_id)
    _connections(factory, 3)
    smtp.recorder.refuse.add(docs[0].email)
    smtp.recorder.defer[docs[1].email] = 2
    smtp.recorder.drop_at_rcpt.add(4)
    report = send_documents(factory, run_id=run_id, render_workers=0)
    res = {r.number: r for r in report.documents}
    assert res[docs[0].number].status == "failed" and "550" in res[docs[0].number].error
    assert res[docs[1].number].status == "sent"
    assert report.sent == len(docs) - 1
    received = Counter(m.recipients[0] for m in smtp.messages)
    assert max(received.values()) == 1 and docs[0].email not in received


def test_the_rate_limit_holds_over_all_connections(factory, run_id, smtp):
    _connections(factory, 3, rate_per_minute="600")          # one message per 0.1 s
    t0 = time.monotonic()
    report = send_documents(factory, run_id=run_id, render_workers=0)
    took = time.monotonic() - t0
    n = report.sent
    assert n >= 6 and took >= (n - 1) * 0.1 * 0.95


def test_a_server_that_takes_fewer_connections(factory, run_id, smtp):
    docs = _with_mail(factory, run_id)
    smtp.recorder.refuse_connections_after = 1
    _connections(factory, 2)
    report = send_documents(factory, run_id=run_id, render_workers=0)
    assert report.sent == len(docs) and report.stopped is None
    got = Counter(m.message["X-Billdesk-Document"] for m in smtp.messages)
    assert len(got) == len(docs) and max(got.values()) == 1


@pytest.mark.parametrize("connections", [1, 2])
def test_cancel_mid_batch_leaves_nothing_claimed(factory, run_id, smtp, connections):
    """Claims are taken a batch at a time and a 'sent' is written with the next message:
    a cancelled send still writes every outcome and puts the unsent claims back."""
    docs = _with_mail(factory, run_id)
    _connections(factory, connections)
    seen = []
    report = send_documents(factory, run_id=run_id, render_workers=0,
                            progress=lambda d, t, m: seen.append(d),
                            cancelled=lambda: len(smtp.messages) >= 3)
    assert report.cancelled and 3 <= report.sent < len(docs)
    with factory() as s:
        rows = s.scalars(select(DispatchMessage).where(DispatchMessage.channel == "email")).all()
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "send.sent")).all()
    states = Counter(r.status for r in rows)
    assert set(states) == {"sent", "queued"} and states["sent"] == report.sent
    assert states["sent"] == len(smtp.messages) == len(audited)
    assert all(r.tries == 0 and r.claimed_by is None for r in rows if r.status == "queued")
    rest = send_documents(factory, run_id=run_id, render_workers=0)
    assert rest.sent == len(docs) - report.sent
    got = Counter(m.message["X-Billdesk-Document"] for m in smtp.messages)
    assert len(got) == len(docs) and max(got.values()) == 1
