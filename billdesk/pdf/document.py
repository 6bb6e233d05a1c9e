"""Plain inputs of the invoice renderer and its public entry points.

Everything here is a frozen, picklable dataclass so documents can be sent to worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from billdesk.domain.account import AccountInfo
from billdesk.domain.bill import BillDraft, BillKind


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
    # the legal registration identifier (EN 16931 BT-30), e.g. the Swiss UID "CHE-123.456.789",
    # and its scheme (ISO 6523 ICD, e.g. "0183" for the Swiss UID; "" when none applies)
    registration_id: str = ""
    registration_scheme: str = ""

    @property
    def outside_vat(self) -> bool:
        """A seller not registered for VAT, identified by its registration id: its documents
        are not subject to VAT (EN 16931 VAT category O, no VAT charged). Without either
        number a document has no seller identifier (finalize refuses it; documents issued
        before registration_id existed render as they were issued)."""
        return not self.vat_number.strip() and bool(self.registration_id.strip())


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
    # the lines' labels in the customer's language, as printed (fixed at issue); empty: the
    # labels the bill's lines store (lines keep them, so the database and the frozen
    # document stay comparable line by line)
    line_labels: tuple[str, ...] = ()

    def printed(self) -> "InvoiceDocument":
        """The document with its lines labelled as printed (``line_labels``)."""
        if not self.line_labels or len(self.line_labels) != len(self.bill.lines):
            return self
        lines = tuple(replace(ln, label=lab)
                      for ln, lab in zip(self.bill.lines, self.line_labels))
        return replace(self, bill=replace(self.bill, lines=lines), line_labels=())
