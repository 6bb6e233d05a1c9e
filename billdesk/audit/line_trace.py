"""The pieces every explained line is made of (``bill show --explain``, docs/audit.md
"Explain a bill"): the line as recorded, its amount checked as quantity × unit price, and the
interval-data chunks it was read from. Shared by invoices (billdesk.audit.explain) and
producers' self-billing notes (billdesk.audit.self_billing_trace)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from billdesk.engine.money import minor_unit, round_money
from billdesk.store.models import ImportRecord, IntervalChunk


@dataclass
class LineTrace:
    n: int
    line: dict
    amount: dict
    basis: dict | None = None
    intervals: list[dict] | None = None

    def as_dict(self) -> dict:
        d = {"n": self.n, **self.line, "amount_check": self.amount, "basis": self.basis}
        if self.intervals is not None:
            d["intervals"] = self.intervals
        return d


def line_dict(ln) -> dict:
    return {"component": ln.component, "label": ln.label, "detail": ln.detail,
            "quantity": ln.quantity, "unit": ln.unit, "unit_price": ln.unit_price,
            "net_amount": ln.net_amount, "vat_rate": ln.vat_rate,
            "period_start": ln.period_start, "period_end": ln.period_end}


def amount_check(ln, currency: str) -> dict:
    exact = ln.quantity * ln.unit_price
    unit = minor_unit(currency)
    rounded = round_money(exact, unit)
    dynamic = (ln.detail or "").endswith(" average price")
    note = ("dynamic price: the amount is the exact sum over the intervals of kWh x (index "
            "price x multiplier + offset), rounded once; the unit price shown is the amount / "
            "quantity") if dynamic else f"rounded half up to {unit}"
    return {"formula": "quantity x unit price", "exact": exact, "rounded": rounded,
            "matches": rounded == ln.net_amount or dynamic, "note": note}


def chunk_dicts(s, pid: int, refs) -> list[dict]:
    """The interval-data chunks read (ChunkRef): version, when received, by which import,
    and the newest version stored now."""
    chunks = []
    for c in refs:
        newest = s.scalar(select(func.max(IntervalChunk.version))
                          .where(IntervalChunk.metering_point_id == pid,
                                 IntervalChunk.month == c.month))
        imp = s.get(ImportRecord, c.import_id) if c.import_id else None
        chunks.append({"id": c.id, "month": f"{c.month:%Y-%m}", "version": c.version,
                       "received_at": c.received_at, "current": c.is_current,
                       "newest_version": newest,
                       "import": (f"import {imp.id} {imp.kind} {imp.file_name} by "
                                  f"{imp.actor}") if imp else None})
    return chunks
