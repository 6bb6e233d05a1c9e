"""Benchmark: ``run start`` for N accounts x one month on SQLite, attempts and draft bills written.

Builds its own database (tests/runs/builders.py, ChunkWriter(assume_new=True)): flat tariff
for most accounts, every 10th account a prosumer (feed-in), every 20th on a dynamic tariff
(hourly index), the first 200 in an energy community. Then times:

- ``read``: read_block of the same interval data the run reads, in the run's batches (once
  untimed before, so that it reads from the file cache as the run does; then best of 3 —
  a single pass varied 0.13-0.38 s for the same 10,000 accounts);
- ``run``: start_run (engine + attempts + bills + lines written, one transaction per batch).

    .venv/bin/python bench/bench_runs.py [--accounts 10000] [--batch 2000] [--workers N]
        [--keep PATH [--reuse] | --pg] [--profile FILE]

``--workers N``: N worker processes claiming batches (``start_run(workers=N)``). ``--pg``: a
throwaway PostgreSQL server (tests/pgserver.py) instead of SQLite, durable, with
docs/postgresql.md's shared_buffers and max_wal_size (``--pg-defaults``: the server's). Peak memory is reported
for this process and, separately, the largest worker process. ``--profile FILE``: the run
under cProfile (one process), stats written to FILE and the top functions printed.
``--keep PATH --reuse``: run again on a database kept by an earlier call (its earlier runs are
cancelled, so their draft bills do not make this run skip every account).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "runs"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builders  # noqa: E402
from billdesk.domain.period import zone  # noqa: E402
from billdesk.runs import create_run, start_run  # noqa: E402
from billdesk.store import settings  # noqa: E402
from billdesk.store.db import make_engine, prepare, session_factory  # noqa: E402
from billdesk.store.intervals import read_block  # noqa: E402
from billdesk.store.models import Account, Bill, BillLineRow  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--pg", action="store_true", help="on a throwaway PostgreSQL server")
    ap.add_argument("--fast-pg", action="store_true",
                    help="with --pg: the test server's settings (fsync, synchronous_commit and "
                    "full_page_writes off); default: the server's durable defaults")
    ap.add_argument("--pg-defaults", action="store_true",
                    help="with --pg: the server's default shared_buffers/max_wal_size instead "
                    "of docs/postgresql.md's (bench_team.DOCUMENTED)")
    ap.add_argument("--keep", help="database file to use (kept); default: a temporary one")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep: use the database built by an earlier call (its runs are "
                         "cancelled first), so the figures are the run's alone")
    ap.add_argument("--profile", help="profile the run (cProfile) into this stats file")
    a = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(a.keep) if a.keep else Path(tmp.name) / "bench.sqlite"
    server = None
    if a.pg:
        from tests.pgserver import PgServer
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_team import DOCUMENTED
        server = PgServer(durable=not a.fast_pg, settings={} if a.pg_defaults else DOCUMENTED)
        reason = server.start()
        if reason:
            sys.exit(f"PostgreSQL: {reason}")
        path = server.url
    engine = make_engine(path)
    prepare(engine)
    factory = session_factory(engine)

    t = time.perf_counter()
    if a.reuse and a.keep:
        from billdesk.domain.period import Period
        from billdesk.runs import cancel_run, list_runs

        for r in list_runs(factory):
            if r.status not in ("cancelled", "finalized"):
                cancel_run(factory, r.id)
        pf = builders.Portfolio(Period.parse(builders.MONTH), [], {}, {})
        with factory() as s:
            a.accounts = s.scalar(select(func.count()).select_from(Account))
    else:
        pf = builders.build(factory, a.accounts, prosumer_every=10, dynamic_every=20,
                            community=min(200, a.accounts))
    t_build = time.perf_counter() - t
    run = create_run(factory, "2025-03", "all")
    rss_before_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # the same interval data the run reads: consumption + production points, per batch
    with factory() as s:
        tz = zone(settings.timezone_name(s))
        rows = s.execute(select(Account.consumption_point_id, Account.production_point_id)
                         .order_by(Account.code)).all()
    a0, a1 = pf.period.utc_bounds(tz)

    def read_all() -> int:
        cells = 0
        for i in range(0, len(rows), a.batch):
            part = rows[i:i + a.batch]
            pts = [r[0] for r in part] + [r[1] for r in part if r[1]]
            with factory() as s:
                cells += read_block(s, pts, a0, a1, tz).kwh.size
        return cells

    read_all()                 # once untimed: the run, too, reads from the OS's file cache
    t_read = float("inf")      # best of 3: one pass varies 2x with the WAL and the page cache
    for _ in range(3):
        t = time.perf_counter()
        cells = read_all()
        t_read = min(t_read, time.perf_counter() - t)

    prof = None
    if a.profile:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    def pg_cpu() -> float:
        if server is None:
            return 0.0
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_team import server_cpu
        return server_cpu(server)

    s0 = pg_cpu()
    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ru.ru_utime + ru.ru_stime

    t, c, cc = time.perf_counter(), time.process_time(), children_cpu()
    out = start_run(factory, run.id, batch_size=a.batch, workers=a.workers)
    t_run = time.perf_counter() - t
    cpu_run = time.process_time() - c
    cpu_children = children_cpu() - cc
    cpu_server = pg_cpu() - s0
    if prof is not None:
        import pstats
        prof.disable()
        prof.dump_stats(a.profile)
        pstats.Stats(a.profile).sort_stats("cumulative").print_stats(40)
    with factory() as s:
        n_bills = s.scalar(select(func.count()).select_from(Bill).where(Bill.run_id == run.id))
        n_lines = s.scalar(select(func.count()).select_from(BillLineRow)
                           .join(Bill, Bill.id == BillLineRow.bill_id)
                           .where(Bill.run_id == run.id))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"billdesk bench_runs  python {platform.python_version()}  {platform.machine()}")
    print(f"accounts          {a.accounts:>10,}   batch {a.batch:,}   period {pf.period}   "
          f"workers {a.workers}   "
          + (("PostgreSQL " + ("(fsync off" if a.fast_pg else "(durable")
              + (", default settings)" if a.pg_defaults else
                 ", " + ", ".join(f"{k}={v}" for k, v in DOCUMENTED.items()) + ")"))
             if a.pg else "SQLite"))
    size = "" if a.pg else f"  ({path.stat().st_size / 1e6:,.0f} MB)"
    print(f"build database    {t_build:>10.2f} s{size}" + ("  (reused)" if a.reuse else ""))
    print(f"read_block only   {t_read:>10.3f} s  ({cells / 1e6:,.1f} M interval values, best of 3)")
    print(f"run start         {t_run:>10.2f} s  ({a.accounts / t_run:,.0f} accounts/s) "
          f"status {out.status}, {out.counts.succeeded:,} billed, {out.counts.failed:,} failed")
    print(f"run / read ratio  {t_run / t_read:>10.1f} x")
    print(f"run CPU time      {cpu_run:>10.2f} s  (this process, all its threads"
          + (f"; the worker processes: {cpu_children:.2f} s, in all "
             f"{cpu_run + cpu_children:.2f} s)" if a.workers > 1 else ")"))
    if server is not None:
        print(f"server CPU time   {cpu_server:>10.2f} s  (every PostgreSQL server process "
              f"during the run; with this process: {cpu_run + cpu_server:.2f} s)")
    print(f"written           {n_bills:>10,} bills, {n_lines:,} lines, "
          f"{out.counts.total:,} attempts")
    print(f"peak memory (RSS) {peak_mb:>10,.0f} MB"
          + (f"  (largest worker process {child_mb:,.0f} MB)" if a.workers > 1 else "")
          + (f"  (before the run: {rss_before_run:,.0f} MB)" if peak_mb > rss_before_run
             else "  (reached before the run: building/reading)"))
    engine.dispose()
    if server:
        server.stop()
    tmp.cleanup()


if __name__ == "__main__":
    main()
