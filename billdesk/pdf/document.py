"""Plain inputs of the invoice renderer and its public entry points.

Everything here is a frozen, picklable dataclass so documents can be sent to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Iterable

from billdesk.domain.account import AccountInfo
from billdesk.domain.bill import BillDraft, BillKind

if TYPE_CHECKING:  # pragma: no cover
    from billdesk.pdf.batch import ExportReport


@dataclass(frozen=True)
class CompanyProfile:
    """The utility that issues the invoices."""

    name: str
    street: str
    postcode: str
    city: str
    country: str = "CH"
    vat_number: str = ""          # e.g. "CHE-123.456.789 MWST"
    iban: str = ""                # QR-IBAN (-> QR reference) or IBAN (-> RF creditor reference)
    email: str = ""
    phone: str = ""
    website: str = ""
    logo_path: str | None = None  # PNG or JPEG; None: no logo
    payment_days: int = 30
    qr_reference_prefix: str = ""  # digits put before the invoice number in a QR reference


@dataclass(frozen=True)
class InvoiceDocument:
    """One invoice or credit note, everything the renderer needs."""

    bill: BillDraft
    number: str
    kind: BillKind
    issue_date: date
    due_date: date
    account: AccountInfo
    metering_point: str
    language: str                 # de | fr | it | en
    company: CompanyProfile
    corrects_number: str | None = None  # credit notes / replacement invoices: the corrected bill
    daily_kwh: tuple[tuple[date, Decimal], ...] = ()  # consumption chart, one value per day


def render_invoice(doc: InvoiceDocument, *, check_xsd: bool = False) -> bytes:
    """The finished PDF (PDF/A-3 style, Factur-X EN 16931 XML embedded) as bytes.

    The generated XML is always checked (well-formed, valid against the Factur-X EN 16931
    XSD): ``facturx_xml.InvalidXml`` instead of a document with a broken e-invoice.
    ``check_xsd`` is kept for compatibility (the check is no longer optional).
    """
    from billdesk.pdf.render import render_invoice as _render

    return _render(doc, check_xsd=check_xsd)


def export_many(docs: "Iterable[InvoiceDocument] | Callable[[], Iterable[InvoiceDocument]]",
                out_dir, workers: int | None = None,
                progress: Callable[[int, int, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                **kwargs) -> "ExportReport":
    """Render many documents to ``out_dir`` in worker processes; see billdesk.pdf.batch."""
    from billdesk.pdf.batch import export_many as _export

    return _export(docs, out_dir, workers=workers, progress=progress, cancelled=cancelled,
                   **kwargs)
