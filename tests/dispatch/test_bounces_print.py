"""Bounce import (DSN, mbox, CSV) and the print batch (duplex, postcode order, cover)."""

from __future__ import annotations

import json
import mailbox
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from billdesk.cli import main
from billdesk.dispatch.bounces import import_bounces
from billdesk.dispatch.documents import load_outgoing, resolve_bill_ids
from billdesk.dispatch.print_batch import export_print_batch, sort_key
from billdesk.dispatch.send import send_documents
from billdesk.dispatch.status import delivery_rows
from billdesk.domain.errors import InputError
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import AuditEntry


def dsn(original_id: str, recipient: str, action: str = "failed",
        status: str = "5.1.1", diag: str = "smtp; 550 5.1.1 User unknown") -> bytes:
    """A delivery status notification as Postfix writes it (RFC 3464)."""
    return f"""From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: rechnung@ew-seeland.ch
Subject: Undelivered Mail Returned to Sender
Date: Tue, 02 Dec 2026 09:15:00 +0100
Message-ID: <bounce.{abs(hash(original_id))}@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="B0UND"

--B0UND
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.
I'm sorry to have to inform you that your message could not be delivered.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Tue,  2 Dec 2026 09:14:58 +0100

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Diagnostic-Code: {diag}

--B0UND
Content-Type: text/rfc822-headers

Message-ID: {original_id}
Subject: Ihre Rechnung

--B0UND--
""".replace("\n", "\r\n").encode()


@pytest.fixture
def sent(factory, run_id, smtp):
    report = send_documents(factory, run_id=run_id, render_workers=0)
    return [d for d in report.documents if d.status == "sent"]


def test_dsn_files_mbox_and_csv_mark_documents_bounced(factory, sent, tmp_path):
    a, b, c, d = sent[:4]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "1.eml").write_bytes(dsn(a.message_id, a.recipient))
    (tmp_path / "in" / "delayed.eml").write_bytes(dsn(b.message_id, b.recipient,
                                                      action="delayed", status="4.4.1"))
    box = mailbox.mbox(str(tmp_path / "bounces.mbox"))
    box.add(dsn(b.message_id, b.recipient, status="5.2.2",
                diag="smtp; 552 5.2.2 Mailbox full"))
    box.flush()
    box.close()
    csv = tmp_path / "provider.csv"
    csv.write_text(f"message_id,recipient,reason,date\n{c.message_id},,hard bounce,"
                   f"2026-12-02T10:00:00Z\n,{d.recipient.upper()},mailbox unavailable,\n",
                   encoding="utf-8")
    r = import_bounces(factory, [str(tmp_path / "in"), str(tmp_path / "bounces.mbox"),
                                 str(csv)])
    assert r.bounced == 4 and r.ignored == 1 and r.files == 4
    rows = {x.number: x for x in delivery_rows(factory, bill_ids=[s.bill_id for s in sent])}
    assert rows[a.number].status == "bounced" and "5.1.1" in rows[a.number].error
    assert "Mailbox full" in rows[b.number].error
    assert rows[c.number].error == "hard bounce"
    assert rows[d.number].status == "bounced"
    assert rows[sent[4].number].status == "sent"
    # importing the same files again changes nothing
    again = import_bounces(factory, [str(tmp_path / "in"), str(csv)])
    assert again.bounced == 0 and again.already == 3
    with factory() as s:
        assert len(s.scalars(select(AuditEntry).where(
            AuditEntry.action == "send.bounced")).all()) == 4
    # a bounced document is not sent again without --resend
    rep = send_documents(factory, bill_refs=[a.number], render_workers=0)
    assert rep.sent == 0 and "bounced" in rep.documents[0].error


def test_bad_bounce_csv_changes_nothing(factory, sent, tmp_path):
    csv = tmp_path / "b.csv"
    csv.write_text(f"message_id,reason\n{sent[0].message_id},gone\nnot-an-id,x\n",
                   encoding="utf-8")
    with pytest.raises(InputError) as e:
        import_bounces(factory, [str(csv)])
    assert e.value.line == 3 and e.value.field == "message_id"
    assert all(r.status == "sent" for r in delivery_rows(
        factory, bill_ids=[s.bill_id for s in sent]))


def test_cli_import_bounces(factory, sent, tmp_path, db_url, capsys):
    f = tmp_path / "x.eml"
    f.write_bytes(dsn(sent[0].message_id, sent[0].recipient))
    other = tmp_path / "hello.eml"
    other.write_bytes(b"From: a@b.ch\nSubject: hello\n\njust a message\n")
    assert main(["--db", db_url, "send", "import-bounces", str(f), str(other), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bounced"] == 1 and out["documents"][0]["number"] == sent[0].number
    assert any("hello.eml" in u for u in out["unmatched"])
    assert main(["--db", db_url, "send", "import-bounces", str(tmp_path / "none")]) == 2


def _starts(reader: PdfReader, numbers: list[str]) -> dict[str, int]:
    """Page (1-based) on which each document number first appears."""
    out = {}
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        for n in numbers:
            if n not in out and n in text:
                out[n] = i
    return out


def test_print_batch_duplex_sorted_with_cover(factory, run_id, tmp_path):
    docs = load_outgoing(factory, resolve_bill_ids(factory, run_id=run_id))
    out = tmp_path / "batch" / "print.pdf"
    r = export_print_batch(factory, run_id, out, all_documents=True, workers=0)
    assert r.documents == len(docs) and r.total_pages % 2 == 0 and r.failed == []
    reader = PdfReader(str(out))
    assert len(reader.pages) == r.total_pages == r.pages + r.blank_pages + 2
    cover = reader.pages[0].extract_text()
    assert f"{len(docs)}" in cover and "Documents" in cover and "Sheets" in cover
    assert (reader.pages[1].extract_text() or "").strip() == ""   # back of the cover
    order = sorted(docs, key=sort_key)
    starts = _starts(reader, [d.number for d in order])
    assert all(p % 2 == 1 for p in starts.values())               # each on a front side
    assert [starts[d.number] for d in order] == sorted(starts.values())
    postcodes = [int(d.postcode) for d in order if d.country == "CH"]
    assert postcodes == sorted(postcodes)
    if subprocess.run(["which", "qpdf"], capture_output=True).returncode == 0:
        assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode \
            in (0, 3)


def test_print_batch_without_email_marks_printed(factory, run_id, tmp_path, smtp):
    send_documents(factory, run_id=run_id, render_workers=0)
    docs = load_outgoing(factory, resolve_bill_ids(factory, run_id=run_id))
    paper = [d for d in docs if not d.email]
    r = export_print_batch(factory, run_id, tmp_path / "p.pdf", workers=0)
    assert r.documents == len(paper)
    rows = {x.bill_id: x for x in delivery_rows(factory, run_id=run_id)}
    assert all(rows[d.bill_id].status == "printed" for d in paper)
    assert all(rows[d.bill_id].status == "sent" for d in docs if d.email)
    with factory() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "print.batch"))
    # undelivered e-mails can be added to the paper batch
    with factory() as s:
        m = s.scalars(select(DispatchMessage).where(DispatchMessage.status == "sent")).first()
        m.status = "bounced"
        s.commit()
    r2 = export_print_batch(factory, run_id, tmp_path / "p2.pdf", undelivered=True,
                            workers=0)
    assert r2.documents == len(paper) + 1
    with pytest.raises(InputError, match="FILE.pdf"):
        export_print_batch(factory, run_id, tmp_path / "p.txt")
