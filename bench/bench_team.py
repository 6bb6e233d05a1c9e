"""Benchmark: PostgreSQL for a team — ``run start`` on PostgreSQL against SQLite, and runs
shared by 1, 2, 4 … ``billdesk worker`` processes.

    .venv/bin/python bench/bench_team.py compare [--accounts 10000] [--repeat 3]
    .venv/bin/python bench/bench_team.py workers [--accounts 20000] [--workers 1,2,4]
        [--repeat 2] [--batch 500]

Both build their own databases (tests/runs/builders.py: flat, dynamic, prosumers, a
community) — SQLite in a temporary file, PostgreSQL on a throwaway local server started
with the server's durable defaults (fsync, synchronous_commit and full_page_writes on; the
tests' server turns them off) unless ``--fast-pg``.

``compare``: ``start_run`` (one process, batches of 2,000) of the same run on both
databases, alternately, ``--repeat`` times (each repetition a new run over the same
accounts, the previous one cancelled); best and median of each and their ratio.

``workers``: for each N in ``--workers`` (interleaved, ``--repeat`` rounds): N ``billdesk
worker --run ID`` processes are started and wait (LISTEN) until the run is queued
(``queue_run``, as ``run start --detach`` does); timed from queueing to the run's
completion, read from the database. The load average of the machine is printed with
every figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "runs"))
sys.path.insert(0, str(ROOT))

import builders  # noqa: E402
from sqlalchemy import text  # noqa: E402

from billdesk.runs import cancel_run, create_run, get_run, queue_run, start_run  # noqa: E402
from billdesk.store.db import make_engine, prepare, session_factory  # noqa: E402


def load() -> str:
    return "load %.1f" % os.getloadavg()[0]


def build(url: str, n: int):
    engine = make_engine(url)
    prepare(engine)
    factory = session_factory(engine)
    t = time.perf_counter()
    builders.build(factory, n, prosumer_every=10, dynamic_every=20, community=min(200, n))
    print(f"  built {n:,} accounts in {time.perf_counter() - t:.1f} s ({url.split(':')[0]})",
          flush=True)
    return engine, factory


def server_cpu(server) -> float:
    """CPU seconds the PostgreSQL server used so far: every server process, plus the exited
    ones (backends) reaped by the postmaster (its children's times)."""
    tick = os.sysconf("SC_CLK_TCK")
    master = int((server.data / "postmaster.pid").read_text().split()[0])
    total = 0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            st = (d / "stat").read_text()
        except OSError:
            continue
        fields = st.rsplit(")", 1)[1].split()
        ppid, ut, stime, cut, cst = int(fields[1]), *map(int, fields[11:15])
        if int(d.name) == master:
            total += ut + stime + cut + cst
        elif ppid == master:
            total += ut + stime
    return total / tick


def wal_bytes(engine) -> int:
    with engine.connect() as c:
        return int(c.execute(text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")).scalar())


def children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def pg_server(fast: bool):
    from tests.pgserver import PgServer

    server = PgServer(durable=not fast)
    reason = server.start()
    if reason:
        sys.exit(f"PostgreSQL: {reason}")
    return server


def compare(a) -> None:
    tmp = tempfile.TemporaryDirectory()
    server = pg_server(a.fast_pg)
    dbs = {"sqlite": build(str(Path(tmp.name) / "bench.sqlite"), a.accounts),
           "postgresql": build(server.url, a.accounts)}
    times: dict[str, list[float]] = {k: [] for k in dbs}
    last: dict[str, int] = {}
    try:
        for rep in range(a.repeat):
            for name, (_e, factory) in dbs.items():
                if name in last:
                    cancel_run(factory, last[name])
                run = create_run(factory, "2025-03", "all")
                t = time.perf_counter()
                out = start_run(factory, run.id)
                dt = time.perf_counter() - t
                assert out.status == "completed", out.message
                last[name] = run.id
                times[name].append(dt)
                print(f"  {name:<10} run start {a.accounts:,} accounts: {dt:6.2f} s "
                      f"({a.accounts / dt:,.0f}/s)  [{load()}]", flush=True)
    finally:
        for e, _f in dbs.values():
            e.dispose()
        server.stop()
        tmp.cleanup()
    s, p = min(times["sqlite"]), min(times["postgresql"])
    print(f"best of {a.repeat}: SQLite {s:.2f} s, PostgreSQL {p:.2f} s: ratio {p / s:.2f} "
          f"(median {statistics.median(times['postgresql']) / statistics.median(times['sqlite']):.2f})"
          f"  PostgreSQL {'fsync off' if a.fast_pg else 'durable defaults'}")


def workers(a) -> None:
    server = pg_server(a.fast_pg)
    engine, factory = build(server.url, a.accounts)
    counts = [int(x) for x in a.workers.split(",")]
    times: dict[int, list[float]] = {k: [] for k in counts}
    cpu: dict[int, list[tuple[float, float, float]]] = {k: [] for k in counts}
    prev = None
    env = dict(os.environ)
    try:
        for rep in range(a.repeat):
            for k in counts:
                if prev is not None:
                    cancel_run(factory, prev)        # its bills out of the way of the next
                run = create_run(factory, "2025-03", "all")
                prev = run.id
                procs = [subprocess.Popen(
                    [sys.executable, "-m", "billdesk.cli", "--db", server.url, "worker",
                     "--run", str(run.id), "--batch-size", str(a.batch), "--quiet",
                     "--poll", "1"], env=env) for _ in range(k)]
                deadline = time.monotonic() + 120
                while True:                          # every worker is listening
                    with engine.connect() as c:
                        n = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE "
                                           "query LIKE 'LISTEN%'")).scalar()
                    if n >= k:
                        break
                    assert time.monotonic() < deadline, "workers did not start"
                    time.sleep(0.1)
                time.sleep(0.5)
                c0, s0, w0 = children_cpu(), server_cpu(server), wal_bytes(engine)
                t = time.perf_counter()
                queue_run(factory, run.id)
                while get_run(factory, run.id, attempts=False).status == "running":
                    time.sleep(0.05)
                dt = time.perf_counter() - t
                for p in procs:
                    assert p.wait(60) == 0
                # CPU of the workers (from their start: includes waiting, which is idle) and
                # of the server, and the WAL written, per 1,000 accounts
                per = 1000 / a.accounts
                cpu[k].append(((children_cpu() - c0) * per, (server_cpu(server) - s0) * per,
                               (wal_bytes(engine) - w0) * per / 1e6))
                info = get_run(factory, run.id, attempts=True)
                assert info.status == "completed", info.message
                split = sorted(w.accounts for w in info.workers)
                times[k].append(dt)
                wc, sc, wal = cpu[k][-1]
                print(f"  {k} worker(s): {dt:6.2f} s ({a.accounts / dt:,.0f} accounts/s), "
                      f"accounts per worker {split}; per 1,000 accounts: workers {wc:.2f} "
                      f"CPU-s, server {sc:.2f} CPU-s, WAL {wal:.1f} MB  [{load()}]", flush=True)
    finally:
        engine.dispose()
        server.stop()
    base = min(times[counts[0]])
    for k in counts:
        best = min(times[k])
        wc = min(c[0] for c in cpu[k])
        sc = min(c[1] for c in cpu[k])
        print(f"{k} worker(s): best {best:.2f} s, median {statistics.median(times[k]):.2f} s, "
              f"speed-up {base / best:.2f}x against {counts[0]}; per 1,000 accounts "
              f"{wc:.2f} + {sc:.2f} CPU-s (workers + server), "
              f"WAL {min(c[2] for c in cpu[k]):.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--accounts", type=int, default=10_000)
    c.add_argument("--repeat", type=int, default=3)
    c.add_argument("--fast-pg", action="store_true")
    w = sub.add_parser("workers")
    w.add_argument("--accounts", type=int, default=20_000)
    w.add_argument("--workers", default="1,2,4")
    w.add_argument("--repeat", type=int, default=2)
    w.add_argument("--batch", type=int, default=500)
    w.add_argument("--fast-pg", action="store_true")
    a = ap.parse_args()
    print(f"billdesk bench_team {a.what}  cores {os.cpu_count()}  [{load()}]", flush=True)
    compare(a) if a.what == "compare" else workers(a)


if __name__ == "__main__":
    main()
