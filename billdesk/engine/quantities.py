"""Vectorised quantities of one tariff component for a block of accounts over one segment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from billdesk.domain.tariff import Component, ComponentType, Pricing
from billdesk.engine.prices import dynamic_sums
from billdesk.engine.schedule import tou_index, tou_onehot
from billdesk.engine.segments import Segment
from billdesk.engine.timegrid import MonthPart, TimeGrid

PER_KWH_ON_GRID = (ComponentType.ENERGY, ComponentType.GRID, ComponentType.LEVY)


@dataclass
class Block:
    """Interval data of some accounts (rows) over one segment's intervals [i0, i1)."""

    grid: TimeGrid
    seg: Segment
    i0: int
    i1: int
    consumption: np.ndarray        # [rows, i1 - i0]
    grid_kwh: np.ndarray           # consumption - local
    local: np.ndarray | None
    export: np.ndarray | None


@dataclass
class MonthSlice:
    month: MonthPart
    d0: int   # day offsets in the period, clipped to the segment
    d1: int
    a: int    # interval offsets relative to the block
    b: int


def month_slices(block: Block) -> list[MonthSlice]:
    out = []
    for m in block.grid.months:
        d0, d1 = max(m.d0, block.seg.d0), min(m.d1, block.seg.d1)
        if d0 < d1:
            out.append(MonthSlice(m, d0, d1, int(block.grid.day_first[d0]) - block.i0,
                                  int(block.grid.day_first[d1]) - block.i0))
    return out


def basis(block: Block, ctype: ComponentType) -> np.ndarray | None:
    """The kWh a per-kWh component prices: grid energy, export or local energy."""
    if ctype in PER_KWH_ON_GRID:
        return block.grid_kwh
    if ctype is ComponentType.FEED_IN:
        return block.export
    if ctype is ComponentType.COMMUNITY_ENERGY:
        return block.local
    raise ValueError(f"{ctype} is not priced per kWh")


@dataclass
class Quantities:
    """What the lines of one component need, one entry per block row."""

    total: np.ndarray | None = None          # [rows] kWh (per-kWh components)
    by_period: np.ndarray | None = None      # [rows, k] kWh per tou period
    dyn_sum: list[int] | None = None         # exact sums (see prices.dynamic_sums)
    dyn_kwh: list[int] | None = None
    no_price: np.ndarray | None = None       # [rows] int: intervals used without a price
    peaks: list[tuple[MonthSlice, np.ndarray]] | None = None  # power: kW per month slice


def compute(block: Block, comp: Component, prices: dict[str, np.ndarray]) -> Quantities:
    v = block.seg.version
    rows = block.consumption.shape[0]
    if comp.type is ComponentType.BASE_FEE:
        return Quantities()
    if comp.type is ComponentType.POWER:
        src = block.grid_kwh
        mask = None
        if comp.windows:
            sched = v.schedule_for(comp)
            idx = tou_index(sched, block.grid, v.holidays_country, v.holidays_subdiv)[block.i0:block.i1]
            wanted = [sched.period_names.index(w) for w in comp.windows]
            mask = np.isin(idx, wanted)
        peaks = []
        for ms in month_slices(block):
            part = src[:, ms.a:ms.b]
            if mask is not None:
                cols = np.flatnonzero(mask[ms.a:ms.b])
                part = part[:, cols]
            peak = part.max(axis=1) * 4.0 if part.shape[1] else np.zeros(rows)
            peaks.append((ms, np.maximum(peak, 0.0)))
        return Quantities(peaks=peaks)
    kwh = basis(block, comp.type)
    if kwh is None:
        return Quantities(total=np.zeros(rows))
    q = Quantities(total=kwh.sum(axis=1))
    if comp.type is ComponentType.COMMUNITY_ENERGY and comp.pricing is Pricing.DYNAMIC:
        raise ValueError("community energy cannot be priced dynamically")
    if comp.pricing is Pricing.TOU:
        sched = v.schedule_for(comp)
        onehot = tou_onehot(sched, block.grid, v.holidays_country, v.holidays_subdiv)
        q.by_period = kwh @ onehot[block.i0:block.i1]
    elif comp.pricing is Pricing.DYNAMIC:
        series = prices.get(comp.series)
        if series is None:
            q.no_price = np.full(rows, block.i1 - block.i0)
            return q
        p = np.asarray(series, dtype=np.float64)
        if p.shape != (block.grid.n,):
            raise ValueError(f"price series {comp.series} has shape {p.shape}, "
                             f"expected ({block.grid.n},)")
        p = p[block.i0:block.i1]
        unknown = np.isnan(p)
        q.no_price = (kwh[:, unknown] != 0).sum(axis=1) if unknown.any() else np.zeros(rows, int)
        q.dyn_sum, q.dyn_kwh = dynamic_sums(kwh, p)
    return q
