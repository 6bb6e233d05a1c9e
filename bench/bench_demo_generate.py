"""Benchmark of the demo-data generator (billdesk.demo).

    .venv/bin/python bench/bench_demo_generate.py   # 2,000 × 13 months, then 100,000 × 1 month
    .venv/bin/python bench/bench_demo_generate.py --accounts 100000 --months 1 --workers 2

Prints wall times, the peak resident memory of the process and the data volume.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from billdesk.demo import build_portfolio, generate_month  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(accounts: int, months: int, workers: int | None, end: date) -> None:
    t0 = time.perf_counter()
    p = build_portfolio(accounts=accounts, months=months, end=end)
    t1 = time.perf_counter()
    print(f"{accounts:>7} accounts, {len(p.metering_points)} points: build_portfolio "
          f"{t1 - t0:.2f} s")
    total = 0.0
    values = 0
    corrections = 0
    for m in p.months:
        s = time.perf_counter()
        d = generate_month(p, m, workers=workers)
        e1 = time.perf_counter() - s
        d2 = generate_month(p, m, version=2, workers=workers)
        e = time.perf_counter() - s
        total += e
        values += d.values.size
        corrections += 0 if d2 is None else len(d2.points)
        print(f"  {m}: {d.values.shape[0]} points × {d.values.shape[1]} intervals, "
              f"v1 {e1:.2f} s, v2 {e - e1:.2f} s, v2 rows {0 if d2 is None else len(d2.points)}")
        del d, d2
    print(f"  total generate {total:.2f} s for {months} month(s), {values / 1e6:.1f} M values, "
          f"{corrections} corrected rows; peak RSS {peak_mb():.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int)
    ap.add_argument("--months", type=int, default=13)
    ap.add_argument("--workers", type=int)
    ap.add_argument("--end", default="2026-01-01")
    a = ap.parse_args()
    end = date.fromisoformat(a.end)
    if a.accounts:
        run(a.accounts, a.months, a.workers, end)
    else:
        run(2000, 13, a.workers, end)
        run(100_000, 1, a.workers, date(2025, 11, 1))  # October 2025: 2,980 intervals (DST)


if __name__ == "__main__":
    main()
