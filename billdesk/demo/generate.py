"""Interval data of one demo month: 15-minute kWh per metering point, with quality flags.

Vectorised over all points of a block of sites at once (no Python loop per interval). Sites
are processed in fixed blocks of ``BLOCK`` sites, each with its own random streams seeded from
``(seed, year, month, block, stream)``; the result therefore does not depend on the number of
worker threads, on which other months are generated, or on the process.

Model:
- consumption = annual kWh × BDEW profile (H25/G25/L25, normalised to 1 per calendar year,
  local clock time, Swiss holidays of ZH as Sundays) × a lognormal day factor per site and day
  × a lognormal factor per interval;
- PV = kWp × orientation factor × clear-sky output (data.clear_sky_pv) × regional cloudiness
  (a Beta-distributed clearness per day, monthly means for the Swiss plateau, smooth hourly
  variation) × a small lognormal noise; prosumers' meters record the net flows:
  consumption point = max(load - PV, 0), production point = max(PV - load, 0);
- defects (version 1): substituted runs (value of the same interval one day earlier), estimated
  runs (one week earlier) and a few whole months estimated (typical day), short gaps of 1–8
  intervals and a few long gaps of 1–4 days (value 0, ``missing``);
- version 2 (late corrections, in about 60 % of months): about 15 % of the points that had a
  defect and 0.5 % of the others, re-delivered complete and measured (the latter with one day
  (the one with the most energy) re-read by a factor 0.85–1.15).
Outside an account's supply (move-in / move-out inside the month) the meter reads 0 (vacant).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from billdesk.demo.data import clear_sky_pv, month_calendar, profile_month
from billdesk.demo.portfolio import DemoPortfolio
from billdesk.domain.period import Period
from billdesk.domain.quality import Quality

BLOCK = 2048  # sites per random-stream block; changing it changes the data
SIGMA_INTERVAL = np.array([0.35, 0.20, 0.30], dtype=np.float32)  # H25, G25, L25
SIGMA_DAY = np.array([0.20, 0.10, 0.15])
SIGMA_PV = np.float32(0.06)
# mean daily clearness (share of clear-sky PV output) per month, Swiss plateau (fog in winter)
CLEARNESS = np.array([0.36, 0.45, 0.52, 0.56, 0.55, 0.60, 0.63, 0.60, 0.56, 0.47, 0.38, 0.32])
CORRECTION_MONTH_SHARE = 0.6

MEASURED, SUBSTITUTED, ESTIMATED, MISSING = (int(q) for q in Quality)


@dataclass
class MonthData:
    points: list[str]
    start_utc: datetime
    values: np.ndarray   # float64 [n_points, n_intervals] kWh per 15 min
    flags: np.ndarray    # uint8 Quality

    @property
    def n_intervals(self) -> int:
        return self.values.shape[1]


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([int(k) for k in key])


def _cloudiness(seed: int, month: Period, cal) -> np.ndarray:
    """Regional clearness per interval (shared by all PV plants)."""
    rng = _rng(seed, month.start.year, month.start.month, 7)
    mu = CLEARNESS[month.start.month - 1]
    conc = 3.0
    k_day = rng.beta(mu * conc, (1 - mu) * conc, cal.n_days)
    hours = cal.n // 4 + 2
    hourly = rng.standard_normal(hours)
    smooth = np.interp(np.arange(cal.n) / 4.0, np.arange(hours), hourly)
    k = k_day[cal.day]
    return np.clip(k * (1 + 0.5 * (1 - k) * smooth), 0.02, 1.0)


def _runs(rows, starts, lengths, n):
    """Flat indices of runs [start, start+length) in rows of width n (clipped at the end)."""
    if len(rows) == 0:
        return np.empty(0, dtype=np.int64)
    lengths = np.minimum(lengths, n - starts)
    total = int(lengths.sum())
    offs = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(rows * n + starts, lengths) + offs


def _plan(rng, R: int, n: int):
    """Defects of version 1 for R rows: (whole_month_rows, sub_idx, est_idx, miss_idx)."""
    whole = np.flatnonzero(rng.random(R) < 0.002)
    # substituted: 1-2 runs of 1 h to 1 day
    r = np.flatnonzero(rng.random(R) < 0.06)
    r = np.repeat(r, rng.integers(1, 3, len(r)))
    ln = rng.integers(4, 97, len(r))
    sub = _runs(r, rng.integers(0, n - 4, len(r)), ln, n)
    # estimated: one run of 1-3 days
    r = np.flatnonzero(rng.random(R) < 0.02)
    ln = rng.integers(1, 4, len(r)) * 96
    est = _runs(r, rng.integers(0, n - 96, len(r)), ln, n)
    # short gaps: 1-3 gaps of 1-8 intervals
    r = np.flatnonzero(rng.random(R) < 0.03)
    r = np.repeat(r, rng.integers(1, 4, len(r)))
    ln = rng.integers(1, 9, len(r))
    short = _runs(r, rng.integers(0, n - 8, len(r)), ln, n)
    # long gaps: 1-4 days
    r = np.flatnonzero(rng.random(R) < 0.003)
    ln = rng.integers(96, 385, len(r))
    long_ = _runs(r, rng.integers(0, n - 96, len(r)), ln, n)
    return whole, sub, est, np.concatenate([short, long_])


def _vacancy(s0: int, s1: int, p: DemoPortfolio, month: Period) -> list[tuple[int, int, int]]:
    """(site, first vacant local day, last vacant local day exclusive) for sites of a block."""
    m = p.model
    out = []
    for s in range(s0, s1):
        a, b = m.supply_start[s], m.supply_end[s]
        if a is not None and a > month.start:
            out.append((s, 0, min((a - month.start).days, month.days)))
        if b is not None and b < month.end:
            out.append((s, max(0, (b - month.start).days), month.days))
    return out


def _block_truth(p: DemoPortfolio, month: Period, cal, base, pvb, b: int):
    """True values for the sites of block b: (rows [point indices], values float32 [R, n])."""
    m = p.model
    s0, s1 = b * BLOCK, min((b + 1) * BLOCK, len(m.cons_row))
    sites = np.arange(s0, s1)
    cs = sites[m.cons_row[s0:s1] >= 0]
    ps = sites[m.prod_row[s0:s1] >= 0]
    nc, npv, n = len(cs), len(ps), cal.n
    rng = _rng(p.seed, month.start.year, month.start.month, b, 0)
    V = np.empty((nc + npv, n), dtype=np.float32)
    if nc:
        kind = m.kind[cs]
        L = V[:nc]
        np.take(base, kind, axis=0, out=L)
        z = rng.standard_normal((nc, n), dtype=np.float32)
        sig = SIGMA_INTERVAL[kind][:, None]
        z *= sig
        z -= sig * sig / 2
        np.exp(z, out=z)
        L *= z
        del z
        sd = SIGMA_DAY[kind][:, None]
        dayf = np.exp(rng.standard_normal((nc, cal.n_days)) * sd - sd * sd / 2)
        dayf *= m.annual_kwh[cs][:, None]
        L *= np.take(dayf.astype(np.float32), cal.day, axis=1)
    if npv:
        G = V[nc:]
        z = rng.standard_normal((npv, n), dtype=np.float32)
        z *= SIGMA_PV
        z -= SIGMA_PV * SIGMA_PV / 2
        np.exp(z, out=z)
        np.multiply(pvb[None, :], z, out=G)
        G *= (m.kwp[ps] * m.orient[ps]).astype(np.float32)[:, None]
        # prosumers: net import / export
        both = np.flatnonzero(m.cons_row[ps] >= 0)
        if len(both):
            ci = np.searchsorted(cs, ps[both])
            load, gen = V[ci], V[nc + both]
            V[ci] = np.maximum(load - gen, 0)
            V[nc + both] = np.maximum(gen - load, 0)
    rows = np.concatenate([m.cons_row[cs], m.prod_row[ps]])
    # vacant premises read 0
    for s, d0, d1 in _vacancy(s0, s1, p, month):
        for r in (m.cons_row[s], m.prod_row[s]):
            if r >= 0:
                V[int(np.flatnonzero(rows == r)[0]), (cal.day >= d0) & (cal.day < d1)] = 0
    return rows, V


def _apply_plan(V: np.ndarray, plan, cal) -> np.ndarray:
    n = cal.n
    whole, sub, est, miss = plan
    F = np.zeros(V.shape, dtype=np.uint8)
    Vf, Ff = V.reshape(-1), F.reshape(-1)
    counts = np.maximum(np.bincount(cal.qh, minlength=96), 1)
    for r in whole:  # a few rows: typical day of the month
        typical = np.bincount(cal.qh, weights=V[r], minlength=96) / counts
        V[r] = typical[cal.qh]
        F[r] = ESTIMATED
    t = sub % n
    Vf[sub] = Vf[np.where(t >= 96, sub - 96, sub + 96)]
    Ff[sub] = SUBSTITUTED
    t = est % n
    Vf[est] = Vf[np.where(t >= 672, est - 672, est + 672)]
    Ff[est] = ESTIMATED
    Vf[miss] = 0
    Ff[miss] = MISSING
    return F


def _present(p: DemoPortfolio, month: Period) -> np.ndarray:
    """Bool per metering point: delivers data this month."""
    m = p.model
    present = np.ones(len(p.metering_points), dtype=bool)
    present[list(m.no_data_rows)] = False
    for s in range(len(m.cons_row)):
        a, b = m.supply_start[s], m.supply_end[s]
        if (a is not None and a >= month.end) or (b is not None and b <= month.start):
            for r in (m.cons_row[s], m.prod_row[s]):
                if r >= 0:
                    present[r] = False
    return present


def has_corrections(seed: int, month: Period) -> bool:
    return bool(_rng(seed, month.start.year, month.start.month, 3).random()
                < CORRECTION_MONTH_SHARE)


def generate_month(p: DemoPortfolio, month: Period, version: int = 1,
                   workers: int | None = None) -> MonthData | None:
    """Interval data of ``month`` (a local calendar month).

    version 1: the first delivery of every point with data; version 2: the late corrections
    (only the corrected rows), or None if the month has none.
    """
    if version not in (1, 2):
        raise ValueError("version must be 1 or 2")
    if p.model is None:
        raise ValueError("portfolio has no generation model (build it with build_portfolio)")
    if version == 2 and not has_corrections(p.seed, month):
        return None
    cal = month_calendar(month, p.timezone)
    n = cal.n
    base = np.stack([profile_month(k, month, p.timezone) for k in range(3)]).astype(np.float32)
    pvb = (clear_sky_pv(cal) * _cloudiness(p.seed, month, cal)).astype(np.float32)
    present = _present(p, month)
    pos = np.cumsum(present) - 1
    n_blocks = -(-len(p.model.cons_row) // BLOCK)
    codes = [c for c, _ in p.metering_points]
    y, mo = month.start.year, month.start.month

    if version == 1:
        values = np.empty((int(present.sum()), n), dtype=np.float64)
        flags = np.empty((int(present.sum()), n), dtype=np.uint8)

        def work(b: int) -> None:
            rows, V = _block_truth(p, month, cal, base, pvb, b)
            plan = _plan(_rng(p.seed, y, mo, b, 1), len(rows), n)
            F = _apply_plan(V, plan, cal)
            keep = present[rows]
            values[pos[rows[keep]]] = V[keep]
            flags[pos[rows[keep]]] = F[keep]

        _run(work, n_blocks, workers)
        return MonthData([c for c, ok in zip(codes, present) if ok], cal.start_utc,
                         values, flags)

    parts: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def work2(b: int) -> None:
        rng2 = _rng(p.seed, y, mo, b, 2)
        s0, s1 = b * BLOCK, min((b + 1) * BLOCK, len(p.model.cons_row))
        m = p.model
        R = int((m.cons_row[s0:s1] >= 0).sum() + (m.prod_row[s0:s1] >= 0).sum())
        whole, sub, est, miss = _plan(_rng(p.seed, y, mo, b, 1), R, n)
        defect = np.zeros(R, dtype=bool)
        for idx in (sub, est, miss):
            defect[idx // n] = True
        defect[whole] = True
        u = rng2.random(R)
        factor = rng2.uniform(0.85, 1.15, R)
        sel = np.where(defect, u < 0.15, u < 0.005)
        rows_all = np.concatenate([m.cons_row[s0:s1][m.cons_row[s0:s1] >= 0],
                                   m.prod_row[s0:s1][m.prod_row[s0:s1] >= 0]])
        sel &= present[rows_all]
        if not sel.any():
            return
        rows, V = _block_truth(p, month, cal, base, pvb, b)
        for r in np.flatnonzero(sel & ~defect):   # re-read the day with the most energy
            day = int(np.argmax(np.bincount(cal.day, weights=V[r], minlength=cal.n_days)))
            V[r, cal.day == day] *= np.float32(factor[r])
        parts[b] = (rows[sel], V[sel])

    _run(work2, n_blocks, workers)
    if not parts:
        return None
    rows = np.concatenate([parts[b][0] for b in sorted(parts)])
    V = np.concatenate([parts[b][1] for b in sorted(parts)])
    order = np.argsort(rows, kind="stable")
    rows, V = rows[order], V[order]
    return MonthData([codes[r] for r in rows], cal.start_utc, V.astype(np.float64),
                     np.zeros(V.shape, dtype=np.uint8))


def _run(fn, n_blocks: int, workers: int | None) -> None:
    workers = workers or min(4, os.cpu_count() or 1)
    if workers <= 1 or n_blocks <= 1:
        for b in range(n_blocks):
            fn(b)
        return
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(fn, range(n_blocks)))


def generate_months(p: DemoPortfolio, version: int = 1):
    """Yield (month, MonthData | None) for every demo month, one month at a time."""
    for month in p.months:
        yield month, generate_month(p, month, version)
