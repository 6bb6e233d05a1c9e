"""Shipped real data (resources/data/) and the local-time calendar of a month.

Nothing here touches a database or Qt; results are cached per process.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from billdesk.domain.period import Period, zone

PROFILE_TYPES = ("h25", "g25", "l25")  # households, business, agriculture
H25, G25, L25 = 0, 1, 2
DAY_TYPES = ("WT", "SA", "FT")         # working day, Saturday, Sunday/holiday
WT, SA, FT = 0, 1, 2


def data_dir() -> Path:
    """resources/data ($BILLDESK_RESOURCES/data if set; else via billdesk.paths, which knows
    the source tree and the frozen PyInstaller bundle)."""
    if env := os.environ.get("BILLDESK_RESOURCES"):
        return Path(env) / "data"
    from billdesk.paths import resources

    return resources() / "data"


@lru_cache(maxsize=None)
def raw_profile(kind: str) -> np.ndarray:
    """BDEW 2025 profile as float64 [12 months, 3 day types (WT, SA, FT), 96 quarter hours]."""
    path = data_dir() / "bdew" / f"{kind}.csv"
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    types = rows[1][1:]
    body = np.array([[float(v) for v in r[1:]] for r in rows[2:98]])  # [96, 36]
    out = np.empty((12, 3, 96))
    for j, t in enumerate(types):
        out[j // 3, DAY_TYPES.index(t)] = body[:, j]
    return out


@lru_cache(maxsize=None)
def day_ahead_2018() -> np.ndarray:
    """Swiss day-ahead 2018 in EUR/MWh as [365 days, 24 local clock hours].

    The missing 02:00 of 25 March is the mean of 01:00 and 03:00; of the two 02:00 hours of
    28 October the first is kept.
    """
    tz = zone("Europe/Zurich")
    out = np.full((365, 24), np.nan)
    with open(data_dir() / "prices" / "ch_day_ahead_2018.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = datetime.fromisoformat(row["start_utc"].replace("Z", "+00:00")).astimezone(tz)
            d = t.timetuple().tm_yday - 1
            if np.isnan(out[d, t.hour]):
                out[d, t.hour] = float(row["eur_per_mwh"])
    holes = np.argwhere(np.isnan(out))
    for d, h in holes:
        out[d, h] = (out[d, h - 1] + out[d, h + 1]) / 2
    return out


@lru_cache(maxsize=64)
def holidays_zh(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("CH", subdiv="ZH", years=year))


def day_type(d: date) -> int:
    if d in holidays_zh(d.year) or d.weekday() == 6:
        return FT
    if d.weekday() == 5 or (d.month == 12 and d.day in (24, 31)):
        return SA
    return WT


def h25_dynamisation(doy: np.ndarray) -> np.ndarray:
    """BDEW dynamisation polynomial for H25 (as in demandlib's DynamicBDEW25Profile)."""
    t = doy.astype(float)
    return -3.92e-10 * t**4 + 3.2e-7 * t**3 - 7.02e-5 * t**2 + 0.0021 * t + 1.24


@dataclass(frozen=True)
class MonthCalendar:
    """Every 15-minute interval of a local month: UTC start and local clock attributes."""

    period: Period
    start_utc: datetime
    n: int
    day: np.ndarray        # int: local day of the month - 1, per interval
    qh: np.ndarray         # int: local quarter hour of the day 0..95 (clock time)
    dtype: np.ndarray      # int: day type per interval (WT/SA/FT)
    doy: np.ndarray        # int: local day of year 1..366 per interval
    hour_utc: np.ndarray   # float: UTC hours since the month start (interval middle)
    utc_epoch_h: np.ndarray  # float: hours since 1970 UTC (interval middle)
    n_days: int
    day_dates: tuple[date, ...]


@lru_cache(maxsize=32)
def month_calendar(period: Period, tz_name: str = "Europe/Zurich") -> MonthCalendar:
    tz = zone(tz_name)
    a, b = period.utc_bounds(tz)
    n = int((b - a) / timedelta(minutes=15))
    # local offset per interval: one zoneinfo lookup per UTC hour (<= 745), not per point
    hours = int((b - a) / timedelta(hours=1))
    off_min = np.array([int((a + timedelta(hours=h)).astimezone(tz).utcoffset().total_seconds()
                             // 60) for h in range(hours)])
    idx = np.arange(n)
    local_min = idx * 15 + off_min[idx // 4]          # minutes since UTC start, shifted to local
    # local minutes since local midnight of period.start
    start_off = int(a.astimezone(tz).utcoffset().total_seconds() // 60)
    local_min = local_min - start_off
    day = local_min // 1440
    qh = (local_min % 1440) // 15
    days = tuple(period.start + timedelta(days=i) for i in range(period.days))
    dt_days = np.array([day_type(d) for d in days])
    doy_days = np.array([d.timetuple().tm_yday for d in days])
    epoch = a.timestamp() / 3600.0
    hour_utc = idx / 4.0 + 0.125
    return MonthCalendar(period, a, n, day, qh, dt_days[day], doy_days[day], hour_utc,
                         epoch + hour_utc, period.days, days)


@lru_cache(maxsize=64)
def profile_norm(kind_index: int, year: int) -> float:
    """Sum of the raw (dynamised for H25) profile over the local calendar year."""
    tz = "Europe/Zurich"
    total = 0.0
    for m in range(1, 13):
        p = Period(date(year, m, 1), date(year + (m == 12), m % 12 + 1, 1))
        total += float(profile_month(kind_index, p, tz, normalised=False).sum())
    return total


def profile_month(kind_index: int, period: Period, tz: str = "Europe/Zurich",
                  normalised: bool = True) -> np.ndarray:
    """kWh per interval of the month for 1 kWh per calendar year (float64 [n])."""
    cal = month_calendar(period, tz)
    raw = raw_profile(PROFILE_TYPES[kind_index])
    month0 = np.array([d.month - 1 for d in cal.day_dates])[cal.day]
    v = raw[month0, cal.dtype, cal.qh]
    if kind_index == H25:
        v = v * h25_dynamisation(cal.doy)
    if normalised:
        v = v / profile_norm(kind_index, period.start.year)
    return v


# --- PV model --------------------------------------------------------------------------

LAT, LON = 47.38, 8.54   # Zurich
TILT, AZIMUTH = 30.0, 0.0  # module tilt, azimuth from south (degrees)
PERFORMANCE_RATIO = 0.84


def clear_sky_pv(cal: MonthCalendar) -> np.ndarray:
    """Clear-sky AC energy in kWh per 15 min per kWp (float64 [n]), south-facing 30° module.

    Solar position from the day of year and UTC (Spencer declination and equation of time),
    Haurwitz clear-sky global irradiance split into beam (80 %) and isotropic diffuse.
    """
    days = cal.utc_epoch_h / 24.0
    gamma = 2 * np.pi * ((days - 10957.5) % 365.2422) / 365.2422   # year angle from 1 Jan 2000
    decl = (0.006918 - 0.399912 * np.cos(gamma) + 0.070257 * np.sin(gamma)
            - 0.006758 * np.cos(2 * gamma) + 0.000907 * np.sin(2 * gamma)
            - 0.002697 * np.cos(3 * gamma) + 0.00148 * np.sin(3 * gamma))
    eot_min = 229.18 * (0.000075 + 0.001868 * np.cos(gamma) - 0.032077 * np.sin(gamma)
                        - 0.014615 * np.cos(2 * gamma) - 0.040849 * np.sin(2 * gamma))
    solar_h = (cal.utc_epoch_h % 24.0) + LON / 15.0 + eot_min / 60.0
    omega = np.radians(15.0 * (solar_h - 12.0))
    phi = np.radians(LAT)
    cosz = np.sin(phi) * np.sin(decl) + np.cos(phi) * np.cos(decl) * np.cos(omega)
    cosz = np.clip(cosz, 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        ghi = np.where(cosz > 0.01, 1098.0 * cosz * np.exp(-0.057 / np.maximum(cosz, 0.01)), 0.0)
    beta = np.radians(TILT)
    cos_inc = (np.sin(decl) * np.sin(phi - beta)
               + np.cos(decl) * np.cos(phi - beta) * np.cos(omega))
    cos_inc = np.clip(cos_inc, 0.0, None)
    beam_h = 0.8 * ghi
    with np.errstate(divide="ignore", invalid="ignore"):
        dni = np.where(cosz > 0.05, beam_h / np.maximum(cosz, 0.05), 0.0)
    diffuse = 0.2 * ghi * (1 + np.cos(beta)) / 2
    ground = 0.2 * ghi * (1 - np.cos(beta)) / 2  # albedo 0.2
    poa = dni * cos_inc + diffuse + ground
    return poa / 1000.0 * PERFORMANCE_RATIO / 4.0
