"""Bill lines of a block of accounts, built per component for all rows at once.

A component gives each row of a block a few lines (one per month for the base fee and the
power charge, one per time-of-use period, one otherwise). Each such line is a ``LineSlot``:
the row's quantities and amounts come from ``money.priced`` (numpy, integer rounding, Decimals
made only of the final figures), label, unit, VAT rate and dates are the component's. The
rounding rules are those of docs/billing-rules.md and billdesk.engine.money.

Adding a kind of line (a discount on local energy, a price cap, a credit for a producer):
write a builder ``(comp, q, ctx) -> list[LineSlot]`` and register it in ``BUILDERS`` for its
component type, or call it from the builder of the component it modifies. Rows that differ
(another price, another VAT rate for some accounts) get slots of their own with a ``keep``
mask, as community energy at each row's local price does; a slot's ``nets`` (the amounts in
minor units) and ``rate`` let billdesk.engine.totals add up the block's bills in integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable, Sequence

import numpy as np

from billdesk.domain.bill import BillLine
from billdesk.domain.line_table import LineColumn
from billdesk.domain.tariff import Component, ComponentType, Pricing
from billdesk.engine.money import (CREDIT_COMPONENTS, Q_AVG_PRICE, Q_KWH, ZERO, minor_units,
                                   priced, priced_columns, quantity, round_money)
from billdesk.engine.prices import MICRO, dynamic_amount
from billdesk.engine.quantities import MonthSlice, Quantities
from billdesk.engine.records import maker
from billdesk.engine.segments import Segment

ONE = Decimal(1)
MILLI = Q_KWH
_FEE_PRICE = Decimal("0.000001")
_bill_line = maker(BillLine)


@dataclass
class LineContext:
    """What the lines of a block need besides the quantities (the same for all its rows)."""

    rows: int
    unit: Decimal                  # currency minor unit
    period_start: date
    seg: Segment
    split: bool                    # more than one segment: lines carry their dates
    multi_month: bool              # period spans several months: monthly lines carry dates
    supply_d0: int                 # the rows' supplied days (period day offsets)
    supply_d1: int
    month_slices: list[MonthSlice]
    local_price: Sequence[Decimal | None] = ()   # per row: the community's local price
    # per row: a producer registered for VAT (its feed-in credit carries VAT); () = none is
    vat_registered: Sequence[bool] = ()


class LineSlot:
    """One line per row of a block (None where the row has no such line): as a list of
    BillLines, or in columns (``col``, billdesk.domain.line_table.LineColumn) until something
    reads ``lines`` (which makes the list and drops the columns)."""

    __slots__ = ("_lines", "m", "nets", "rate", "credit", "col")

    def __init__(self, lines: list[BillLine | None] | None, m: int = 0,
                 nets: np.ndarray | None = None, rate: Decimal | None = None,
                 credit: bool = False, col: LineColumn | None = None):
        self._lines = lines
        self.m = m                   # the line's place among the component's lines of a row
        self.nets = nets             # int64 [rows]: the amounts in minor units (None: unknown)
        self.rate = rate             # the lines' VAT rate (None: not the same for every row)
        self.credit = credit         # feed-in credits: their VAT is kept apart (vat_per_rate)
        self.col = col

    @property
    def lines(self) -> list[BillLine | None]:
        if self._lines is None:
            self._lines = self.col.lines()
            self.col = None
        return self._lines

    @lines.setter
    def lines(self, value: list[BillLine | None]) -> None:
        self._lines, self.col = value, None

    def present(self) -> list[bool]:
        """Per row: the row has this line."""
        if self.col is not None:
            return self.col.present
        return [ln is not None for ln in self._lines]

    def source(self) -> LineColumn | list[BillLine | None]:
        """What a BlockLines entry holds: the columns, or the list of lines."""
        return self.col if self.col is not None else self._lines


@dataclass
class _Line:
    """The part of a line that is the same for every row."""

    comp: Component
    unit: str
    detail: str | None = None
    dates: tuple[date, date] | None = None
    label: str | None = None
    kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        c, d = self.comp, self.dates
        self._fixed = (c.type.value, self.label or c.label, c.vat_rate, d[0] if d else None,
                       d[1] if d else None)

    def make(self, q: Decimal, price: Decimal, net: Decimal, detail: str | None = None
             ) -> BillLine:
        component, label, vat, start, end = self._fixed
        return _bill_line(component, label, q, self.unit, price, net, vat, start, end,
                          self.detail if detail is None else detail)

    def column(self, price: Decimal, milli: np.ndarray, minor: np.ndarray, unit: Decimal,
               present: np.ndarray, exact: dict) -> LineColumn:
        component, label, vat, start, end = self._fixed
        return LineColumn(component, label, self.unit, price, vat, start, end, self.detail,
                          milli.tolist(), minor.tolist(), unit.as_tuple().exponent,
                          present.tolist(), exact)


def _seg_dates(ctx: LineContext) -> tuple[date, date] | None:
    return (ctx.seg.start, ctx.seg.end) if ctx.split else None


def _month_dates(ctx: LineContext, ms: MonthSlice) -> tuple[date, date] | None:
    if not (ctx.split or ctx.multi_month):
        return None
    return (ctx.period_start + timedelta(days=ms.d0), ctx.period_start + timedelta(days=ms.d1))


def _per_kwh(spec: _Line, kwh: np.ndarray, price: Decimal, sign: Decimal, unit: Decimal,
             skip_zero: bool, keep: np.ndarray | None = None, m: int = 0) -> LineSlot:
    """Row lines of ``kwh`` at ``price`` (× ``sign``); None where not kept or a skipped zero."""
    p = price * sign
    milli, minor, fits, zero, exact = priced_columns(kwh, p, unit)
    drop = zero if skip_zero else np.zeros(len(milli), dtype=bool)
    if keep is not None:
        drop = drop | ~keep
    if fits:                       # in columns: no BillLine or Decimal per row
        return LineSlot(None, m, minor, spec.comp.vat_rate,
                        col=spec.column(p, milli, minor, unit, ~drop, exact))
    qty = [q * MILLI for q in map(Decimal, milli.tolist())]
    net = [n * unit for n in map(Decimal, minor.tolist())]
    for j, (q, n) in exact.items():
        qty[j], net[j] = q, n
    make = spec.make
    lines = [None if d else make(q, p, n) for q, n, d in zip(qty, net, drop.tolist())]
    return LineSlot(lines, m, None, spec.comp.vat_rate)


# ---------------------------------------------------------------- builders per component type
def base_fee_lines(comp: Component, q: Quantities, ctx: LineContext) -> list[LineSlot]:
    """One line per calendar month, the same for every row (they share their supplied days)."""
    out = []
    for m, ms in enumerate(ctx.month_slices):
        days = ms.d1 - ms.d0
        dim = ms.month.days_in_month
        detail = f"{ms.month.first:%Y-%m}"
        spec = _Line(comp, "month", detail, _month_dates(ctx, ms))
        if days == dim:
            line = spec.make(ONE, comp.price, round_money(comp.price, ctx.unit))
        else:
            spec.unit = "day"
            line = spec.make(Decimal(days), (comp.price / dim).quantize(_FEE_PRICE),
                             round_money(comp.price * days / dim, ctx.unit),
                             f"{detail}: {days}/{dim} days")
        out.append(LineSlot([line] * ctx.rows, m, _same(line.net_amount, ctx), comp.vat_rate))
    return out


def _same(amount: Decimal, ctx: LineContext) -> np.ndarray | None:
    """One amount for every row, in minor units."""
    n = minor_units(amount, ctx.unit)
    return None if n is None or abs(n) >= 2 ** 62 else np.full(ctx.rows, n, dtype=np.int64)


def power_lines(comp: Component, q: Quantities, ctx: LineContext) -> list[LineSlot]:
    """Per calendar month: the row's peak kW × price; prorated by days when a tariff change
    splits the month."""
    out = []
    for m, (ms, peaks) in enumerate(q.peaks):
        supplied = min(ms.month.d1, ctx.supply_d1) - max(ms.month.d0, ctx.supply_d0)
        days = ms.d1 - ms.d0
        detail = f"{ms.month.first:%Y-%m} peak"
        if comp.windows:
            detail += " in " + ", ".join(comp.windows)
        spec = _Line(comp, "kW", detail, _month_dates(ctx, ms))
        peaks = np.asarray(peaks, dtype=np.float64)
        if days < supplied:  # a tariff change splits this month: prorate by days
            qty, net, _, minor = priced(peaks * days / supplied, comp.price, ctx.unit)
            shown = priced(peaks, comp.price, ctx.unit)[0]
            lines = [spec.make(a, comp.price, n, f"{detail} {s} kW x {days}/{supplied} days")
                     for a, n, s in zip(qty, net, shown)]
        else:
            milli, minor, fits, _, exact = priced_columns(peaks, comp.price, ctx.unit)
            if fits:
                out.append(LineSlot(None, m, minor, comp.vat_rate, col=spec.column(
                    comp.price, milli, minor, ctx.unit, np.ones(len(milli), dtype=bool),
                    exact)))
                continue
            qty, net, _, minor = priced(peaks, comp.price, ctx.unit)
            lines = [spec.make(a, comp.price, n) for a, n in zip(qty, net)]
        out.append(LineSlot(lines, m, minor, comp.vat_rate))
    return out


def energy_lines(comp: Component, q: Quantities, ctx: LineContext) -> list[LineSlot]:
    """Per-kWh components (energy, grid, levy, feed-in, community energy): flat, one line per
    time-of-use period, or dynamic; community energy at the row's local price when known."""
    t = comp.type
    sign = -ONE if t is ComponentType.FEED_IN else ONE
    skip_zero = t in (ComponentType.FEED_IN, ComponentType.COMMUNITY_ENERGY)
    own = None                                     # rows priced by the component itself
    slots: list[LineSlot] = []
    if t is ComponentType.COMMUNITY_ENERGY and any(p is not None for p in ctx.local_price):
        prices = list(ctx.local_price)
        own = np.array([p is None for p in prices], dtype=bool)
        merged: list[BillLine | None] = [None] * ctx.rows
        nets: np.ndarray | None = np.zeros(ctx.rows, dtype=np.int64)
        spec = _Line(comp, "kWh", "local price", _seg_dates(ctx))
        for price in dict.fromkeys(p for p in prices if p is not None):
            keep = np.array([p == price for p in prices], dtype=bool)
            part = _per_kwh(spec, q.total, price, sign, ctx.unit, skip_zero, keep)
            for j, ln in enumerate(part.lines):
                if ln is not None:
                    merged[j] = ln
            nets = None if nets is None or part.nets is None else \
                np.where(keep, part.nets, nets)
        slots.append(LineSlot(merged, 0, nets, comp.vat_rate))
        if not own.any():
            return slots
    if comp.pricing is Pricing.FLAT:
        spec = _Line(comp, "kWh", None, _seg_dates(ctx))
        return slots + [_per_kwh(spec, q.total, comp.price, sign, ctx.unit, skip_zero, own)]
    if comp.pricing is Pricing.TOU:
        names = (comp.schedule or ctx.seg.version.schedule).period_names
        return slots + [_per_kwh(_Line(comp, "kWh", name, _seg_dates(ctx)), q.by_period[:, k],
                                 comp.prices[name], sign, ctx.unit, skip_zero, own, k)
                        for k, name in enumerate(names)]
    return slots + [_dynamic(comp, q, ctx, sign, skip_zero)]


def _dynamic(comp: Component, q: Quantities, ctx: LineContext, sign: Decimal,
             skip_zero: bool) -> LineSlot:
    """Exact sum over intervals, rounded once; the unit price shown is the average."""
    spec = _Line(comp, "kWh", f"{comp.series} average price", _seg_dates(ctx))
    if q.dyn_kwh is None:         # the block has no such energy (e.g. no export at all)
        sums = kwhs = [0] * ctx.rows
    else:
        sums, kwhs = q.dyn_sum, q.dyn_kwh
    out: list[BillLine | None] = []
    nets: list[int | None] = []
    for s, w in zip(sums, kwhs):
        qty = (Decimal(w) / MICRO).quantize(Q_KWH)
        if skip_zero and qty == ZERO:
            out.append(None)
            nets.append(0)
            continue
        exact = dynamic_amount(s, w, comp.multiplier, comp.offset) * sign
        net = round_money(exact, ctx.unit)
        avg = (net / qty).quantize(Q_AVG_PRICE) if qty else ZERO
        out.append(spec.make(qty, avg, net))
        nets.append(minor_units(net, ctx.unit))
    ok = all(n is not None and abs(n) < 2 ** 62 for n in nets)
    return LineSlot(out, 0, np.array(nets, dtype=np.int64) if ok else None, comp.vat_rate)


Builder = Callable[[Component, Quantities, LineContext], list[LineSlot]]
BUILDERS: dict[ComponentType, Builder] = {
    ComponentType.BASE_FEE: base_fee_lines,
    ComponentType.POWER: power_lines,
    ComponentType.ENERGY: energy_lines,
    ComponentType.GRID: energy_lines,
    ComponentType.LEVY: energy_lines,
    ComponentType.FEED_IN: energy_lines,
    ComponentType.COMMUNITY_ENERGY: energy_lines,
}


def component_slots(comp: Component, q: Quantities, ctx: LineContext) -> list[LineSlot]:
    """The lines of ``comp`` for every row of the block, in the order a bill shows them."""
    slots = BUILDERS[comp.type](comp, q, ctx)
    if comp.type.value in CREDIT_COMPONENTS:
        for slot in slots:
            slot.credit = True
    if comp.type is ComponentType.FEED_IN and comp.vat_rate:
        _untaxed_credits(slots, ctx)
    return slots


def _untaxed_credits(slots: list[LineSlot], ctx: LineContext) -> None:
    """A feed-in credit carries VAT only for a producer registered for VAT; an unregistered
    producer's credit has rate 0 (docs/billing-rules.md, "VAT and feed-in credits")."""
    registered = ctx.vat_registered
    for slot in slots:
        untaxed = taxed = 0
        if slot.col is not None:       # in columns: a VAT rate per row
            col = slot.col
            reg = [bool(registered) and bool(registered[j]) for j in range(len(col.present))]
            taxed = sum(1 for p, r in zip(col.present, reg) if p and r)
            untaxed = sum(1 for p, r in zip(col.present, reg) if p and not r)
            if untaxed:
                col.vat = [col.vat_rate if r else ZERO for r in reg]
                slot.rate = None if taxed else ZERO
            continue
        for j, ln in enumerate(slot.lines):
            if ln is None:
                continue
            if registered and registered[j]:
                taxed += 1
            else:
                untaxed += 1
                slot.lines[j] = _bill_line(ln.component, ln.label, ln.quantity, ln.unit,
                                           ln.unit_price, ln.net_amount, ZERO, ln.period_start,
                                           ln.period_end, ln.detail)
        if untaxed:                  # the block's totals: one rate per slot, else line by line
            slot.rate = None if taxed else ZERO


def synthetic_local_component(seg: Segment) -> Component:
    """A community-energy component for tariffs without one (VAT as the energy component)."""
    vat = next((c.vat_rate for c in seg.version.components if c.type is ComponentType.ENERGY),
               ZERO)
    return Component(ComponentType.COMMUNITY_ENERGY, Pricing.FLAT, "Local energy", vat,
                     price=ZERO)


__all__ = ["BUILDERS", "LineContext", "LineSlot", "component_slots", "quantity",
           "synthetic_local_component"]
