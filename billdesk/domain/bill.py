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


class LazyLines:
    """A record whose ``lines`` may be made only when asked for: the engine leaves a bill's
    lines in its block's columns (billdesk.domain.line_table.BlockLines, row ``j``), kept as
    ``_lines_src = (block, j)`` in place of the field; the first read of ``lines`` makes the
    tuple of BillLines and keeps it; ``vat`` likewise (``_vat_src``: a block's VAT entries,
    billdesk.engine.totals.BlockVat, and the row). Equality, repr, hashing and pickling read ``lines`` as
    any field (a pickle holds the lines, not the block). ``lines_source`` tells the writer
    whether the lines are still columns only."""

    def __getattr__(self, name):         # only called when ``name`` is not in __dict__
        if name == "lines" or name == "vat":
            src = self.__dict__.get(f"_{name}_src")
            if src is not None:
                got = self.__dict__[name] = getattr(src[0], name)(src[1])
                return got
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __getstate__(self):
        state = dict(self.__dict__)
        for name in ("lines", "vat"):
            if f"_{name}_src" in state:
                state[name] = getattr(self, name)
                del state[f"_{name}_src"]
        return state


def lazy_lines(obj, src) -> None:
    """Make ``obj``'s lines those of row ``src[1]`` of ``src[0]`` (a BlockLines), when read."""
    d = obj.__dict__
    d.pop("lines", None)
    d["_lines_src"] = src


def lazy_vat(obj, src) -> None:
    """Make ``obj``'s VAT entries those of row ``src[1]`` of ``src[0]`` (``.vat(j)``)."""
    d = obj.__dict__
    d.pop("vat", None)
    d["_vat_src"] = src


def lines_source(obj):
    """(BlockLines, row) while ``obj``'s lines have not been made, else None."""
    d = obj.__dict__
    return None if "lines" in d else d.get("_lines_src")


@dataclass(frozen=True)
class VatAmount:
    rate: Decimal
    net: Decimal
    vat: Decimal
    credit: bool = False    # the VAT on feed-in credits, kept apart from the supply's


@dataclass(frozen=True)
class BillDraft(LazyLines):
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
