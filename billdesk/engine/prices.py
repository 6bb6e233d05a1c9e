"""Index price series on the interval grid, and exact sums of kWh x dynamic price."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Context, Decimal

import numpy as np

from billdesk.domain.period import INTERVAL, Period

MICRO = 1_000_000  # kWh and prices are summed in integer micro-units (1e-6)
_INT64_SAFE = 9.0e18
_WIDE = Context(prec=60)  # exact for any realistic sum (no rounding happens at 60 digits)
_MICRO2 = Decimal(MICRO * MICRO)


def expand_series(start_utc: datetime, step_minutes: int, values, period: Period,
                  tz: str) -> np.ndarray:
    """float64 [n_int] price per 15-minute interval of ``period`` (NaN where unknown).

    ``values[k]`` applies from ``start_utc + k * step_minutes``; an hourly value applies to
    its four quarter-hours. ``step_minutes`` must be a multiple of 15.
    """
    if step_minutes <= 0 or step_minutes % 15:
        raise ValueError(f"price step must be a multiple of 15 minutes, got {step_minutes}")
    if start_utc.tzinfo is None:
        raise ValueError("start_utc must be timezone-aware")
    p0, _ = period.utc_bounds(tz)
    n = period.n_intervals(tz)
    rep = step_minutes // 15
    offset = (start_utc.astimezone(timezone.utc) - p0) / INTERVAL
    if offset != int(offset):
        raise ValueError(f"series start {start_utc.isoformat()} is not on a 15-minute boundary")
    fine = np.repeat(np.asarray(values, dtype=np.float64), rep)
    out = np.full(n, np.nan)
    a = int(offset)
    lo, hi = max(a, 0), min(a + len(fine), n)
    if hi > lo:
        out[lo:hi] = fine[lo - a:hi - a]
    return out


def to_micro(a: np.ndarray) -> np.ndarray:
    """int64 micro-units of a float array (rounded to the nearest 1e-6); NaN -> 0."""
    x = a * MICRO
    np.rint(x, out=x)
    if np.isnan(x).any():
        x = np.nan_to_num(x, nan=0.0)
    return x.astype(np.int64)


def dynamic_sums(kwh: np.ndarray, price: np.ndarray) -> tuple[list[int], list[int]]:
    """Per row: (sum of kWh_micro * price_micro, sum of kWh_micro) as exact Python ints.

    kWh and prices are taken to 1e-6 (micro-kWh, micro-currency per kWh); the products are
    summed in integers, so the money sum is exact and independent of the summing order.
    """
    w = to_micro(kwh)
    p = to_micro(price)
    n = w.shape[1]
    bound = float(np.abs(w).max(initial=0)) * float(np.abs(p).max(initial=0)) * max(n, 1)
    if bound < _INT64_SAFE:
        s = (w * p[None, :]).sum(axis=1)
    else:  # very large values: fall back to Python integers
        s = (w.astype(object) * p.astype(object)[None, :]).sum(axis=1)
    return [int(x) for x in s], [int(x) for x in w.sum(axis=1)]


def dynamic_amount(s: int, wsum: int, multiplier: Decimal, offset: Decimal) -> Decimal:
    """Exact sum over intervals of kWh * (price * multiplier + offset)."""
    w = _WIDE
    num = w.add(w.multiply(multiplier, Decimal(s)), w.multiply(offset, Decimal(wsum * MICRO)))
    return w.divide(num, _MICRO2)
