"""Bills and their lines as plain values (drafts from the engine, issued bills from the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from billdesk.domain.quality import QualityCounts


class BillKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    SELF_BILLING = "self_billing"   # a producer's credit note for its community energy


class BillStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class BillLine:
    component: str          # ComponentType value, or 'rounding'
    label: str
    quantity: Decimal
    unit: str               # kWh, kW, month, day
    unit_price: Decimal
    net_amount: Decimal     # rounded to the currency's minor unit
    vat_rate: Decimal       # percent
    period_start: date | None = None  # set when a tariff change splits the line
    period_end: date | None = None    # exclusive
    detail: str | None = None         # e.g. tou period name, month of a power peak


@dataclass(frozen=True)
class VatAmount:
    rate: Decimal
    net: Decimal
    vat: Decimal
    credit: bool = False    # the VAT on feed-in credits, kept apart from the supply's


@dataclass(frozen=True)
class BillDraft:
    """What the engine produces for one account and period."""

    account: str
    period_start: date
    period_end: date
    currency: str
    lines: tuple[BillLine, ...]
    net_total: Decimal
    vat: tuple[VatAmount, ...]
    vat_total: Decimal
    total: Decimal                 # net_total + vat_total (+ payable rounding, if any)
    rounding: Decimal = Decimal(0)  # payable rounding to 0.05 (CHF), included in total
    quality: QualityCounts = field(default_factory=QualityCounts)
    fingerprint: str = ""
    consumption_kwh: Decimal = Decimal(0)
    local_kwh: Decimal = Decimal(0)
    grid_kwh: Decimal = Decimal(0)
    export_kwh: Decimal = Decimal(0)
    tariff_code: str = ""
    # a member's saving against the standard product (left out of the repr: reprs of bills
    # without a community stay as they were)
    community_saving: Decimal | None = field(default=None, repr=False)
