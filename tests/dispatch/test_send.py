"""E-mail dispatch against a real SMTP server (aiosmtpd on 127.0.0.1), SQLite and PostgreSQL."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import pytest
from facturx import get_xml_from_pdf, xml_check_xsd
from sqlalchemy import select

from billdesk.dispatch.documents import load_outgoing, resolve_bill_ids
from billdesk.dispatch.send import send_documents
from billdesk.dispatch.status import delivery_rows
from billdesk.domain.errors import InputError
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import AuditEntry
from billdesk.store.settings_catalog import set_value
from tests.dispatch.conftest import configure
from tests.dispatch.smtpserver import SmtpServer, self_signed_cert

SUBJECTS = {"de": "Ihre Rechnung", "fr": "Votre facture", "it": "La sua fattura",
            "en": "Your invoice"}


def docs_of(factory, run_id):
    return load_outgoing(factory, resolve_bill_ids(factory, run_id=run_id))


def test_messages_arrive_with_recipients_language_attachment_and_headers(factory, run_id,
                                                                         smtp):
    with transaction(factory) as s:
        set_value(s, "smtp.reply_to", "Kundendienst <kundendienst@ew-seeland.ch>")
    docs = docs_of(factory, run_id)
    with_mail = [d for d in docs if d.email]
    assert 0 < len(with_mail) < len(docs)          # the demo has accounts without e-mail
    report = send_documents(factory, run_id=run_id, render_workers=0)
    assert report.sent == len(with_mail) and report.failed == 0 and report.queued == 0
    assert len(smtp.messages) == len(with_mail)
    assert smtp.recorder.connections == 1           # one connection for the whole batch
    by_rcpt = {m.recipients[0]: m for m in smtp.messages}
    assert set(by_rcpt) == {d.email for d in with_mail}
    with factory() as s:
        rows = {m.bill_id: m for m in s.scalars(select(DispatchMessage))}
    languages = set()
    for d in with_mail:
        got = by_rcpt[d.email]
        msg = got.message
        assert got.sender == "kundendienst@ew-seeland.ch"       # the company's e-mail
        assert msg["To"].addresses[0].addr_spec == d.email
        assert msg["To"].addresses[0].display_name == d.name
        assert msg["From"].addresses[0].display_name == "Elektrizitätswerk Seeland AG"
        assert str(msg["Reply-To"]) == "Kundendienst <kundendienst@ew-seeland.ch>"
        assert msg["Message-ID"] == rows[d.bill_id].message_id
        assert abs(parsedate_to_datetime(msg["Date"]).timestamp() - time.time()) < 300
        assert msg["Subject"].startswith(SUBJECTS[d.language]) and d.number in msg["Subject"]
        raw_subject = got.data.split(b"\r\n\r\n", 1)[0]
        assert b"Subject:" in raw_subject and all(b < 128 for b in raw_subject)  # encoded
        assert msg["Content-Language"] == f"{d.language}-CH"
        body = msg.get_body(("plain",)).get_content()
        assert d.number in body and d.name in body
        atts = list(msg.iter_attachments())
        assert len(atts) == 1 and atts[0].get_content_type() == "application/pdf"
        assert atts[0].get_filename() == f"{d.number}.pdf"
        pdf = atts[0].get_content()
        assert pdf.startswith(b"%PDF-")
        _name, xml = get_xml_from_pdf(pdf, check_xsd=False)
        assert d.number.encode() in xml
        languages.add(d.language)
        row = rows[d.bill_id]
        assert row.status == "sent" and row.recipient == d.email
        assert row.server_id and row.server_id.startswith("Q") and row.sent_at is not None
    assert len(languages) >= 2
    xml_check_xsd(xml, flavor="factur-x", level="en16931")
    # accounts without e-mail are waiting for the print batch, not sent
    for d in docs:
        if not d.email:
            assert rows[d.bill_id].status == "print"
    with factory() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry))]
    assert actions.count("send.sent") == len(with_mail)
    assert "send.start" in actions and "send.finish" in actions


def test_idempotent_and_resend(factory, run_id, smtp):
    first = send_documents(factory, run_id=run_id, render_workers=0)
    n = first.sent
    again = send_documents(factory, run_id=run_id, render_workers=0)
    assert again.sent == 0 and again.skipped == len(again.documents)
    assert len(smtp.messages) == n
    one = next(d for d in first.documents if d.status == "sent")
    re = send_documents(factory, bill_refs=[one.number], resend=True, render_workers=0)
    assert re.sent == 1 and len(smtp.messages) == n + 1
    assert re.documents[0].message_id != one.message_id and re.documents[0].resend
    rows = delivery_rows(factory, run_id=run_id)
    assert next(r for r in rows if r.number == one.number).resend
    with factory() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "send.resend"))
        history = s.scalars(select(DispatchMessage).where(
            DispatchMessage.bill_id == one.bill_id)).all()
    assert [h.status for h in history] == ["sent", "sent"]


def test_refused_and_greylisted_recipients(factory, run_id, smtp):
    docs = [d for d in docs_of(factory, run_id) if d.email]
    smtp.recorder.refuse.add(docs[0].email)
    smtp.recorder.defer[docs[1].email] = 2          # 451 twice, then accepted
    report = send_documents(factory, run_id=run_id, render_workers=0)
    res = {r.number: r for r in report.documents}
    assert res[docs[0].number].status == "failed"
    assert "550" in res[docs[0].number].error and "User unknown" in res[docs[0].number].error
    assert res[docs[1].number].status == "sent"
    assert report.sent == len(docs) - 1 and report.failed == 1
    received = [m.recipients[0] for m in smtp.messages]
    assert docs[0].email not in received and received.count(docs[1].email) == 1
    with factory() as s:
        m = s.scalar(select(DispatchMessage).where(DispatchMessage.bill_id == docs[1].bill_id))
        assert m.tries == 3
        f = s.scalar(select(DispatchMessage).where(DispatchMessage.bill_id == docs[0].bill_id))
        assert f.status == "failed" and f.smtp_code == 550 and f.tries == 1
    # a failed document is tried again by the next send (it was never delivered)
    smtp.recorder.refuse.clear()
    again = send_documents(factory, run_id=run_id, render_workers=0)
    assert again.sent == 1 and [r.number for r in again.documents if r.status == "sent"] \
        == [docs[0].number]


def test_temporary_failure_exhausts_retries(factory, run_id, smtp):
    docs = [d for d in docs_of(factory, run_id) if d.email]
    smtp.recorder.defer[docs[0].email] = 99
    report = send_documents(factory, run_id=run_id, render_workers=0)
    r = next(x for x in report.documents if x.number == docs[0].number)
    assert r.status == "failed" and "451" in r.error and "after 4 tries" in r.error


def test_connection_dropped_mid_batch(factory, run_id, smtp):
    """Dropped before the dot (at RCPT): retried on a new connection, delivered once. Dropped
    after the dot (accepted, answer lost): 'unknown', not sent again without --resend."""
    docs = [d for d in docs_of(factory, run_id) if d.email]
    smtp.recorder.drop_at_rcpt.add(3)
    smtp.recorder.drop_after_data.add(5)
    report = send_documents(factory, run_id=run_id, render_workers=0)
    received = [m.recipients[0] for m in smtp.messages]
    assert len(received) == len(set(received)) == len(docs)   # nobody twice, nobody missed
    unknown = [r for r in report.documents if r.state == "unknown"]
    assert len(unknown) == 1 and unknown[0].status == "failed"
    assert "may have been delivered" in unknown[0].error
    assert report.sent == len(docs) - 1
    assert smtp.recorder.connections >= 3
    again = send_documents(factory, run_id=run_id, render_workers=0)
    assert again.sent == 0 and len(smtp.messages) == len(docs)
    skipped = next(r for r in again.documents if r.number == unknown[0].number)
    assert skipped.state == "unknown" and "--resend" in skipped.error
    forced = send_documents(factory, bill_refs=[unknown[0].number], resend=True,
                            render_workers=0)
    assert forced.sent == 1 and len(smtp.messages) == len(docs) + 1


def test_dry_run_sends_and_writes_nothing(factory, run_id, smtp):
    report = send_documents(factory, run_id=run_id, dry_run=True)
    assert report.dry_run and report.queued > 0 and report.sent == 0
    assert all(r.subject for r in report.documents if r.status == "queued")
    assert smtp.messages == []
    with factory() as s:
        assert s.scalars(select(DispatchMessage)).all() == []


def test_rate_limit_and_connection_reuse(factory, run_id, smtp):
    with transaction(factory) as s:
        set_value(s, "smtp.rate_per_minute", "600")        # one message per 0.1 s
        set_value(s, "smtp.max_per_connection", "3")
    t0 = time.monotonic()
    report = send_documents(factory, run_id=run_id, render_workers=0)
    took = time.monotonic() - t0
    n = report.sent
    assert n >= 6 and took >= (n - 1) * 0.1 * 0.95
    assert smtp.recorder.connections == -(-n // 3)


def test_missing_settings_are_input_errors(factory, run_id):
    with pytest.raises(InputError, match="smtp.host"):
        send_documents(factory, run_id=run_id)
    with pytest.raises(InputError, match="no bill run"):
        send_documents(factory, run_id=9999)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["starttls", "tls"])
def test_tls_with_login(factory, run_id, tmp_path, mode, monkeypatch):
    cert = self_signed_cert(tmp_path)
    monkeypatch.setenv("BILLDESK_SMTP_PASSWORD", "s3cret")
    with SmtpServer(mode, cert=cert, user="billing", password="s3cret") as server:
        configure(factory, server, user="billing", ca_file=str(cert[0]))
        report = send_documents(factory, bill_refs=["INV-2026-000001"], render_workers=0)
        assert report.sent == 1, report.documents[0].error
        got = server.messages[0]
        assert got.tls and got.auth == "billing"
        # a wrong password, and a certificate nobody vouches for, are configuration errors
        monkeypatch.setenv("BILLDESK_SMTP_PASSWORD", "wrong")
        with pytest.raises(InputError, match="refused the login"):
            send_documents(factory, bill_refs=["INV-2026-000001"], resend=True,
                           render_workers=0)
        monkeypatch.setenv("BILLDESK_SMTP_PASSWORD", "s3cret")
        with transaction(factory) as s:
            from billdesk.store.settings_catalog import unset_value

            unset_value(s, "smtp.ca_file")
        with pytest.raises(InputError, match="not trusted"):
            send_documents(factory, bill_refs=["INV-2026-000001"], resend=True,
                           render_workers=0)
    # what could not be sent stays queued and goes out with the next send
    with factory() as s:
        rows = s.scalars(select(DispatchMessage).order_by(DispatchMessage.id)).all()
    assert [r.status for r in rows] == ["sent", "queued"]


def test_a_stale_or_foreign_pdf_in_the_folder_is_never_attached(factory, run_id, smtp):
    from pathlib import Path

    from billdesk.dispatch.documents import ensure_pdfs
    from billdesk.store.settings_catalog import pdf_folder

    docs = [d for d in docs_of(factory, run_id) if d.email]
    with factory() as s:
        folder = Path(pdf_folder(s))
    assert ensure_pdfs(factory, docs[:2], folder, workers=0) == {}
    a, b = docs[0], docs[1]
    (folder / b.file_name).write_bytes((folder / a.file_name).read_bytes())   # wrong file
    (folder / docs[2].file_name).write_bytes(b"%PDF-1.4 not really")            # broken
    report = send_documents(factory, bill_refs=[b.number, docs[2].number], render_workers=0)
    assert report.sent == 2
    for m in smtp.messages:
        number = m.message["X-Billdesk-Document"]
        (att,) = m.message.iter_attachments()
        _name, xml = get_xml_from_pdf(att.get_content(), check_xsd=False)
        assert f"<ram:ID>{number}</ram:ID>".encode() in xml
