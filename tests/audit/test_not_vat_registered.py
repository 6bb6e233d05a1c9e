"""A seller not registered for VAT (no VAT number in the company profile): its documents are
issued as not subject to VAT (EN 16931 category O) with its legal registration identifier
(BT-30, e.g. the Swiss UID), and a bill that charges VAT is refused at finalize, naming the
account and bill. The e-invoice check accepts such documents and refuses broken ones."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

import builders
from billdesk.cli import main
from billdesk.demo.company import DEMO_COMPANY
from billdesk.domain.errors import InputError
from billdesk.engine.money import vat_per_rate
from billdesk.pdf.einvoice_refusal import InvalidEInvoice, document_problems
from billdesk.pdf.facturx_check import problems
from billdesk.pdf.facturx_xml import build_xml
from billdesk.pdf.sample import demo_company, demo_document
from billdesk.runs import create_run, finalize_run, start_run
from billdesk.runs.export import issued_documents
from billdesk.store import settings
from billdesk.store.company import validate_company
from billdesk.store.db import transaction
from billdesk.store.models import TariffVersionRow
from tests.audit.test_finalize_einvoice import _state

UID = "CHE-116.281.710"
UNREGISTERED = {**{k: v for k, v in DEMO_COMPANY.items() if k != "vat_number"},
                "registration_id": "che116281710"}


def _zero_vat_tariffs(factory) -> None:
    with transaction(factory) as s:
        for tv in s.query(TariffVersionRow).all():
            d = json.loads(json.dumps(tv.definition))
            for c in d["components"]:
                c["vat_rate"] = "0"
            tv.definition = d


def _billed(factory, zero_vat: bool) -> int:
    builders.build(factory, 6, prosumer_every=3)
    if zero_vat:
        _zero_vat_tariffs(factory)
    with transaction(factory) as s:
        settings.put(s, "company", validate_company(UNREGISTERED).company)
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    return run.id


def test_documents_are_issued_not_subject_to_vat_with_the_uid(factory, tmp_path):
    run_id = _billed(factory, zero_vat=True)
    assert finalize_run(factory, run_id, today=date(2025, 4, 2)).issued == 6
    from facturx import xml_check_xsd

    with factory() as s:
        ids = [r[0] for r in s.execute(text("SELECT id FROM bills WHERE number IS NOT NULL"))]
    docs = list(issued_documents(factory, ids))
    assert len(docs) == 6
    for doc in docs:
        assert doc.company.outside_vat and doc.company.registration_id == UID
        xml = build_xml(doc.printed(), None)
        assert problems(xml) == [] and xml_check_xsd(xml, flavor="factur-x", level="en16931")
        assert set(re.findall(rb"<ram:CategoryCode>(\w+)</ram:CategoryCode>", xml)) == {b"O"}
        assert b"RateApplicablePercent" not in xml and b'schemeID="VA"' not in xml
        assert b'<ram:ID schemeID="0183">CHE-116.281.710</ram:ID>' in xml
        assert xml.count(b"<ram:ExemptionReasonCode>VATEX-EU-O<") == 1
        assert doc.bill.vat_total == 0
    # the PDF prints the UID and "not subject to VAT"; its embedded XML is the one checked
    from facturx import get_xml_from_pdf
    from pypdf import PdfReader

    from billdesk.pdf import render_invoice

    pdf = render_invoice(docs[0])
    (tmp_path / "o.pdf").write_bytes(pdf)
    page = PdfReader(str(tmp_path / "o.pdf")).pages[0].extract_text()
    assert f"UID {UID}" in page and "Nicht mehrwertsteuerpflichtig" in page
    assert "MWST-Nr." not in page
    _name, embedded = get_xml_from_pdf(pdf, check_xsd=True)
    assert problems(embedded) == []


def test_a_bill_that_charges_vat_is_refused_naming_account_and_bill(factory):
    run_id = _billed(factory, zero_vat=False)          # tariffs at 8.1 %
    with factory() as s:
        ids = dict(s.execute(text("SELECT a.code, b.id FROM bills b JOIN accounts a ON "
                                  "a.id = b.account_id")).all())
    before = _state(factory, run_id)
    with pytest.raises(InvalidEInvoice) as err:
        finalize_run(factory, run_id)
    msg = str(err.value)
    assert f"account A00001 (bill {ids['A00001']})" in msg
    assert "no VAT number (not registered for VAT) but the bill charges VAT (8.1% of tariff" \
        in msg and "vat_rate" in msg
    assert "BR-O-12" not in msg and "BR-S-02" not in msg       # said once, as the VAT
    assert err.value.field == "tariff" and "bill the accounts again" in msg
    assert _state(factory, run_id) == before


def test_cli_finalize_refuses_vat_and_settings_check_the_uid(factory, capsys, tmp_path):
    run_id = _billed(factory, zero_vat=False)
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    assert main(["--db", url, "run", "finalize", str(run_id)]) == 2
    assert "charges VAT" in capsys.readouterr().err
    bad = tmp_path / "c.json"
    bad.write_text(json.dumps({**UNREGISTERED, "registration_id": "CHE-123.456.789"}))
    assert main(["--db", url, "settings", "set", "company", "--file", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "company.registration_id" in err and "not a valid Swiss UID" in err
    good = tmp_path / "g.json"
    good.write_text(json.dumps({**UNREGISTERED, "registration_id": "CHE-116.281.710"}))
    assert main(["--db", url, "settings", "set", "company", "--file", str(good)]) == 0
    assert "not subject to VAT" in capsys.readouterr().err        # the warning
    assert main(["--db", url, "settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["company"]
    assert (shown["registration_id"], shown["registration_scheme"]) == (UID, "0183")


@pytest.mark.parametrize("extra, field, words", [
    ({"registration_id": "CHE-123.456.789"}, "registration_id", "not a valid Swiss UID"),
    ({"registration_id": UID, "registration_scheme": "0088"}, "registration_scheme", "0183"),
    ({"registration_id": "HRB 12345", "registration_scheme": "9999", "country": "DE",
      "iban": ""}, "registration_scheme", "ISO 6523 ICD"),
    ({"registration_id": "", "registration_scheme": "0183"}, "registration_scheme",
     "needs the registration_id"),
    ({"registration_id": "A\nB"}, "registration_id", "one line")])
def test_company_registration_id_is_validated(extra, field, words):
    with pytest.raises(InputError) as err:
        validate_company({**UNREGISTERED, **extra})
    assert err.value.field == f"company.{field}" and words in str(err.value)


def test_company_registration_id_forms_and_warnings():
    c = validate_company(UNREGISTERED)
    assert (c.company["registration_id"], c.company["registration_scheme"]) == (UID, "0183")
    assert any("not subject to VAT" in w for w in c.warnings)
    other = validate_company({**UNREGISTERED, "country": "DE", "iban": "",
                              "registration_id": "HRB 12345"})
    assert (other.company["registration_id"], other.company["registration_scheme"]) == \
        ("HRB 12345", "")
    siren = validate_company({**UNREGISTERED, "country": "FR", "iban": "",
                              "registration_id": "732829320", "registration_scheme": "0002"})
    assert siren.company["registration_scheme"] == "0002"
    none = validate_company({k: v for k, v in UNREGISTERED.items() if k != "registration_id"})
    assert any("BR-CO-26" in w and "registration_id" in w for w in none.warnings)
    registered = validate_company({**DEMO_COMPANY, "registration_id": UID})
    assert registered.company["vat_number"] and registered.company["registration_id"] == UID


# ------------------------------------------------------------------ the check itself
def _outside_doc(**company):
    doc = demo_document(company=demo_company(logo=False))
    lines = tuple(replace(ln, vat_rate=Decimal(0)) for ln in doc.bill.lines)
    net = sum((ln.net_amount for ln in lines), Decimal(0))
    bill = replace(doc.bill, lines=lines, vat=vat_per_rate(lines, 2), vat_total=Decimal(0),
                   total=net + doc.bill.rounding)
    co = replace(doc.company, **{"vat_number": "", "registration_id": UID,
                                 "registration_scheme": "0183", **company})
    return replace(doc, bill=bill, company=co)


def test_a_registered_seller_also_carries_its_registration_id():
    doc = demo_document(company=demo_company(logo=False))
    doc = replace(doc, company=replace(doc.company, registration_id=UID,
                                       registration_scheme="0183"))
    xml = build_xml(doc.printed(), None)
    assert problems(xml) == [] and b"<ram:CategoryCode>S<" in xml
    assert b'schemeID="0183"' in xml and b'schemeID="VA"' in xml


def test_without_registration_id_the_document_is_built_as_before():
    """Documents issued before registration_id existed (no VAT number either) render as they
    were issued — categories S/Z/E, no seller identifier — and the check refuses them."""
    doc = _outside_doc(registration_id="", registration_scheme="")
    assert not doc.company.outside_vat
    xml = build_xml(doc.printed(), None)
    assert b"<ram:CategoryCode>O<" not in xml
    got = problems(xml)
    assert any("BR-CO-26" in p for p in got) and any("-02:" in p for p in got)


def _tamper(xml: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    assert old in xml, old
    return xml.replace(old, new, count)


O_TAX = b"<ram:CategoryCode>O</ram:CategoryCode>"


def _after_last(xml: bytes, anchor: bytes, new: bytes) -> bytes:
    k = xml.rindex(anchor) + len(anchor)
    return xml[:k] + new + xml[k:]


@pytest.mark.parametrize("change, rule", [
    # a rate on an O line
    (lambda x: _tamper(x, O_TAX + b"</ram:ApplicableTradeTax>", O_TAX +
                       b"<ram:RateApplicablePercent>0</ram:RateApplicablePercent>"
                       b"</ram:ApplicableTradeTax>"), "BR-O-05"),
    # the seller's VAT identifier / the buyer's VAT identifier
    (lambda x: _tamper(x, b"</ram:SellerTradeParty>",
                       b"<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">CHE-116.281.710 "
                       b"MWST</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>"),
     "BR-O-02"),
    (lambda x: _tamper(x, b"</ram:BuyerTradeParty>",
                       b"<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">DE123456789"
                       b"</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty>"),
     "BR-O-02"),
    # tax in the O breakdown; its reason removed; a VATEX code that does not exist
    (lambda x: _tamper(x, b"<ram:CalculatedAmount>0.00</ram:CalculatedAmount>",
                       b"<ram:CalculatedAmount>1.00</ram:CalculatedAmount>"), "BR-O-09"),
    (lambda x: _tamper(_tamper(x, b"<ram:ExemptionReason>Not subject to VAT</ram:ExemptionReason>",
                               b""),
                       b"<ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>", b""),
     "BR-O-10"),
    (lambda x: _tamper(x, b"VATEX-EU-O", b"VATEX-EU-Q"), "BR-CL-22"),
    # a registration scheme outside the ICD list
    (lambda x: _tamper(x, b'schemeID="0183"', b'schemeID="9999"'), "BR-CL-11"),
    # one line at S 8.1 % beside the O lines, with its own breakdown
    (lambda x: _tamper(x, O_TAX + b"</ram:ApplicableTradeTax>",
                       b"<ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>8.1"
                       b"</ram:RateApplicablePercent></ram:ApplicableTradeTax>"), "BR-O-12"),
    # a second O breakdown, after the first
    (lambda x: _after_last(x, b"</ram:ApplicableTradeTax>",
                           b"<ram:ApplicableTradeTax><ram:CalculatedAmount>0.00"
                           b"</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>"
                           b"<ram:ExemptionReason>Not subject to VAT</ram:ExemptionReason>"
                           b"<ram:BasisAmount>0.00</ram:BasisAmount>" + O_TAX
                           + b"</ram:ApplicableTradeTax>"), "BR-O-01"),
])
def test_broken_documents_not_subject_to_vat_are_refused(change, rule):
    xml = build_xml(_outside_doc().printed(), None)
    assert problems(xml) == []
    got = problems(change(xml))
    assert any(p.startswith(rule) for p in got), got


def test_an_o_breakdown_beside_another_category_is_refused():
    """BR-O-11 and BR-O-12: a seller's document with category O and a zero-rated group."""
    doc = _outside_doc()
    lines = list(doc.bill.lines)
    lines[0] = replace(lines[0], component="feed_in")
    xml = build_xml(replace(doc, bill=replace(doc.bill, lines=tuple(lines))).printed(), None)
    # as built, a feed-in line of a seller outside VAT is category O too
    assert problems(xml) == []
    bad = _tamper(xml, O_TAX + b"</ram:ApplicableTradeTax>",
                  b"<ram:CategoryCode>Z</ram:CategoryCode><ram:RateApplicablePercent>0"
                  b"</ram:RateApplicablePercent></ram:ApplicableTradeTax>")
    got = problems(bad)
    assert any(p.startswith("BR-O-12") for p in got), got
    assert any(p.startswith(("BR-CO-18", "BR-Z-")) for p in got), got


def test_vat_charged_is_one_problem_and_no_vat_number_is_needed_otherwise():
    doc = demo_document(company=demo_company(logo=False))        # 8.1 % lines
    charged = replace(doc, company=replace(doc.company, vat_number="", registration_id=UID))
    got = document_problems(charged.printed())
    assert len(got) == 1 and "charges VAT (8.1%" in got[0]
    assert document_problems(doc.printed()) == []                # registered: fine
    assert document_problems(_outside_doc().printed()) == []
