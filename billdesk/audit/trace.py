"""A bill line traced to the 15-minute intervals behind it (``bill show --explain``;
docs/audit.md "Explain a bill"): which energy the line priced (grid, export, local, peak kW),
which intervals (the line's dates, a month, a time-of-use period), how many, their sum —
checked against the line's quantity — and, on request, every interval with its quality."""

from __future__ import annotations

from datetime import date, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from billdesk.domain.period import INTERVAL, Period
from billdesk.domain.quality import Quality
from billdesk.domain.tariff import ComponentType, Pricing
from billdesk.engine.money import quantity
from billdesk.engine.quality import fill_gaps
from billdesk.engine.schedule import tou_index
from billdesk.engine.segments import segments
from billdesk.engine.timegrid import time_grid

_ENERGY = {ComponentType.ENERGY: "grid", ComponentType.GRID: "grid",
           ComponentType.LEVY: "grid", ComponentType.FEED_IN: "export",
           ComponentType.COMMUNITY_ENERGY: "local"}
_ENERGY_TEXT = {"grid": "energy from the grid (consumption less local energy)",
                "export": "energy fed in (export)", "local": "community energy allocated",
                "peak": "15-minute average power from the grid (kWh x 4)",
                "consumption": "consumption"}



def energies(bi, period: Period, tz_name: str) -> dict:
    """The energies the engine priced, per interval: consumption with gaps filled (as the
    engine fills them), local (clipped to consumption), grid, export."""
    g = time_grid(period, tz_name)
    start, end = bi.supply
    segs = segments(bi.versions, start, end, period)
    i0, i1 = int(g.day_first[segs[0].d0]), int(g.day_first[segs[-1].d1])
    cons = np.array(bi.consumption, dtype=np.float64)
    flags = bi.flags
    c = cons[i0:i1]
    missing = (flags[i0:i1] > Quality.ESTIMATED) | np.isnan(c)
    filled = np.zeros(g.n, dtype=bool)
    if missing.any() and not missing.all():
        floor = None if bi.local is None else np.nan_to_num(bi.local[i0:i1])
        cons[i0:i1] = fill_gaps(c, missing, g.minute[i0:i1], floor)
        filled[i0:i1] = missing
    local = None if bi.local is None else np.clip(np.nan_to_num(bi.local), 0.0, cons)
    grid = cons if local is None else cons - local
    export = None if bi.export is None else np.nan_to_num(bi.export)
    return {"grid_t": g, "segs": segs, "i0": i0, "i1": i1, "consumption": cons, "local": local,
            "grid": grid, "export": export, "filled": filled, "flags": flags}


def _window(ln, arrays, period: Period) -> tuple[int, int, str]:
    """The intervals [a, b) a line covers and how they were chosen."""
    g = arrays["grid_t"]
    a, b = arrays["i0"], arrays["i1"]
    what = "the supplied days of the period"
    if ln.period_start and ln.period_end:
        a = max(a, int(g.day_first[(ln.period_start - period.start).days]))
        b = min(b, int(g.day_first[(ln.period_end - period.start).days]))
        what = f"{ln.period_start}..{ln.period_end - timedelta(days=1)}"
    detail = ln.detail or ""
    if ln.component in ("base_fee", "power") and len(detail) >= 7 and detail[4] == "-":
        y, m = int(detail[:4]), int(detail[5:7])
        first = date(y, m, 1)
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        d0 = max((first - period.start).days, 0)
        d1 = min((nxt - period.start).days, period.days)
        a, b = max(a, int(g.day_first[d0])), min(b, int(g.day_first[d1]))
        what = f"month {first:%Y-%m}" + (f" ({what})" if ln.period_start else "")
    return a, b, what


def _component_of(ln, arrays, a: int):
    for sg in arrays["segs"]:
        g = arrays["grid_t"]
        if int(g.day_first[sg.d0]) <= a < int(g.day_first[sg.d1]) or len(arrays["segs"]) == 1:
            for c in sg.version.components:
                if c.type.value == ln.component and c.label == ln.label:
                    return c, sg
            return None, sg
    return None, arrays["segs"][0]


def trace_line(ln, bi, arrays, period: Period, tz_name: str, sign: int):
    """(basis, selected interval indexes) of one line."""
    a, b, what = _window(ln, arrays, period)
    g = arrays["grid_t"]
    t0 = g.start_utc
    comp, seg = _component_of(ln, arrays, a)
    if ln.component == "base_fee":
        return {"selection": f"a fixed fee for {what}: no interval data"}, None
    if ln.component == "rounding":
        return {"selection": "payable rounding of the total to 0.05"}, None
    if ln.component == "power":
        kind, unit = "peak", "kW"
        src = arrays["grid"]
    else:
        kind = _ENERGY.get(ComponentType(ln.component), "grid")
        unit = "kWh"
        src = arrays[kind]
    idx = np.arange(a, b)
    selection = what
    if comp is not None and ((comp.pricing is Pricing.TOU and ln.component != "power")
                             or (ln.component == "power" and comp.windows)):
        sched = seg.version.schedule_for(comp)
        names = sched.period_names
        tou = tou_index(sched, g, seg.version.holidays_country, seg.version.holidays_subdiv)
        wanted = list(comp.windows) if ln.component == "power" else [ln.detail]
        ks = [names.index(w) for w in wanted if w in names]
        idx = idx[np.isin(tou[a:b], ks)]
        selection += f", time-of-use period {', '.join(wanted)}"
    if src is None:
        values = np.zeros(len(idx))
    else:
        values = src[idx]
    basis = {"energy": kind, "energy_text": _ENERGY_TEXT[kind], "selection": selection,
             "intervals": int(len(idx)), "unit": unit,
             "from": (t0 + int(idx[0]) * INTERVAL) if len(idx) else None,
             "to": (t0 + (int(idx[-1]) + 1) * INTERVAL) if len(idx) else None,
             "filled": int(arrays["filled"][idx].sum()) if len(idx) else 0}
    if kind == "peak":
        kw = values * 4.0
        j = int(np.argmax(kw)) if len(kw) else 0
        peak = quantity(float(kw[j])) if len(kw) else Decimal(0)
        basis.update(sum=peak, peak_kw=peak,
                     peak_at=(t0 + int(idx[j]) * INTERVAL) if len(kw) else None)
        shown = Decimal(str(ln.quantity))
        basis["matches"] = peak == abs(shown) or "days" in (ln.detail or "")
        if "days" in (ln.detail or ""):
            basis["selection"] += " (the peak prorated by days, see the line's detail)"
    else:
        total = quantity(float(values.sum()))
        basis["sum"] = total
        basis["matches"] = total == abs(ln.quantity)
    if comp is not None and comp.pricing is Pricing.DYNAMIC and len(idx):
        arr = bi.prices.get(comp.series)
        if arr is not None:
            p = np.asarray(arr, dtype=np.float64)[idx]
            exact = Decimal(str(float(np.nansum(values * (p * float(comp.multiplier)
                                                          + float(comp.offset))))))
            basis["price_series"] = comp.series
            basis["dynamic_amount"] = (exact * sign).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    return basis, idx


def interval_list(idx, arrays, bi, ln, tz_name: str) -> list[dict]:
    from billdesk.domain.period import zone

    g = arrays["grid_t"]
    zi = zone(tz_name)
    kind = "peak" if ln.component == "power" else _ENERGY.get(ComponentType(ln.component),
                                                              "grid")
    src = arrays["grid" if kind == "peak" else kind]
    flags = arrays["flags"]
    price = None
    comp, _seg = _component_of(ln, arrays, int(idx[0]) if len(idx) else 0)
    if comp is not None and comp.pricing is Pricing.DYNAMIC:
        price = bi.prices.get(comp.series)
    out = []
    for i in idx.tolist():
        t = (g.start_utc + i * INTERVAL).astimezone(timezone.utc)
        v = 0.0 if src is None else float(src[i])
        row = {"start": t.isoformat(), "local": t.astimezone(zi).isoformat(),
               "value": format(Decimal(f"{v * (4 if kind == 'peak' else 1):.4f}"), "f"),
               "unit": "kW" if kind == "peak" else "kWh",
               "quality": "filled" if arrays["filled"][i] else Quality(int(flags[i])).label}
        if price is not None:
            row["price"] = format(Decimal(f"{float(price[i]):.6f}"), "f")
        out.append(row)
    return out


__all__ = ["energies", "interval_list", "trace_line"]
