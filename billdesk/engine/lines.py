"""Decimal bill lines of one account from the vectorised quantities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from billdesk.domain.bill import BillLine
from billdesk.domain.tariff import Component, ComponentType, Pricing
from billdesk.engine.money import Q_AVG_PRICE, Q_KWH, ZERO, quantity, round_money
from billdesk.engine.prices import MICRO, dynamic_amount
from billdesk.engine.quantities import MonthSlice, Quantities
from billdesk.engine.segments import Segment

ONE = Decimal(1)


@dataclass
class LineContext:
    """What one account's lines need besides the quantities."""

    unit: Decimal                  # currency minor unit
    period_start: date
    seg: Segment
    split: bool                    # more than one segment: lines carry their dates
    multi_month: bool              # period spans several months: monthly lines carry dates
    supply_d0: int                 # the account's supplied days (period day offsets)
    supply_d1: int
    local_price: Decimal | None
    vat_registered: bool = False   # feed-in credits carry VAT only for a registered producer


def _line(comp: Component, ctx: LineContext, q: Decimal, unit: str, price: Decimal,
          net: Decimal, detail: str | None = None, dates: tuple[date, date] | None = None,
          label: str | None = None) -> BillLine:
    if dates is None and ctx.split:
        dates = (ctx.seg.start, ctx.seg.end)
    rate = comp.vat_rate
    if comp.type is ComponentType.FEED_IN and not ctx.vat_registered:
        rate = ZERO   # an unregistered producer's credit: no VAT (docs/billing-rules.md)
    return BillLine(comp.type.value, label or comp.label, q, unit, price, net, rate,
                    dates[0] if dates else None, dates[1] if dates else None, detail)


def _month_dates(ctx: LineContext, ms: MonthSlice) -> tuple[date, date] | None:
    if not (ctx.split or ctx.multi_month):
        return None
    return (ctx.period_start + timedelta(days=ms.d0), ctx.period_start + timedelta(days=ms.d1))


def _per_kwh(comp, ctx, kwh: float, price: Decimal, sign: Decimal, detail=None, label=None):
    q = quantity(kwh)
    p = price * sign
    return _line(comp, ctx, q, "kWh", p, round_money(q * p, ctx.unit), detail, label=label)


def component_lines(comp: Component, qs: Quantities, j: int, ctx: LineContext,
                    month_slices: list[MonthSlice]) -> list[BillLine]:
    """The lines of ``comp`` for block row ``j`` (may be empty)."""
    t = comp.type
    if t is ComponentType.BASE_FEE:
        out = []
        for ms in month_slices:
            days = ms.d1 - ms.d0
            dim = ms.month.days_in_month
            detail = f"{ms.month.first:%Y-%m}"
            if days == dim:
                out.append(_line(comp, ctx, ONE, "month", comp.price,
                                 round_money(comp.price, ctx.unit), detail, _month_dates(ctx, ms)))
            else:
                out.append(_line(comp, ctx, Decimal(days), "day",
                                 (comp.price / dim).quantize(Decimal("0.000001")),
                                 round_money(comp.price * days / dim, ctx.unit),
                                 f"{detail}: {days}/{dim} days", _month_dates(ctx, ms)))
        return out
    if t is ComponentType.POWER:
        out = []
        for ms, peaks in qs.peaks:
            peak = float(peaks[j])
            supplied = min(ms.month.d1, ctx.supply_d1) - max(ms.month.d0, ctx.supply_d0)
            days = ms.d1 - ms.d0
            detail = f"{ms.month.first:%Y-%m} peak"
            if comp.windows:
                detail += " in " + ", ".join(comp.windows)
            if days < supplied:  # a tariff change splits this month: prorate by days
                detail += f" {quantity(peak)} kW x {days}/{supplied} days"
                peak = peak * days / supplied
            q = quantity(peak)
            out.append(_line(comp, ctx, q, "kW", comp.price, round_money(q * comp.price, ctx.unit),
                             detail, _month_dates(ctx, ms)))
        return out
    sign = -ONE if t is ComponentType.FEED_IN else ONE
    skip_zero = t in (ComponentType.FEED_IN, ComponentType.COMMUNITY_ENERGY)
    if t is ComponentType.COMMUNITY_ENERGY and ctx.local_price is not None:
        if skip_zero and quantity(float(qs.total[j])) == ZERO:
            return []
        return [_per_kwh(comp, ctx, float(qs.total[j]), ctx.local_price, sign, "local price")]
    if comp.pricing is Pricing.FLAT:
        if skip_zero and quantity(float(qs.total[j])) == ZERO:
            return []
        return [_per_kwh(comp, ctx, float(qs.total[j]), comp.price, sign)]
    if comp.pricing is Pricing.TOU:
        names = (comp.schedule or ctx.seg.version.schedule).period_names
        row = qs.by_period[j]
        out = []
        for k, name in enumerate(names):
            if skip_zero and quantity(float(row[k])) == ZERO:
                continue
            out.append(_per_kwh(comp, ctx, float(row[k]), comp.prices[name], sign, name))
        return out
    # dynamic: exact sum over intervals, rounded once; unit price is the average
    q = (Decimal(qs.dyn_kwh[j]) / MICRO).quantize(Q_KWH)
    if skip_zero and q == ZERO:
        return []
    exact = dynamic_amount(qs.dyn_sum[j], qs.dyn_kwh[j], comp.multiplier, comp.offset) * sign
    net = round_money(exact, ctx.unit)
    avg = (net / q).quantize(Q_AVG_PRICE) if q else ZERO
    return [_line(comp, ctx, q, "kWh", avg, net, f"{comp.series} average price")]


def synthetic_local_component(seg: Segment) -> Component:
    """A community-energy component for tariffs without one (VAT as the energy component)."""
    vat = next((c.vat_rate for c in seg.version.components if c.type is ComponentType.ENERGY),
               ZERO)
    return Component(ComponentType.COMMUNITY_ENERGY, Pricing.FLAT, "Local energy", vat,
                     price=ZERO)
