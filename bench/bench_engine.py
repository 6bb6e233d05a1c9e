"""Benchmark: the engine alone bills 10,000 accounts x one month of 15-minute data.

Mixed tariffs: flat, time-of-use with a power charge, dynamic (hourly index), community
members (local energy + feed-in). Arrays are built in memory first; only bill_batch is timed.

    .venv/bin/python bench/bench_engine.py [--accounts N] [--repeat R] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import time
from datetime import date, datetime, timezone
from decimal import Decimal

import numpy as np

from billdesk.domain.community import Allocation
from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.tariff import TariffVersion
from billdesk.engine import AccountSpec, BatchInput, allocate, bill_batch, expand_series

SCHED = {"default": "low", "rules": [{"days": ["weekday"], "from": "07:00", "to": "20:00",
                                      "period": "high"},
                                     {"days": ["saturday"], "from": "07:00", "to": "13:00",
                                      "period": "high"}]}


def _t(code, comps, valid_from="2024-01-01"):
    return TariffVersion.from_dict({"code": code, "currency": "CHF", "valid_from": valid_from,
                                    "schedule": SCHED, "components": comps})


def tariffs():
    base = {"type": "base_fee", "price": "9.50", "vat_rate": "8.1"}
    levy = {"type": "levy", "price": "0.023", "vat_rate": "8.1"}
    feed = {"type": "feed_in", "price": "0.081", "vat_rate": "0"}
    flat = _t("FLAT", [base, {"type": "energy", "price": "0.2741", "vat_rate": "8.1"},
                       {"type": "grid", "price": "0.1012", "vat_rate": "8.1"}, levy, feed])
    tou = _t("TOU", [base, {"type": "energy", "pricing": "tou",
                            "prices": {"high": "0.31", "low": "0.22"}, "vat_rate": "8.1"},
                     {"type": "grid", "pricing": "tou", "prices": {"high": "0.09", "low": "0.05"},
                      "vat_rate": "8.1"},
                     {"type": "power", "price": "11.30", "vat_rate": "8.1", "windows": ["high"]},
                     levy])
    dyn = _t("DYN", [base, {"type": "energy", "pricing": "dynamic", "series": "SPOT",
                            "multiplier": "1.05", "offset": "0.015", "vat_rate": "8.1"},
                     {"type": "grid", "price": "0.1012", "vat_rate": "8.1"}, levy,
                     {"type": "feed_in", "pricing": "dynamic", "series": "SPOT",
                      "vat_rate": "0"}])
    comm = _t("COMM", [base, {"type": "energy", "price": "0.2741", "vat_rate": "8.1"},
                       {"type": "grid", "price": "0.1012", "vat_rate": "8.1"}, levy, feed,
                       {"type": "community_energy", "price": "0.18", "vat_rate": "8.1"}])
    return [flat, tou, dyn, comm]


def build(n_acc: int, seed: int = 1):
    period, tz = Period.parse("2025-03"), "Europe/Zurich"
    n = period.n_intervals(tz)
    rng = np.random.default_rng(seed)
    shape = np.sin(np.linspace(0, 2 * np.pi * period.days, n)) * 0.5 + 1.0
    cons = np.round(rng.gamma(2.0, 0.06, (n_acc, n)) * shape, 3)
    flags = np.zeros((n_acc, n), dtype=np.uint8)
    flags[rng.random((n_acc, n)) < 0.002] = 1
    gap_rows = rng.choice(n_acc, n_acc // 50, replace=False)
    for r in gap_rows:                       # 2 % of accounts have a 1-hour gap
        s = rng.integers(0, n - 4)
        flags[r, s:s + 4] = 3
        cons[r, s:s + 4] = np.nan
    kinds = rng.choice(4, n_acc, p=[0.4, 0.25, 0.2, 0.15])
    export = np.zeros((n_acc, n))
    pv = np.clip(np.sin(np.linspace(-np.pi / 2, 2 * np.pi * period.days - np.pi / 2, n)), 0, None)
    prosumer = (kinds == 2) | (kinds == 0) & (rng.random(n_acc) < 0.1)
    export[prosumer] = np.round(pv * rng.uniform(0.2, 1.0, (prosumer.sum(), 1)), 3)
    local = np.zeros((n_acc, n))
    members = np.flatnonzero(kinds == 3)
    for grp in np.array_split(members, max(1, len(members) // 50)):   # communities of ~50
        prod = pv * 0.3 * len(grp)
        c = np.nan_to_num(cons[grp])
        loc, surplus = allocate(Allocation.DYNAMIC, c, prod, np.ones(c.shape, bool), None)
        local[grp] = loc
    hourly = rng.normal(0.12, 0.04, period.days * 24 + 2)
    spot = expand_series(datetime(2025, 2, 28, 23, tzinfo=timezone.utc), 60, hourly, period, tz)
    ts = tariffs()
    accounts = []
    for k in range(n_acc):
        start = date(2025, 3, 11) if k % 97 == 0 else date(2020, 1, 1)
        accounts.append(AccountSpec(f"ACC{k:06d}", [ts[kinds[k]]], start, None,
                                    Decimal("0.18") if kinds[k] == 3 else None, f"v{k}"))
    return BatchInput(period, tz, accounts, cons, flags, export, local, {"SPOT": spot}, True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    batch = build(args.accounts)
    print(f"built {args.accounts} accounts x {batch.consumption.shape[1]} intervals "
          f"in {time.perf_counter() - t0:.2f} s")
    thresholds = Thresholds(max_missing=8)
    times, cpu = [], []
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        out = bill_batch(batch, thresholds)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    ok = sum(o.bill is not None for o in out)
    lines = sum(len(o.bill.lines) for o in out if o.bill)
    total = sum(o.bill.total for o in out if o.bill)
    print(f"bill_batch: best {min(times):.3f} s, runs " + ", ".join(f"{x:.3f}" for x in times))
    # CPU time of this process: on a machine shared with other jobs it is the steadier figure
    print(f"bill_batch CPU: best {min(cpu):.3f} s, runs " + ", ".join(f"{x:.3f}" for x in cpu))
    print(f"bills {ok}/{len(out)}, lines {lines}, total {total} CHF")
    errors = {}
    for o in out:
        if o.error_code:
            errors[o.error_code] = errors.get(o.error_code, 0) + 1
    if errors:
        print("errors:", errors)
    print(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
          f"numpy {np.__version__}, Python {platform.python_version()}")
    if args.profile:
        cProfile.runctx("bill_batch(batch, thresholds)", globals(), locals(), "/tmp/bench.prof")
        pstats.Stats("/tmp/bench.prof").sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
