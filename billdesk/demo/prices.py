"""The demo's index price series: real Swiss day-ahead prices of 2018 mapped onto demo years.

Each demo hour takes the 2018 price of the same ISO week (53 → 52), the same weekday and the
same local clock hour, so weekly and daily patterns and the seasons line up. EUR/MWh are
converted to CHF/kWh as ``price / 1000 × EUR_CHF`` (nothing else is added; tariffs add their
own offset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np

from billdesk.demo.data import day_ahead_2018
from billdesk.domain.period import Period, zone

EUR_CHF = 0.95          # fixed demo exchange rate, CHF per EUR
PRICE_QUANTUM = 5       # decimals of CHF/kWh kept


@dataclass
class PriceSeries:
    code: str
    start_utc: datetime
    step_minutes: int
    prices: list[Decimal]      # CHF per kWh, one per step

    @property
    def array(self) -> np.ndarray:
        return np.array([float(p) for p in self.prices])

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(minutes=self.step_minutes * len(self.prices))


def day_2018(d: date) -> int:
    """Day index (0-based) in 2018 of the day with ``d``'s ISO week and weekday."""
    _, week, wd = d.isocalendar()
    return date.fromisocalendar(2018, min(week, 52), wd).timetuple().tm_yday - 1


def hourly_prices(window: Period, tz_name: str = "Europe/Zurich") -> tuple[datetime, np.ndarray]:
    """UTC start and hourly CHF/kWh floats covering ``window`` (local days)."""
    tz = zone(tz_name)
    a, b = window.utc_bounds(tz)
    hours = int((b - a) / timedelta(hours=1))
    table = day_ahead_2018()
    days = np.empty(hours, dtype=np.int64)
    hod = np.empty(hours, dtype=np.int64)
    cache: dict[date, int] = {}
    for h in range(hours):   # one step per hour of the window (~9,500 for 13 months)
        loc = (a + timedelta(hours=h)).astimezone(tz)
        d = loc.date()
        if d not in cache:
            cache[d] = day_2018(d)
        days[h] = cache[d]
        hod[h] = loc.hour
    return a, table[days, hod] / 1000.0 * EUR_CHF


def price_series(window: Period, code: str = "CH-DA",
                 tz_name: str = "Europe/Zurich") -> PriceSeries:
    start, chf = hourly_prices(window, tz_name)
    q = Decimal(1).scaleb(-PRICE_QUANTUM)
    prices = [Decimal(f"{v:.{PRICE_QUANTUM}f}").quantize(q) + 0 for v in chf]
    return PriceSeries(code, start, 60, prices)
