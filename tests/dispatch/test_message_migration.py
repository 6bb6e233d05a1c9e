"""The message format (parsed back with ``email``), templates in every language, and the
0004 migration on a database with data."""

from __future__ import annotations

import email
from datetime import date
from decimal import Decimal
from email import policy

import pytest
from sqlalchemy import inspect, select

from billdesk.dispatch.documents import Outgoing
from billdesk.dispatch.message import AddressError, Outline, build, envelope_address
from billdesk.dispatch.templates import render
from billdesk.dispatch.transport import server_queue_id
from billdesk.store.mail_templates import DEFAULTS, LANGUAGES

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 300 + b"\n.\r\n..\n%%EOF\n"


def outline(**kw) -> Outline:
    base = dict(sender="Elektrizitätswerk Seeland AG <rechnung@ew-seeland.ch>",
                recipient_name='Müller, Käthi "K."', recipient="kaethi@example.ch",
                reply_to="Kundendienst <kundendienst@ew-seeland.ch>",
                subject="Ihre Rechnung INV-2026-000001 für Oktober 2025 – CHF 1’234.50",
                body="Guten Tag\n.\n..Punkt\nGrüsse\n", message_id="<a.b@ew-seeland.ch>",
                language="fr", number="INV-2026-000001", attachment_name="INV-2026-000001.pdf")
    base.update(kw)
    return Outline(**base)


def test_message_parses_back_exactly():
    raw = build(outline(), PDF)
    assert b"\n" not in raw.replace(b"\r\n", b"")          # CRLF only
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert raw.isascii()
    m = email.message_from_bytes(raw, policy=policy.default)
    assert all(not p.defects for p in m.walk())
    assert m["To"].addresses[0].display_name == 'Müller, Käthi "K."'
    assert m["From"].addresses[0].display_name == "Elektrizitätswerk Seeland AG"
    assert m["Subject"] == "Ihre Rechnung INV-2026-000001 für Oktober 2025 – CHF 1’234.50"
    assert m["Content-Language"] == "fr-CH" and m["Auto-Submitted"] == "auto-generated"
    text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == "Guten Tag\n.\n..Punkt\nGrüsse\n"
    (att,) = m.iter_attachments()
    assert att.get_content() == PDF and att.get_filename() == "INV-2026-000001.pdf"


def test_no_header_injection_and_bad_addresses():
    raw = build(outline(subject="Rechnung\r\nBcc: everyone@example.org",
                        recipient_name="X\nBcc: a@b.ch"), PDF)
    m = email.message_from_bytes(raw, policy=policy.default)
    assert m["Bcc"] is None and "Bcc: everyone" in m["Subject"]
    with pytest.raises(AddressError):
        build(outline(recipient="no-at-sign"), PDF)
    with pytest.raises(AddressError):
        build(outline(recipient="a@b.ch>, evil@x.org"), PDF)
    assert envelope_address("max@bücher.ch") == ("max@xn--bcher-kva.ch", False)
    assert envelope_address("jörg@example.ch")[1] is True      # needs SMTPUTF8


def test_server_queue_ids():
    assert server_queue_id("2.0.0 Ok: queued as 4Fx9Zq3yTz") == "4Fx9Zq3yTz"
    assert server_queue_id("OK id=1vGhJk-0004Xy-2b") == "1vGhJk-0004Xy-2b"
    assert server_queue_id("2.6.0 <x@y.local> [InternalId=1] Queued mail") == "x@y.local"
    assert server_queue_id("Ok") is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["invoice", "credit_note"])
def test_default_templates_render_in_every_language(language, kind):
    doc = Outgoing(bill_id=1, run_id=1, number="INV-2026-000042", kind=kind, status="issued",
                   account="A000042", name="Chiara Rossi", email="c@example.ch",
                   language=language, street="", postcode="6900", city="Lugano",
                   country="CH", currency="CHF", total=Decimal("-1234.50") if kind ==
                   "credit_note" else Decimal("1234.50"),
                   period_start=date(2025, 10, 1), period_end=date(2025, 11, 1),
                   issue_date=date(2026, 12, 1), due_date=date(2026, 12, 31),
                   company_name="EW Seeland AG", company_email="info@ew.ch",
                   company_phone="+41 32 555 12 34")
    tpl = {lang: DEFAULTS[lang] for lang in LANGUAGES}
    subject, body = render(tpl, doc)
    month = {"de": "Oktober 2025", "fr": "octobre 2025", "it": "ottobre 2025",
             "en": "October 2025"}[language]
    assert "INV-2026-000042" in subject and month in subject
    amount = "1 234,50 CHF" if language == "fr" else "CHF 1’234.50"
    assert amount in body.replace("\u202f", " ").replace("\xa0", " ")   # Babel: no-break
    assert "Chiara Rossi" in body and "EW Seeland AG" in body and "{" not in body
    if kind == "invoice":
        assert {"de": "31. Dezember 2026", "fr": "31 décembre 2026", "it": "31 dicembre 2026",
                "en": "31 December 2026"}[language] in body


def test_migration_0004_upgrades_a_database_with_data_and_downgrades(db_url):
    from alembic import command

    from billdesk.runs import create_run, finalize_run, start_run
    from billdesk.store import db
    from billdesk.store.demo_writer import write_demo
    from billdesk.store.models import Bill

    engine = db.make_engine(db_url)
    db.upgrade(engine, "0001")
    assert "dispatch_messages" not in inspect(engine).get_table_names()
    cfg = db.alembic_config(engine)
    command.upgrade(cfg, "head")
    f = db.session_factory(engine)
    with db.transaction(f) as s:
        from billdesk.store import settings
        settings.put(s, "timezone", "Europe/Zurich")
    write_demo(f, accounts=10, months=1, seed=1, end="2025-11")
    run = create_run(f, "2025-10", "all", today=None)
    start_run(f, run.id)
    finalize_run(f, run.id)
    from billdesk.store.dispatch_models import DispatchMessage

    with db.transaction(f) as s:
        bill = s.scalars(select(Bill).where(Bill.number.is_not(None))).first()
        s.add(DispatchMessage(bill_id=bill.id, run_id=bill.run_id, channel="email",
                              status="sent", open_bill_id=None, recipient="a@b.ch",
                              language="de", message_id="<x@y>", actor="t"))
    with f() as s:
        assert s.scalar(select(DispatchMessage.status)) == "sent"
    command.downgrade(cfg, "0001")
    assert "dispatch_messages" not in inspect(engine).get_table_names()
    with f() as s:
        assert len(s.scalars(select(Bill.id)).all()) >= 8        # the data is still there
    command.upgrade(cfg, "head")
    assert "dispatch_messages" in inspect(engine).get_table_names()
    engine.dispose()
