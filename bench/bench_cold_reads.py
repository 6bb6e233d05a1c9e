"""The desktop app's first reads on a cold page cache: time and disk reads of each.

    .venv/bin/python bench/bench_cold_reads.py --db /tmp/billdesk-big/100k.sqlite

A clerk's first start of the day finds the database on disk, not in the page cache. For
each read of the opening (runs list + status bar + first change-feed poll) and of the Bills
page's first answer (default order, by number, by total, a search), in this process as the reader
process makes them (``billdesk.gui.jobs.read_*``): the database file (and its -wal, -shm)
is dropped from the page cache (``posix_fadvise(DONTNEED)``, Linux; no root needed), the
engines disposed, the read made cold, then once more warm. Disk reads from
``/proc/self/io`` (``read_bytes``: what the kernel fetched for this process, read-ahead
included) — the figure that scales to a slow disk. The database is only read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def evict(path: str) -> None:
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def read_bytes() -> int:
    try:
        with open("/proc/self/io") as f:
            for line in f:
                if line.startswith("read_bytes"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    args = p.parse_args(argv)

    from billdesk.gui import engines, jobs
    from billdesk.store import db as dbmod
    from billdesk.store.listings import BillQuery

    url = dbmod.to_url(args.db)
    reads = [
        ("runs list + status bar + change feed",
         lambda: (jobs.read_runs(url), jobs.read_overview(url), jobs.read_change_marks(url))),
        ("Bills, first answer, newest first",
         lambda: jobs.read_bills_first(url, BillQuery(), 200, ())),
        ("Bills, first answer, by number",
         lambda: jobs.read_bills_first(url, BillQuery(sort="number", descending=False), 200, ())),
        ("Bills, first answer, by total descending",
         lambda: jobs.read_bills_first(url, BillQuery(sort="total"), 200, ())),
        ("Bills, search for an invoice number",
         lambda: jobs.read_bills_first(url, BillQuery(search="INV-2026-012345"), 200, ())),
    ]
    for name, fn in reads:
        engines.dispose_all()
        evict(args.db)
        r0, t = read_bytes(), time.perf_counter()
        fn()
        cold, mb = time.perf_counter() - t, (read_bytes() - r0) / 1e6
        t = time.perf_counter()
        fn()
        warm = time.perf_counter() - t
        print(f"{name:<44} cold {cold:6.2f} s {mb:8.1f} MB read   warm {warm * 1000:6.0f} ms",
              flush=True)
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
