"""The issued documents to deliver, and *the PDF of an issued document*.

``issued_pdf(doc, folder, factory)`` is the one function dispatch (e-mail and the print
batch) takes a document's PDF from: the file the PDF export (billdesk.runs.export) wrote into
the ``pdf_folder`` setting, rendered by that same export — from the document's frozen content
(billdesk.runs.freeze) — when it is missing. A file found there is used only when its
embedded Factur-X XML names the same document (number, buyer account, issue date, amount and
currency), so a stale file of another database or an edited copy is never sent; it is
rendered again instead.

The addressee (name, address, language) and the issue and due dates of a document are those
frozen when it was issued, as its PDF prints them; only the e-mail address is the account's
current one (where the document is delivered to today).
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError
from billdesk.pdf.batch import invoice_file_name
from billdesk.store import settings
from billdesk.store.models import Account, Bill, BillRun

CHUNK = 2000


@dataclass(frozen=True)
class Outgoing:
    """One issued document and what its delivery needs (plain values)."""

    bill_id: int
    run_id: int
    number: str
    kind: str                 # invoice | credit_note
    status: str               # issued | cancelled
    account: str
    name: str
    email: str | None
    language: str
    street: str
    postcode: str
    city: str
    country: str
    currency: str
    total: Decimal
    period_start: date
    period_end: date
    issue_date: date
    due_date: date
    company_name: str = ""
    company_email: str = ""
    company_phone: str = ""

    @property
    def file_name(self) -> str:
        return invoice_file_name(self.number, self.name)


def _company(session) -> dict:
    data = settings.get(session, "company")
    if not data:
        raise InputError("no company profile for invoices: set it with 'billdesk settings set "
                         "company --file company.json' (or in Settings) first",
                         field="company")
    return data


def resolve_bill_ids(factory: sessionmaker, run_id: int | None = None,
                     bill_refs: list[str] | None = None) -> list[int]:
    """The issued documents of a run (``--run``) or the given ids/numbers (``--bill``)."""
    with factory() as s:
        if run_id is not None:
            if s.get(BillRun, run_id) is None:
                raise InputError(f"no bill run {run_id}", field="--run")
            ids = list(s.scalars(select(Bill.id).where(Bill.run_id == run_id,
                                                       Bill.number.is_not(None))
                                 .order_by(Bill.id)))
            if not ids:
                raise InputError(f"run {run_id} has no issued documents; finalize it first",
                                 field="--run")
            return ids
        ids = []
        for ref in bill_refs or []:
            text = str(ref).strip()
            bill = s.get(Bill, int(text)) if text.isdigit() else None
            bill = bill or s.scalar(select(Bill).where(Bill.number == text))
            if bill is None:
                raise InputError(f"no bill with id or number {text!r}", field="--bill")
            if bill.number is None:
                raise InputError(f"bill {text} is a draft without a number; finalize its run "
                                 "first", field="--bill")
            if bill.id not in ids:
                ids.append(bill.id)
        if not ids:
            raise InputError("give --run ID or --bill ID|NUMBER", field="--run")
        return ids


def _frozen(content: str | None) -> dict | None:
    """Addressee, language and dates of a frozen document, None for a document without."""
    if not content:
        return None
    try:
        d = json.loads(content)["document"]
        a = d["account"]["address"]
        return {"name": a["name"], "street": a["street"], "postcode": a["postcode"],
                "city": a["city"], "country": a["country"], "language": d["language"],
                "issue_date": date.fromisoformat(d["issue_date"]),
                "due_date": date.fromisoformat(d["due_date"])}
    except (ValueError, KeyError, TypeError):
        return None


def load_outgoing(factory: sessionmaker, bill_ids: list[int]) -> list[Outgoing]:
    """The documents ``bill_ids`` with their frozen addressee, language and dates and the
    account's current e-mail, in the order given (a document issued without frozen content
    takes the account's address and due date = issue date in the utility time zone + the
    company's payment days)."""
    out: dict[int, Outgoing] = {}
    with factory() as s:
        company = _company(s)
        tz = settings.utility_zone(s)
        days = int(company.get("payment_days", 30) or 0)
        for k in range(0, len(bill_ids), CHUNK):
            chunk = bill_ids[k:k + CHUNK]
            rows = s.execute(
                select(Bill.id, Bill.run_id, Bill.number, Bill.kind, Bill.status, Bill.currency,
                       Bill.total, Bill.period_start, Bill.period_end, Bill.issued_at,
                       Bill.content, Account.code, Account.name, Account.email,
                       Account.language, Account.street, Account.postcode, Account.city,
                       Account.country)
                .join(Account, Account.id == Bill.account_id).where(Bill.id.in_(chunk)))
            for r in rows:
                issued = r.issued_at.astimezone(tz).date() if r.issued_at else date.today()
                f = _frozen(r.content) or {
                    "name": r.name, "street": r.street or "", "postcode": r.postcode or "",
                    "city": r.city or "", "country": r.country or "CH",
                    "language": r.language or "de", "issue_date": issued,
                    "due_date": issued + timedelta(days=days)}
                email = (r.email or "").strip() or None
                out[r.id] = Outgoing(
                    bill_id=r.id, run_id=r.run_id, number=r.number, kind=r.kind,
                    status=r.status, account=r.code, name=f["name"], email=email,
                    language=f["language"] or "de", street=f["street"],
                    postcode=f["postcode"], city=f["city"], country=f["country"] or "CH",
                    currency=r.currency, total=r.total, period_start=r.period_start,
                    period_end=r.period_end, issue_date=f["issue_date"],
                    due_date=f["due_date"],
                    company_name=company.get("name", ""),
                    company_email=company.get("email", "") or "",
                    company_phone=company.get("phone", "") or "")
    return [out[i] for i in bill_ids if i in out]


def pdf_folder(factory: sessionmaker) -> Path:
    from billdesk.store.settings_catalog import pdf_folder as folder

    with factory() as s:
        return Path(folder(s))


# ---------------------------------------------------------------------------- identity
_EMBEDDED = re.compile(rb"<<(?:(?!>>\s*stream).)*?/Type\s*/EmbeddedFile\b(?:(?!stream).)*?"
                       rb">>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")


def _embedded_xml(data: bytes) -> bytes | None:
    """The Factur-X XML of a billdesk PDF: the embedded file stream, read straight from the
    bytes (~0.1 ms); ``factur-x``'s full parser (~2 ms) when that fails."""
    m = _EMBEDDED.search(data)
    if m:
        length = _LENGTH.search(m.group(0))
        if length:
            raw = data[m.end():m.end() + int(length.group(1))]
            try:
                return zlib.decompress(raw) if b"/FlateDecode" in m.group(0) else raw
            except zlib.error:
                pass
    try:
        from facturx import get_xml_from_pdf

        _name, xml = get_xml_from_pdf(data, check_xsd=False)
        return xml or None
    except Exception:  # noqa: BLE001 - not a PDF, or no XML: not our document
        return None


def _tag(xml: bytes, path: bytes) -> bytes | None:
    m = re.search(path, xml, re.S)
    return m.group(1).strip() if m else None


def pdf_matches(data: bytes, doc: Outgoing) -> bool:
    """Whether ``data`` is the PDF of ``doc`` (its Factur-X XML names the same number, buyer
    account, issue date, amount and currency)."""
    if not data.startswith(b"%PDF-"):
        return False
    xml = _embedded_xml(data)
    if not xml:
        return False
    from xml.sax.saxutils import unescape

    def text(pattern: bytes) -> str | None:
        v = _tag(xml, pattern)
        return None if v is None else unescape(v.decode("utf-8", "replace"))

    number = text(rb"<rsm:ExchangedDocument>\s*<ram:ID>(.*?)</ram:ID>")
    buyer = text(rb"<ram:BuyerTradeParty>\s*<ram:ID>(.*?)</ram:ID>")
    issued = text(rb"<ram:IssueDateTime>\s*<udt:DateTimeString[^>]*>(.*?)</udt:DateTimeString>")
    due = text(rb"<ram:DuePayableAmount[^>]*>(.*?)</ram:DuePayableAmount>")
    currency = text(rb"<ram:InvoiceCurrencyCode>(.*?)</ram:InvoiceCurrencyCode>")
    try:
        amount_ok = due is not None and abs(Decimal(due)) == abs(doc.total)
    except InvalidOperation:
        amount_ok = False
    return (number == doc.number and buyer == doc.account and currency == doc.currency
            and issued == doc.issue_date.strftime("%Y%m%d") and amount_ok)


# ---------------------------------------------------------------------------- the PDF
def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def missing_pdfs(docs: list[Outgoing], folder: Path, verify: bool = True) -> list[Outgoing]:
    """The documents whose PDF is not (or, with ``verify``, not correctly) in ``folder``."""
    if not verify:
        return [d for d in docs if not (folder / d.file_name).is_file()]
    out = []
    for d in docs:
        data = _read(folder / d.file_name)
        if data is None or not pdf_matches(data, d):
            out.append(d)
    return out


def render_pdfs(factory: sessionmaker, docs: list[Outgoing], folder: Path, *,
                workers: int | None = None, progress=None, cancelled=None) -> dict[int, str]:
    """Render ``docs`` into ``folder`` with the PDF export (worker processes); the errors
    per bill id."""
    if not docs:
        return {}
    from billdesk.runs.export import export_pdfs

    report = export_pdfs(factory, folder, bill_refs=[str(d.bill_id) for d in docs],
                         workers=workers if workers is not None else
                         (0 if len(docs) < 8 else None),
                         progress=progress, cancelled=cancelled)
    by_number = {d.number: d.bill_id for d in docs}
    return {by_number[f.number]: f.error for f in report.failed if f.number in by_number}


def ensure_pdfs(factory: sessionmaker, docs: list[Outgoing], folder: Path, *,
                workers: int | None = None, progress=None, cancelled=None,
                verify: bool = True) -> dict[int, str]:
    """Make sure every document's PDF is in ``folder`` (render what is missing); returns the
    bill ids that could not be rendered, with the reason. ``verify=False`` renders only
    missing files (the caller checks each file's content when it reads it: ``issued_pdf``)."""
    todo = missing_pdfs(docs, folder, verify)
    errors = render_pdfs(factory, todo, folder, workers=workers, progress=progress,
                         cancelled=cancelled)
    if cancelled and cancelled():
        return errors
    for d in missing_pdfs([d for d in todo if d.bill_id not in errors], folder):
        errors[d.bill_id] = "the rendered PDF is missing or does not match the document"
    return errors


def issued_pdf(doc: Outgoing, folder: Path, factory: sessionmaker | None = None) -> bytes:
    """The PDF of the issued document ``doc``: the exported file when it is this document's,
    else rendered now (needs ``factory``). Raises ``RuntimeError`` when it cannot be had."""
    data = _read(folder / doc.file_name)
    if data is not None and pdf_matches(data, doc):
        return data
    if factory is None:
        raise RuntimeError(f"no PDF of {doc.number} in {folder}")
    errors = render_pdfs(factory, [doc], folder, workers=0)
    if doc.bill_id in errors:
        raise RuntimeError(f"cannot render {doc.number}: {errors[doc.bill_id]}")
    data = _read(folder / doc.file_name)
    if data is None or not pdf_matches(data, doc):
        raise RuntimeError(f"the rendered PDF of {doc.number} does not match the document")
    return data
