"""A community member's local-energy lines by community type, and its saving.

- every type: local energy at the community's local price, flat or one line per time-of-use
  period of the member's tariff schedule;
- ``leg``: grid usage is also charged on local energy (it travels over the public grid),
  on its own line, followed by the grid-usage discount (``grid_discount`` percent of it) as a
  line of its own;
- ``zev``/``vzev``: the local price is capped per interval at ``price_cap`` percent of the
  member's standard product (its tariff's energy + grid + levies per kWh for that interval).
  Where the cap never binds the local lines are those of the local price, their detail shows
  the comparison; where it binds one line holds the exact sum over the intervals at the
  capped prices, rounded once, with the average price shown (docs/billing-rules.md).

The saving is what the member's local kWh would have cost at the standard product (the
tariff's energy, grid and levy components priced on the local kWh, lines rounded as usual)
minus what its community lines cost. Prices per interval are integer micro-units, as the
dynamic prices (billdesk.engine.prices).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from billdesk.domain.bill import BillLine
from billdesk.domain.community import CommunityTerms, CommunityType
from billdesk.domain.tariff import Component, ComponentType, Pricing, TariffVersion
from billdesk.engine.lines import LineContext, LineSlot, energy_lines
from billdesk.engine.money import Q_AVG_PRICE, ZERO, quantity, round_money
from billdesk.engine.prices import MICRO, to_micro
from billdesk.engine.quantities import Block, compute
from billdesk.engine.records import maker
from billdesk.engine.schedule import tou_index

STANDARD = (ComponentType.ENERGY, ComponentType.GRID, ComponentType.LEVY)
_MICRO2 = Decimal(MICRO) * Decimal(MICRO)
_bill_line = maker(BillLine)


class CommunityPriceError(ValueError):
    """The community's local price cannot be applied to this tariff (a period lacks a price)."""


def _micro(price: Decimal) -> int:
    return int((price * MICRO).to_integral_value(ROUND_HALF_UP))


def local_component(terms: CommunityTerms, version: TariffVersion) -> Component:
    """The member's local-energy component: the community's price (flat or by the tariff's
    time-of-use periods), the label and VAT rate of the tariff's community-energy component,
    else 'Local energy' at the energy component's VAT rate."""
    own = next((c for c in version.components if c.type is ComponentType.COMMUNITY_ENERGY),
               None)
    energy = next((c for c in version.components if c.type is ComponentType.ENERGY), None)
    label = own.label if own else "Local energy"
    vat = own.vat_rate if own else (energy.vat_rate if energy else ZERO)
    lp = terms.local_price
    if lp.flat is not None:
        return Component(ComponentType.COMMUNITY_ENERGY, Pricing.FLAT, label, vat, price=lp.flat)
    if version.schedule is None:
        raise CommunityPriceError(
            f"community {terms.name} has time-of-use local prices but tariff {version.code} "
            "has no time-of-use schedule")
    prices = {}
    for name in version.schedule.period_names:
        p = lp.price_of(name)
        if p is None:
            raise CommunityPriceError(
                f"community {terms.name} has no local price for period {name!r} of tariff "
                f"{version.code}'s schedule (it has {', '.join(k for k, _ in lp.periods)})")
        prices[name] = p
    return Component(ComponentType.COMMUNITY_ENERGY, Pricing.TOU, label, vat, prices=prices)


def price_micro(comp: Component, block: Block, prices: dict[str, np.ndarray]) -> np.ndarray:
    """int64 [block intervals]: the per-kWh price of ``comp`` in each interval, micro-units."""
    v = block.seg.version
    n = block.i1 - block.i0
    if comp.pricing is Pricing.FLAT:
        return np.full(n, _micro(comp.price), dtype=np.int64)
    if comp.pricing is Pricing.TOU:
        sched = v.schedule_for(comp)
        idx = tou_index(sched, block.grid, v.holidays_country, v.holidays_subdiv)
        table = np.array([_micro(comp.prices[name]) for name in sched.period_names],
                         dtype=np.int64)
        return table[idx[block.i0:block.i1]]
    series = prices.get(comp.series)
    if series is None:
        return np.zeros(n, dtype=np.int64)       # reported as NO_TARIFF by the component itself
    p = np.asarray(series, dtype=np.float64)[block.i0:block.i1]
    return to_micro(p * float(comp.multiplier) + float(comp.offset))


def standard_micro(block: Block, prices: dict[str, np.ndarray]) -> np.ndarray:
    """The standard product's price per interval: energy + grid + levies per kWh."""
    out = np.zeros(block.i1 - block.i0, dtype=np.int64)
    for c in block.seg.version.components:
        if c.type in STANDARD:
            out += price_micro(c, block, prices)
    return out


def _scaled(comp: Component, factor: Decimal, label: str) -> Component:
    """``comp`` with every price (and dynamic multiplier and offset) times ``factor``."""
    return replace(comp, label=label,
                   price=None if comp.price is None else comp.price * factor,
                   prices={k: v * factor for k, v in comp.prices.items()},
                   multiplier=comp.multiplier * factor, offset=comp.offset * factor)


def _renamed(slots: list[LineSlot], component: str, drop_zero: bool = True) -> list[LineSlot]:
    for slot in slots:
        for j, ln in enumerate(slot.lines):
            if ln is None:
                continue
            if drop_zero and ln.quantity == ZERO:
                slot.lines[j] = None
            elif ln.component != component:
                slot.lines[j] = _bill_line(component, ln.label, ln.quantity, ln.unit,
                                           ln.unit_price, ln.net_amount, ln.vat_rate,
                                           ln.period_start, ln.period_end, ln.detail)
    return slots


def _with_detail(slots: list[LineSlot], detail: str) -> list[LineSlot]:
    for slot in slots:
        for j, ln in enumerate(slot.lines):
            if ln is not None:
                d = f"{ln.detail}; {detail}" if ln.detail else detail
                slot.lines[j] = _bill_line(ln.component, ln.label, ln.quantity, ln.unit,
                                           ln.unit_price, ln.net_amount, ln.vat_rate,
                                           ln.period_start, ln.period_end, d)
    return slots


def _avg(micro: np.ndarray, weights: np.ndarray) -> Decimal:
    w = float(weights.sum())
    if w <= 0:
        return (Decimal(int(micro.mean())) / MICRO).quantize(Q_AVG_PRICE) if len(micro) \
            else ZERO
    return (Decimal(float((micro * weights).sum() / w)) / MICRO).quantize(Q_AVG_PRICE)


def _capped_lines(comp: Component, block: Block, eff: np.ndarray, binding: np.ndarray,
                  ctx: LineContext, terms: CommunityTerms, std: np.ndarray,
                  lp: np.ndarray) -> list[LineSlot]:
    """One line per row: the exact sum of local kWh × the capped price, rounded once."""
    lo = block.local
    w = to_micro(lo)
    sums = (w * eff[None, :]).sum(axis=1)
    totals = block.total("local")
    out: list[BillLine | None] = []
    d = (ctx.seg.start, ctx.seg.end) if ctx.split else (None, None)
    for j in range(block.n):
        qty = quantity(float(totals[j]))
        if qty == ZERO:
            out.append(None)
            continue
        net = round_money(Decimal(int(sums[j])) / _MICRO2, ctx.unit)
        avg = (net / qty).quantize(Q_AVG_PRICE)
        n_cap = int(np.count_nonzero(binding & (w[j] > 0)))
        n_used = int(np.count_nonzero(w[j] > 0))
        detail = (f"price cap {_pct(terms.price_cap)} of the standard product: capped in "
                  f"{n_cap} of {n_used} intervals; local price {_avg(lp, lo[j])}, standard "
                  f"product {_avg(std, lo[j])} on average")
        out.append(_bill_line(comp.type.value, comp.label, qty, "kWh", avg, net, comp.vat_rate,
                              d[0], d[1], detail))
    return [LineSlot(out, 0)]


def _pct(p: Decimal | None) -> str:
    return "external (100 %)" if p is None or p == 100 else f"{p.normalize():f} %"


def member_slots(terms: CommunityTerms, block: Block, ctx: LineContext,
                 prices: dict[str, np.ndarray]) -> tuple[list[LineSlot], list[Decimal]]:
    """The community lines of every row of ``block`` (all members of one community with one
    tariff segment) and each row's saving against the standard product."""
    v = block.seg.version
    comp = local_component(terms, v)
    plain = energy_lines(comp, compute(block, comp, prices), ctx)
    if terms.type in (CommunityType.ZEV, CommunityType.VZEV):
        std = standard_micro(block, prices)
        pct = terms.price_cap if terms.price_cap is not None else Decimal(100)
        cap = np.rint(std * float(pct / 100)).astype(np.int64)
        lp = price_micro(comp, block, prices)
        binding = cap < lp
        used = (block.local > 0).any(axis=0) if block.n else np.zeros(len(lp), dtype=bool)
        if (binding & used).any():
            slots = _capped_lines(comp, block, np.minimum(lp, cap), binding, ctx, terms, std,
                                  lp)
        else:
            slots = _with_detail(plain, f"price cap {_pct(pct)} of the standard product not "
                                        f"reached (standard product {_avg(std, block.local.sum(axis=0))} "
                                        "on average)")
    else:
        slots = plain
    if terms.type is CommunityType.LEG and terms.grid_discount:
        factor = -terms.grid_discount / 100
        for g in (c for c in v.components if c.type is ComponentType.GRID):
            on_local = replace(g, label=f"{g.label} (local energy)")
            q = compute(block, on_local, prices, kind="local")
            slots += _renamed(energy_lines(on_local, q, ctx), ComponentType.GRID.value)
            disc = _scaled(g, factor, f"LEG grid discount {terms.grid_discount.normalize():f} %")
            qd = compute(block, disc, prices, kind="local")
            slots += _renamed(energy_lines(disc, qd, ctx), "grid_discount")
    saving = _saving(block, ctx, prices, slots)
    return slots, saving


def _saving(block: Block, ctx: LineContext, prices: dict[str, np.ndarray],
            slots: list[LineSlot]) -> list[Decimal]:
    std = [ZERO] * block.n
    for c in block.seg.version.components:
        if c.type in STANDARD:
            for slot in energy_lines(c, compute(block, c, prices, kind="local"), ctx):
                for j, ln in enumerate(slot.lines):
                    if ln is not None:
                        std[j] += ln.net_amount
    for slot in slots:
        for j, ln in enumerate(slot.lines):
            if ln is not None:
                std[j] -= ln.net_amount
    return std
