"""Invoice documents for the PDF export, built from the database on a worker thread.

Uses the PDF package's own database reader when it offers one (``billdesk.pdf.documents_for``);
until then the documents are assembled here from ``BillInfo`` values and the company profile
stored under the settings key ``company``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from billdesk.domain.account import AccountInfo, Address
from billdesk.domain.bill import BillDraft, BillKind, BillLine, VatAmount


def company_profile(session):
    from billdesk.pdf.document import CompanyProfile
    from billdesk.store import settings

    c = dict(settings.get(session, "company", {}) or {})
    return CompanyProfile(name=c.get("name") or "billdesk", street=c.get("street", ""),
                          postcode=c.get("postcode", ""), city=c.get("city", ""),
                          country=c.get("country") or "CH", vat_number=c.get("vat_number", ""),
                          iban=c.get("iban", ""), email=c.get("email", ""),
                          phone=c.get("phone", ""), website=c.get("website", ""),
                          logo_path=c.get("logo_path") or None)


def _draft(b) -> BillDraft:
    lines = tuple(BillLine(ln.component, ln.label, ln.quantity, ln.unit, ln.unit_price,
                           ln.net_amount, ln.vat_rate, ln.period_start, ln.period_end,
                           ln.detail) for ln in b.lines)
    basis: dict[Decimal, Decimal] = defaultdict(Decimal)
    for ln in lines:
        basis[ln.vat_rate] += ln.net_amount
    vat = tuple(VatAmount(r, n, (n * r / 100).quantize(Decimal("0.01")))
                for r, n in sorted(basis.items()))
    return BillDraft(b.account, b.period_start, b.period_end, b.currency, lines, b.net_total,
                     vat, b.vat_total, b.total, b.rounding, b.quality, b.fingerprint,
                     b.consumption_kwh)


def documents(factory, run_id: int | None = None, bill_ids=None):
    """InvoiceDocuments of the issued bills of a run (or of ``bill_ids``); a list."""
    import billdesk.pdf as pdfpkg
    from billdesk.pdf.document import InvoiceDocument
    from billdesk.runs import get_bill, list_bills
    from billdesk.store.models import Account, MeteringPoint

    builder = getattr(pdfpkg, "documents_for", None)
    if builder is not None:  # the PDF package's own reader, once it exists
        return list(builder(factory, run_id=run_id, bill_ids=bill_ids))
    if bill_ids is not None:
        bills = [get_bill(factory, i) for i in bill_ids]
    else:
        bills = list_bills(factory, run_id=run_id, status="issued")
    bills = [b for b in bills if b.number]
    if not bills:
        return []
    with factory() as s:
        company = company_profile(s)
        codes = {b.account for b in bills}
        accounts = {}
        for a, mp in s.execute(select(Account, MeteringPoint.code)
                               .outerjoin(MeteringPoint,
                                          MeteringPoint.id == Account.consumption_point_id)
                               .where(Account.code.in_(codes))):
            accounts[a.code] = AccountInfo(
                a.code, Address(a.name, a.street, a.postcode, a.city, a.country), a.language,
                a.email, (), a.tariff_code or "", a.supply_start, a.supply_end, mp or "")
        numbers = {}
        corrected = {b.corrects for b in bills if b.corrects}
        if corrected:
            from billdesk.store.models import Bill

            numbers = dict(s.execute(select(Bill.id, Bill.number)
                                     .where(Bill.id.in_(corrected))).all())
    out = []
    for b in bills:
        acc = accounts[b.account]
        issue = (b.issued_at.date() if b.issued_at else date.today())
        out.append(InvoiceDocument(
            bill=_draft(b), number=b.number, kind=BillKind(b.kind), issue_date=issue,
            due_date=issue + timedelta(days=company.payment_days), account=acc,
            metering_point=acc.consumption_point,
            language=acc.language if acc.language in ("de", "fr", "it", "en") else "de",
            company=company, corrects_number=numbers.get(b.corrects)))
    return out


def export(docs, out_dir: Path, workers=None, progress=None, cancelled=None):
    from billdesk.pdf.document import export_many

    return export_many(docs, out_dir, workers=workers, progress=progress, cancelled=cancelled,
                       total=len(docs))
