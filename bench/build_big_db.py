"""Build the 100,000-account / 300,000-bill database of the desktop benchmarks with the CLI.

    .venv/bin/python bench/build_big_db.py /tmp/billdesk-big/100k.sqlite [--accounts N]

``billdesk demo --accounts 100000 --months 3``, then for each of the three months a run over
all valid accounts: ``run create``, ``run start --workers 2``, ``run finalize``. Every step
is the command a clerk's script would run; their output (JSON) is printed as it goes, with
the seconds each step took. An existing file is left alone (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path


def cli(db: Path, *args: str) -> dict:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "billdesk.cli", "--db", str(db), *args,
                          "--json"], check=True, capture_output=True, text=True)
    doc = json.loads(out.stdout)
    print(f"{time.perf_counter() - t:7.1f} s  billdesk {' '.join(args)}", flush=True)
    return doc


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--accounts", type=int, default=100_000)
    p.add_argument("--months", type=int, default=3)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    db = Path(args.db)
    if db.exists():
        print(f"{db} exists; delete it to build it again")
        return 0
    db.parent.mkdir(parents=True, exist_ok=True)
    part = db.with_name(db.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    demo = cli(part, "demo", "--accounts", str(args.accounts), "--months", str(args.months))
    start = date.fromisoformat(demo["period_start"])
    for k in range(args.months):
        month = date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, 1)
        run = cli(part, "run", "create", "--period", f"{month:%Y-%m}", "--target", "all",
                  "--name", f"Monthly bills {month:%Y-%m}")
        done = cli(part, "run", "start", str(run["id"]), "--workers", str(args.workers))
        print("          ", done["status"], done["counts"], flush=True)
        fin = cli(part, "run", "finalize", str(run["id"]))
        print("           issued", fin["issued"], fin["numbers"], flush=True)
    subprocess.run(["sqlite3", str(part), "PRAGMA wal_checkpoint(TRUNCATE);"], check=False,
                   capture_output=True)
    part.rename(db)
    for suffix in ("-wal", "-shm"):
        Path(str(part) + suffix).unlink(missing_ok=True)
    print(f"{db}: built in {time.perf_counter() - t0:.0f} s "
          f"({db.stat().st_size / 1e9:.1f} GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
