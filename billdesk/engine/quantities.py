"""Vectorised quantities of one tariff component for a block of accounts over one segment."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from billdesk.domain.tariff import Component, ComponentType, Pricing
from billdesk.engine.prices import dynamic_sums
from billdesk.engine.schedule import tou_columns, tou_index
from billdesk.engine.segments import Segment
from billdesk.engine.timegrid import MonthPart, TimeGrid

_ROWS_AT_ONCE = 256
PER_KWH_ON_GRID = (ComponentType.ENERGY, ComponentType.GRID, ComponentType.LEVY)


@dataclass
class BatchData:
    """A batch's interval matrices [accounts, intervals] and the per-row figures of whole
    rows, computed once for all blocks (a row sum over the period is the same float whether
    taken here or on a block's copy of the row, when rows are contiguous float64)."""

    grid: TimeGrid
    consumption: np.ndarray
    local: np.ndarray | None
    export: np.ndarray | None
    filled: dict[int, tuple[int, np.ndarray]] = field(default_factory=dict)  # row -> (i0, kWh)
    consumption_total: np.ndarray | None = None   # [accounts] Σ over the period (or None)
    export_total: np.ndarray | None = None
    export_min: np.ndarray | None = None

    has_export: np.ndarray | None = None          # [accounts] bool: any export at all

    def __post_init__(self):
        if _rows_contiguous(self.consumption):
            self.consumption_total = self.consumption.sum(axis=1)
        if self.export is not None and _rows_contiguous(self.export):
            # only rows with export are summed (a copy of those rows sums to the same floats)
            rows = np.flatnonzero(self.has_export) if self.has_export is not None \
                else np.arange(len(self.export))
            self.export_total = np.zeros(len(self.export))
            self.export_min = np.zeros(len(self.export))
            for k in range(0, len(rows), _ROWS_AT_ONCE):   # small copies stay in the cache
                at = rows[k:k + _ROWS_AT_ONCE]
                part = self.export[at]
                self.export_total[at] = part.sum(axis=1)
                self.export_min[at] = part.min(axis=1) if part.shape[1] else 0.0


def _rows_contiguous(a: np.ndarray) -> bool:
    return a.dtype == np.float64 and a.ndim == 2 and a.strides[1] == a.itemsize


class Block:
    """Interval data of some accounts (rows) over one segment's intervals [i0, i1).

    The arrays are made when a component needs them (time-of-use, dynamic prices, power, local
    energy); flat components of whole-period rows use the batch's row sums only."""

    def __init__(self, data: BatchData, seg: Segment, rows: np.ndarray, with_local: bool,
                 with_export: bool):
        self.data, self.seg, self.rows = data, seg, rows
        self.grid = data.grid
        self.i0, self.i1 = int(self.grid.day_first[seg.d0]), int(self.grid.day_first[seg.d1])
        self.n = len(rows)
        self.whole = self.i0 == 0 and self.i1 == self.grid.n
        self.with_local, self.with_export = with_local, with_export
        self._arrays: dict[str, np.ndarray | None] = {}
        self._totals: dict[str, np.ndarray] = {}

    # arrays [rows, i1 - i0]
    def array(self, kind: str) -> np.ndarray | None:
        """'consumption' (gaps filled), 'local' (raw), 'local_clipped' (to [0, consumption]),
        'grid' (consumption - local), 'export' (NaN as 0); None where the block has none."""
        if kind in self._arrays:
            return self._arrays[kind]
        d, rows, a, b = self.data, self.rows, self.i0, self.i1
        if kind == "consumption":
            out = np.asarray(d.consumption[rows, a:b], dtype=np.float64)  # a copy: patched
            for j, r in enumerate(rows.tolist()):
                f = d.filled.get(r)
                if f is not None:
                    out[j] = f[1][a - f[0]:b - f[0]]
        elif kind == "local":
            out = (np.asarray(d.local[rows, a:b], dtype=np.float64) if self.with_local
                   else None)
        elif kind == "local_clipped":
            lo = self.array("local")
            out = None if lo is None else np.clip(np.nan_to_num(lo), 0.0,
                                                   self.array("consumption"))
        elif kind == "grid":
            lo = self.array("local_clipped")
            out = self.array("consumption") if lo is None else self.array("consumption") - lo
        elif kind == "export":
            out = (np.nan_to_num(np.asarray(d.export[rows, a:b], dtype=np.float64))
                   if self.with_export else None)
        else:
            raise KeyError(kind)
        self._arrays[kind] = out
        return out

    @property
    def consumption(self) -> np.ndarray:
        return self.array("consumption")

    @property
    def grid_kwh(self) -> np.ndarray:
        return self.array("grid")

    @property
    def local(self) -> np.ndarray | None:
        return self.array("local_clipped")

    @property
    def export(self) -> np.ndarray | None:
        return self.array("export")

    def total(self, kind: str) -> np.ndarray:
        """[rows] kWh of 'consumption', 'grid', 'local' or 'export', summed once per block."""
        got = self._totals.get(kind)
        if got is None:
            got = self._totals[kind] = self._sum(kind)
        return got

    def _sum(self, kind: str) -> np.ndarray:
        d = self.data
        if kind == "grid" and not self.with_local:
            return self.total("consumption")
        if kind == "local":
            return self.array("local_clipped").sum(axis=1)
        whole = {"consumption": d.consumption_total, "export": d.export_total}.get(kind)
        if not self.whole or whole is None:
            return self.array(kind).sum(axis=1)
        t = whole[self.rows]
        if kind == "consumption":
            for j, r in enumerate(self.rows.tolist()):
                f = d.filled.get(r)
                if f is not None:
                    t[j] = f[1][self.i0 - f[0]:self.i1 - f[0]].sum()
        odd = ~np.isfinite(t)
        if odd.any():                      # not a number: what the array itself sums to
            t[odd] = self.array(kind)[odd].sum(axis=1)
        return t

    def export_wrong(self) -> np.ndarray:
        """[rows] bool: some exported value is unknown (NaN) or negative."""
        d = self.data
        if self.whole and d.export_min is not None:
            m = d.export_min[self.rows]
            return np.isnan(m) | (m < 0)
        ex = np.asarray(d.export[self.rows, self.i0:self.i1], dtype=np.float64)
        return np.isnan(ex).any(axis=1) | (ex < 0).any(axis=1)


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


def period_sums(kwh: np.ndarray, cols: tuple[np.ndarray, ...]) -> np.ndarray:
    """[rows, k]: each row's kWh summed over the intervals of each time-of-use period
    (``cols[k]``: their columns). Plain numpy sums, not a matrix product: BLAS would start
    its threads, which on a machine with few cores took CPU from the billing itself."""
    out = np.empty((kwh.shape[0], len(cols)))
    for k, c in enumerate(cols):
        out[:, k] = kwh[:, c].sum(axis=1) if len(c) else 0.0
    return out


def basis_kind(ctype: ComponentType) -> str:
    """Which energy a per-kWh component prices: grid energy, export or local energy."""
    if ctype in PER_KWH_ON_GRID:
        return "grid"
    if ctype is ComponentType.FEED_IN:
        return "export"
    if ctype is ComponentType.COMMUNITY_ENERGY:
        return "local"
    raise ValueError(f"{ctype} is not priced per kWh")


def basis(block: Block, ctype: ComponentType, kind: str | None = None) -> np.ndarray | None:
    """The kWh a per-kWh component prices (None: the block has no such energy); ``kind``
    overrides the component type's own basis (e.g. grid usage on local energy in a LEG)."""
    k = kind or basis_kind(ctype)
    return block.array({"local": "local_clipped"}.get(k, k))


@dataclass
class Quantities:
    """What the lines of one component need, one entry per block row."""

    total: np.ndarray | None = None          # [rows] kWh (per-kWh components)
    by_period: np.ndarray | None = None      # [rows, k] kWh per tou period
    dyn_sum: list[int] | None = None         # exact sums (see prices.dynamic_sums)
    dyn_kwh: list[int] | None = None
    no_price: np.ndarray | None = None       # [rows] int: intervals used without a price
    peaks: list[tuple[MonthSlice, np.ndarray]] | None = None  # power: kW per month slice


def _window_max(part: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """[rows] the largest value of ``part`` [rows, cols] in the columns where ``inside`` (0 when
    there are none): the maximum of each run of inside columns, without copying them out."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], inside, [False])).astype(np.int8)))
    if not len(edges):
        return np.zeros(part.shape[0])
    starts, ends = edges[0::2], edges[1::2]          # runs [start, end) of inside columns
    bounds = np.stack([starts, ends], axis=1).ravel()
    if bounds[-1] == part.shape[1]:
        bounds = bounds[:-1]
    return np.maximum.reduceat(part, bounds, axis=1)[:, 0::2].max(axis=1)


def compute(block: Block, comp: Component, prices: dict[str, np.ndarray],
            kind: str | None = None) -> Quantities:
    """``kind``: price the component on this energy instead of its type's own
    ('grid', 'local', 'export', 'consumption')."""
    v = block.seg.version
    rows = block.n
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
            if mask is None:
                peak = part.max(axis=1) * 4.0 if part.shape[1] else np.zeros(rows)
            else:
                peak = _window_max(part, mask[ms.a:ms.b]) * 4.0
            peaks.append((ms, np.maximum(peak, 0.0)))
        return Quantities(peaks=peaks)
    kind = kind or basis_kind(comp.type)
    if (kind == "local" and not block.with_local) or (kind == "export" and not block.with_export):
        return Quantities(total=np.zeros(rows))
    q = Quantities(total=block.total(kind))
    if comp.type is ComponentType.COMMUNITY_ENERGY and comp.pricing is Pricing.DYNAMIC:
        raise ValueError("community energy cannot be priced dynamically")
    if comp.pricing is Pricing.FLAT:
        return q
    kwh = basis(block, comp.type, kind)
    if comp.pricing is Pricing.TOU:
        sched = v.schedule_for(comp)
        cols = tou_columns(sched, block.grid, v.holidays_country, v.holidays_subdiv,
                           block.i0, block.i1)
        q.by_period = period_sums(kwh, cols)
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
