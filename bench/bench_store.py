"""Storage figures of issue 2 (a plain script; prints a table, optionally JSON):

1. import 1,000 metering points x one year of 15-minute values (35 M values) from CSV
2. read one month for 10,000 metering points into arrays
3. `billdesk demo` default size, and 100,000 accounts x one month

    .venv/bin/python bench/bench_store.py [--points 1000] [--read-points 10000] [--skip-demo]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billdesk.domain.period import Period, zone  # noqa: E402
from billdesk.store import db  # noqa: E402
from billdesk.store.intervals import insert_month_rows, month_slot, read_block  # noqa: E402
from billdesk.store.models import MeteringPoint  # noqa: E402

WORK = Path(os.environ.get("BENCH_DIR", "/tmp/billdesk-bench"))
ZRH = zone("Europe/Zurich")


def machine() -> str:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def make_readings_csv(path: Path, points: int, year: int = 2025) -> int:
    """A readings CSV with one year of values per point (not timed)."""
    start = datetime(year - 1, 12, 31, 23, 0, tzinfo=timezone.utc)
    n = int((datetime(year, 12, 31, 23, 0, tzinfo=timezone.utc) - start) / timedelta(minutes=15))
    stamps = [(start + i * timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%SZ")
              for i in range(n)]
    rng = np.random.default_rng(7)
    with open(path, "w") as f:
        f.write("metering_point,start,kwh,quality\n")
        for p in range(points):
            code = f"BENCH{p:06d}"
            vals = np.round(rng.gamma(2.0, 0.05, n), 3)
            q = np.where(rng.random(n) < 0.01, "substituted", "measured")
            f.write("".join(f"{code},{t},{v:.3f},{qq}\n" for t, v, qq in zip(stamps, vals, q)))
    return points * n


def fresh_db(name: str):
    path = WORK / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = db.make_engine(path)
    db.prepare(engine)
    return engine, db.session_factory(engine)


def bench_import(points: int) -> dict:
    csv_path = WORK / f"readings_{points}.csv"
    if not csv_path.exists():
        t = time.perf_counter()
        rows = make_readings_csv(csv_path, points)
        print(f"  (generated {rows:,} rows in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
    engine, f = fresh_db("import.sqlite")
    with db.transaction(f) as s:
        s.add_all(MeteringPoint(code=f"BENCH{p:06d}", kind="consumption") for p in range(points))
    engine.dispose()
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "billdesk.cli", "--db", str(WORK / "import.sqlite"),
                          "import", "readings", str(csv_path), "--json"],
                         capture_output=True, text=True, check=True)
    secs = time.perf_counter() - t
    rep = json.loads(out.stdout)
    return {"figure": f"import {points:,} points x 1 year from CSV ({rep['rows']:,} values)",
            "seconds": round(secs, 1), "limit": 90 * points / 1000,
            "rate": f"{rep['rows'] / secs / 1e6:.2f} M values/s",
            "file_mb": round(csv_path.stat().st_size / 1e6)}


def bench_read(points: int) -> dict:
    engine, f = fresh_db("read.sqlite")
    month = Period.parse("2025-10")
    slot = month_slot(month.start, ZRH)
    rng = np.random.default_rng(3)
    with db.transaction(f) as s:
        mps = [MeteringPoint(code=f"R{p:06d}", kind="consumption") for p in range(points)]
        s.add_all(mps)
        s.flush()
        ids = [m.id for m in mps]
        for i in range(0, points, 2000):
            part = ids[i:i + 2000]
            units = rng.integers(0, 5000, (len(part), slot.n), dtype=np.int32)
            flags = np.zeros((len(part), slot.n), np.uint8)
            insert_month_rows(s, slot, part, units, flags)
            # a neighbouring month too, so the read has to pick
            prev = month_slot(Period.parse("2025-09").start, ZRH)
            insert_month_rows(s, prev, part, rng.integers(0, 5000, (len(part), prev.n),
                                                          dtype=np.int32),
                              np.zeros((len(part), prev.n), np.uint8))
    engine.dispose()
    a, b = month.utc_bounds(ZRH)
    times = []
    for _ in range(3):
        engine = db.make_engine(WORK / "read.sqlite")
        f = db.session_factory(engine)
        t = time.perf_counter()
        with f() as s:
            blk = read_block(s, ids, a, b, ZRH)
        times.append(time.perf_counter() - t)
        engine.dispose()
    assert blk.kwh.shape == (points, slot.n)
    return {"figure": f"read one month for {points:,} points into arrays",
            "seconds": round(min(times), 2), "limit": 2.0,
            "rate": f"{points * slot.n / min(times) / 1e6:.0f} M values/s"}


def bench_demo(accounts: int, months: int) -> dict:
    path = WORK / f"demo_{accounts}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "billdesk.cli",
                          "--db", str(path), "demo", "--accounts", str(accounts), "--months",
                          str(months), "--json"], capture_output=True, text=True, check=True)
    secs = time.perf_counter() - t
    peak_mb = int(out.stderr.strip().splitlines()[-1]) / 1024
    rep = json.loads(out.stdout)
    return {"figure": f"billdesk demo --accounts {accounts:,} --months {months}",
            "seconds": round(secs, 1), "limit": 60 if months > 1 else 120,
            "rate": f"{rep['interval_chunks']:,} chunks, peak {peak_mb:,.0f} MB, "
                    f"db {path.stat().st_size / 1e6:,.0f} MB"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--read-points", type=int, default=10000)
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = [bench_read(args.read_points)]
    if not args.skip_import:
        results.append(bench_import(args.points))
    if not args.skip_demo:
        results.append(bench_demo(2000, 13))
        results.append(bench_demo(100_000, 1))
    print(f"machine: {machine()}")
    for r in results:
        ok = "ok" if r["seconds"] <= r["limit"] else "OVER"
        print(f"{r['figure']:<62} {r['seconds']:>7} s  (limit {r['limit']} s, {ok})  {r['rate']}")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
