"""Benchmark: PostgreSQL for a team — ``run start`` on PostgreSQL against SQLite, and runs
shared by 1, 2, 4 … ``billdesk worker`` processes.

    .venv/bin/python bench/bench_team.py compare [--accounts 10000] [--repeat 3]
    .venv/bin/python bench/bench_team.py workers [--accounts 20000] [--workers 1,2,4]
        [--repeat 2] [--batch 500]
    .venv/bin/python bench/bench_team.py phases [--accounts 20000] [--workers 2]

Both build their own databases (tests/runs/builders.py: flat, dynamic, prosumers, a
community) — SQLite in a temporary file, PostgreSQL on a throwaway local server, durable
(fsync, synchronous_commit and full_page_writes on; the tests' server turns them off) unless
``--fast-pg``, set up as docs/postgresql.md says (``DOCUMENTED``: shared_buffers 1 GB,
max_wal_size 4 GB) unless ``--pg-defaults`` (128 MB, 1 GB).

``compare``: ``start_run`` (one process, batches of 2,000) of the same run on both
databases, alternately, ``--repeat`` times (each repetition a new run over the same
accounts, the previous one cancelled); best and median of each and their ratio.

``workers``: for each N in ``--workers`` (interleaved, ``--repeat`` rounds): N ``billdesk
worker --run ID`` processes are started and wait (LISTEN) until the run is queued
(``queue_run``, as ``run start --detach`` does); timed from queueing to the run's
completion (its notification; the observer does not poll the run's counts, which would load
the server it measures). Printed per worker: accounts, batches, first claim to last batch,
its CPU time (``wait4``: all its threads, start-up not counted) and the CPU time of its own
server backends (``PGAPPNAME`` names them); per run: when the first worker registered and
the last batch committed, the CPU time of the workers, of the whole server and of the
**whole machine** (``/proc/stat``: busy against 2 cores × wall, and what other jobs took),
and the WAL written — so a loaded machine's figures can be told from serialisation.
``--sample``: the workers' backends' states and wait events from ``pg_stat_activity``
every 10 ms (lock waits, WAL flushes, waiting for the client, on CPU).

``phases``: one run by N workers, phase by phase (create, billing, finalize), and the space a
run takes, per 1,000 accounts — what docs/performance.md extrapolates to 1,000,000 accounts.
The load average of the machine is printed with every figure: the machine is shared.
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


def proc_cpu(pids) -> float:
    """CPU seconds used so far by the live processes ``pids`` (their threads included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def wal_bytes(engine) -> int:
    with engine.connect() as c:
        return int(c.execute(text("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")).scalar())


def children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def client_cpu() -> float:
    """This process and its finished children (the worker processes)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime + children_cpu()


# the server as docs/postgresql.md sets one up (durability untouched): shared_buffers that
# hold the month's interval data (the default 128 MB does not: every read of a chunk then
# goes through the OS cache), and max_wal_size above a run's WAL (no checkpoint mid-run)
DOCUMENTED = {"shared_buffers": "1GB", "max_wal_size": "4GB"}


def pg_server(fast: bool, defaults: bool = False):
    from tests.pgserver import PgServer

    conf = {} if defaults else DOCUMENTED
    print("  PostgreSQL: " + ("fsync off" if fast else "durable")
          + (", " + ", ".join(f"{k}={v}" for k, v in conf.items()) if conf else
             ", the server's default settings"), flush=True)
    server = PgServer(durable=not fast, settings=conf)
    reason = server.start()
    if reason:
        sys.exit(f"PostgreSQL: {reason}")
    return server


def compare(a) -> None:
    tmp = tempfile.TemporaryDirectory()
    server = pg_server(a.fast_pg, a.pg_defaults)
    dbs = {"sqlite": build(str(Path(tmp.name) / "bench.sqlite"), a.accounts),
           "postgresql": build(server.url, a.accounts)}
    times: dict[str, list[float]] = {k: [] for k in dbs}
    cpus: dict[str, list[float]] = {k: [] for k in dbs}
    last: dict[str, int] = {}
    try:
        for rep in range(a.repeat):
            for name, (_e, factory) in dbs.items():
                if name in last:
                    cancel_run(factory, last[name])
                run = create_run(factory, "2025-03", "all")
                s0 = server_cpu(server) if name == "postgresql" else 0.0
                m0 = machine_cpu()
                t, c = time.perf_counter(), time.process_time()
                out = start_run(factory, run.id)
                dt = time.perf_counter() - t
                c = time.process_time() - c
                sc = server_cpu(server) - s0 if name == "postgresql" else 0.0
                m1 = machine_cpu()
                assert out.status == "completed", out.message
                last[name] = run.id
                times[name].append(dt)
                cpus[name].append(c + sc)
                print(f"  {name:<10} run start {a.accounts:,} accounts: {dt:6.2f} s "
                      f"({a.accounts / dt:,.0f}/s); CPU {c:.2f} s this process"
                      + (f" + {sc:.2f} s server" if name == "postgresql" else "")
                      + f"; machine busy {m1[0] - m0[0]:.1f} of {m1[1] - m0[1]:.1f} CPU-s"
                      f"  [{load()}]", flush=True)
    finally:
        for e, _f in dbs.values():
            e.dispose()
        server.stop()
        tmp.cleanup()
    s, p = min(times["sqlite"]), min(times["postgresql"])
    print(f"best of {a.repeat}: SQLite {s:.2f} s, PostgreSQL {p:.2f} s: ratio {p / s:.2f} "
          f"(median {statistics.median(times['postgresql']) / statistics.median(times['sqlite']):.2f})"
          f"  PostgreSQL {'fsync off' if a.fast_pg else 'durable defaults'}; CPU-s (client + "
          f"server) best SQLite {min(cpus['sqlite']):.2f}, PostgreSQL "
          f"{min(cpus['postgresql']):.2f}")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat, all cores)."""
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = f[3] + f[4]                    # idle + iowait
    return (sum(f[:8]) - idle) / tick, sum(f[:8]) / tick


def backends(engine, prefix: str) -> dict[str, list[int]]:
    """The server processes (backends) of each worker: application_name -> pids."""
    with engine.connect() as c:
        rows = c.execute(text("SELECT application_name, pid FROM pg_stat_activity WHERE "
                              "application_name LIKE :p"), {"p": prefix + "%"}).all()
    out: dict[str, list[int]] = {}
    for name, pid in rows:
        out.setdefault(name, []).append(pid)
    return out


class BackendCPU:
    """CPU seconds used by each worker's server backends (application_name = the worker's
    tag): their pids looked up every 0.5 s, their /proc times read every 0.05 s (the workers
    close their connections as soon as the run ends, so the last reading counts)."""

    def __init__(self, url: str, tag: str):
        import threading

        self.url, self.tag = url, tag
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.name: dict[int, str] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._look(None)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _look(self, conn) -> None:
        import psycopg

        from billdesk.store.notify import conninfo

        own = conn is None
        conn = conn or psycopg.connect(conninfo(self.url), autocommit=True)
        try:
            for name, pid in conn.execute("SELECT application_name, pid FROM "
                                          "pg_stat_activity WHERE application_name LIKE %s",
                                          (self.tag + "%",)):
                if pid not in self.name:
                    self.name[pid] = name
                    self.first[pid] = 0.0 if self.thread.is_alive() else proc_cpu([pid])
        finally:
            if own:
                conn.close()

    def _run(self) -> None:
        import psycopg

        from billdesk.store.notify import conninfo

        with psycopg.connect(conninfo(self.url), autocommit=True) as conn:
            k = 0
            while not self.stop.wait(0.05):
                k += 1
                if k % 10 == 0:
                    self._look(conn)
                for pid in list(self.name):
                    v = proc_cpu([pid])
                    if v:
                        self.last[pid] = v
        for pid in list(self.name):              # the ones still there at the end
            v = proc_cpu([pid])
            if v:
                self.last[pid] = v

    def of(self, name: str) -> float:
        return sum(max(0.0, self.last.get(p, self.first[p]) - self.first[p])
                   for p, n in self.name.items() if n == name)


def wait_done(url: str, run_id: int, timeout: float = 600.0) -> None:
    """Until the run is no longer running: woken by its notification (the trigger sends the
    status), with a cheap status read once a second as a fallback — the observer must not
    load the server it measures (get_run's counts are two GROUP BYs over the attempts)."""
    import psycopg

    from billdesk.store.notify import conninfo, parse

    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        conn.execute('LISTEN "billdesk_runs"')
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = conn.execute("SELECT status FROM bill_runs WHERE id = %s", (run_id,)).fetchone()
            if st[0] != "running":
                return
            for n in conn.notifies(timeout=1.0):
                ev = parse(n.payload)
                if ev.run == run_id and ev.status != "running":
                    return
        raise TimeoutError(f"run {run_id} did not end in {timeout} s")


class WaitSampler:
    """``--sample``: what the workers' backends are doing, sampled every ``every`` seconds
    from pg_stat_activity on a thread (state and wait event; costs the server a little)."""

    def __init__(self, url: str, tag: str, every: float = 0.01):
        import collections
        import threading

        self.url, self.tag, self.every = url, tag, every
        self.hist: collections.Counter = collections.Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _run(self) -> None:
        import psycopg

        from billdesk.store.notify import conninfo

        with psycopg.connect(conninfo(self.url), autocommit=True) as conn:
            while not self.stop.wait(self.every):
                for state, wtype, wev, q in conn.execute(
                        "SELECT state, wait_event_type, wait_event, left(query, 40) FROM "
                        "pg_stat_activity WHERE application_name LIKE %s AND query NOT LIKE "
                        "'LISTEN%%'", (self.tag + "%",)):
                    what = (f"{state}: {wtype}/{wev}" if wtype else f"{state}: on CPU")
                    if state == "active":
                        what += f"  [{' '.join(q.split()[:3])}]"
                    self.hist[what] += 1

    def report(self) -> None:
        total = sum(self.hist.values()) or 1
        print("      backends of the workers, sampled (share of samples):")
        for what, n in self.hist.most_common(14):
            print(f"        {100 * n / total:5.1f} %  {what}")


def workers(a) -> None:
    server = pg_server(a.fast_pg, a.pg_defaults)
    engine, factory = build(server.url, a.accounts)
    counts = [int(x) for x in a.workers.split(",")]
    times: dict[int, list[float]] = {k: [] for k in counts}
    cpu: dict[int, list[tuple]] = {k: [] for k in counts}
    prev = None
    try:
        for rep in range(a.repeat):
            for k in counts:
                if prev is not None:
                    cancel_run(factory, prev)        # its bills out of the way of the next
                run = create_run(factory, "2025-03", "all")
                prev = run.id
                tag = f"benchw{rep}x{k}-"
                procs = []
                for i in range(k):                   # each worker's backends are named
                    env = dict(os.environ, PGAPPNAME=f"{tag}{i + 1}")
                    procs.append(subprocess.Popen(
                        [sys.executable, "-m", "billdesk.cli", "--db", server.url, "worker",
                         "--run", str(run.id), "--batch-size", str(a.batch), "--quiet",
                         "--poll", "1"],
                        env=env))
                deadline = time.monotonic() + 120
                while True:                          # every worker is listening
                    with engine.connect() as c:
                        n = c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE "
                                           "query LIKE 'LISTEN%' AND application_name LIKE "
                                           ":p"), {"p": tag + "%"}).scalar()
                    if n >= k:
                        break
                    assert time.monotonic() < deadline, "workers did not start"
                    time.sleep(0.1)
                time.sleep(0.5)
                pids = [p.pid for p in procs]
                w0 = [proc_cpu([pid]) for pid in pids]        # their start-up: not counted
                s0, wal0, m0 = server_cpu(server), wal_bytes(engine), machine_cpu()
                sampler = WaitSampler(server.url, tag) if a.sample else None
                with BackendCPU(server.url, tag) as bcpu_of:
                    t = time.perf_counter()
                    if sampler:
                        sampler.__enter__()
                    t_wall = time.time()
                    queue_run(factory, run.id)
                    t_queued = time.perf_counter() - t
                    wait_done(server.url, run.id)
                    dt = time.perf_counter() - t
                    m1, s1 = machine_cpu(), server_cpu(server)
                    if sampler:
                        sampler.__exit__()
                    wal1 = wal_bytes(engine)
                    w1 = []
                    for p in procs:              # each worker's own CPU (all its threads)
                        _pid, status, ru = os.wait4(p.pid, 0)
                        p.returncode = os.waitstatus_to_exitcode(status)
                        assert p.returncode == 0
                        w1.append(ru.ru_utime + ru.ru_stime)
                    s1 = server_cpu(server)      # the backends' ends included
                per = 1000 / a.accounts
                wcpu = [x1 - x0 for x0, x1 in zip(w0, w1)]
                bcpu = [bcpu_of.of(f"{tag}{i + 1}") for i in range(k)]
                busy = m1[0] - m0[0]
                cores = (m1[1] - m0[1]) / dt
                info = get_run(factory, run.id, attempts=True)
                assert info.status == "completed", info.message
                rows = sorted(info.workers, key=lambda w: w.pid)
                times[k].append(dt)
                cpu[k].append((sum(wcpu) * per, (s1 - s0) * per, (wal1 - wal0) * per / 1e6,
                               sum(wcpu), sum(bcpu), s1 - s0, busy, cores))
                first = min(w.started_at for w in rows).timestamp() - t_wall
                last = max(w.last_batch_at for w in rows).timestamp() - t_wall
                print(f"  {k} worker(s): {dt:6.2f} s ({a.accounts / dt:,.0f} accounts/s): "
                      f"queue_run {t_queued:.2f} s, first worker registered at +{first:.2f} s,"
                      f" last batch committed at +{last:.2f} s, run completed at +{dt:.2f} s"
                      f"  [{load()}]", flush=True)
                for w, wc, bc in zip(rows, wcpu, bcpu):
                    span = ((w.last_batch_at - w.started_at).total_seconds()
                            if w.last_batch_at and w.started_at else 0.0)
                    print(f"      worker pid {w.pid}: {w.accounts:,} accounts in {w.batches} "
                          f"batches, {span:5.2f} s first claim to last batch, "
                          f"{w.per_second or 0:,.0f}/s; CPU {wc:5.2f} s worker + {bc:5.2f} s "
                          "its server backends", flush=True)
                print(f"      CPU-s in these {dt:.2f} s: workers {sum(wcpu):.2f}, server "
                      f"{s1 - s0:.2f} (of it the workers' backends {sum(bcpu):.2f}), machine "
                      f"busy {busy:.2f} of {cores * dt:.2f} (others "
                      f"{busy - sum(wcpu) - (s1 - s0):.2f}); WAL "
                      f"{(wal1 - wal0) / 1e6:.1f} MB", flush=True)
                if sampler:
                    sampler.report()
    finally:
        engine.dispose()
        server.stop()
    base = min(times[counts[0]])
    for k in counts:
        best = min(times[k])
        i = times[k].index(best)
        wc, sc, wal, wsum, bsum, ssum, busy, cores = cpu[k][i]
        print(f"{k} worker(s): best {best:.2f} s, median {statistics.median(times[k]):.2f} s, "
              f"speed-up {base / best:.2f}x against {counts[0]}; in the best run: workers "
              f"{wsum:.2f} CPU-s, server {ssum:.2f} CPU-s (workers' backends {bsum:.2f}), "
              f"machine busy {busy:.2f} of {cores * best:.2f} CPU-s; per 1,000 accounts "
              f"{wc:.3f} + {sc:.3f} CPU-s (workers + server), WAL {wal:.1f} MB")


def phases(a) -> None:
    """Each phase of one run by ``--workers`` worker processes: seconds, server CPU and WAL,
    and what a run leaves in the database, per 1,000 accounts (for extrapolating)."""
    from billdesk.runs import finalize_run

    server = pg_server(a.fast_pg, a.pg_defaults)
    engine, factory = build(server.url, a.accounts)
    per = 1000 / a.accounts
    rows = []

    def phase(name, fn):
        c0, s0, w0 = client_cpu(), server_cpu(server), wal_bytes(engine)
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        rows.append((name, dt, (client_cpu() - c0) * per, (server_cpu(server) - s0) * per,
                     (wal_bytes(engine) - w0) * per / 1e6))
        return out

    with engine.connect() as c:
        blobs = c.execute(text("SELECT sum(length(kwh) + length(flags)) FROM interval_chunks "
                               "WHERE month = '2025-03-01'")).scalar()
    try:
        run = phase("run create", lambda: create_run(factory, "2025-03", "all"))
        procs = [subprocess.Popen([sys.executable, "-m", "billdesk.cli", "--db", server.url,
                                   "worker", "--run", str(run.id), "--batch-size",
                                   str(a.batch), "--quiet", "--poll", "1"])
                 for _ in range(a.workers_n)]
        deadline = time.monotonic() + 120
        while True:
            with engine.connect() as c:
                if c.execute(text("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                                  "'LISTEN%'")).scalar() >= a.workers_n:
                    break
            assert time.monotonic() < deadline
            time.sleep(0.1)

        def bill():
            queue_run(factory, run.id)
            wait_done(server.url, run.id)
            for p in procs:
                assert p.wait(60) == 0
        phase(f"billed by {a.workers_n} worker(s) (incl. queueing: run_claims)", bill)
        phase("run finalize", lambda: finalize_run(factory, run.id))
        with engine.connect() as c:
            sizes = dict(c.execute(text(
                "SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN "
                "('bills', 'bill_lines', 'billing_attempts', 'audit_log', 'run_claims', "
                "'interval_chunks')")).all())
    finally:
        engine.dispose()
        server.stop()
    print(f"{a.accounts:,} accounts, PostgreSQL {'fsync off' if a.fast_pg else 'durable'}; "
          "per 1,000 accounts:")
    for name, dt, wc, sc, wal in rows:
        print(f"  {name:<58} {dt:7.2f} s   client {wc:5.2f} CPU-s   server {sc:5.2f} CPU-s"
              f"   WAL {wal:5.1f} MB")
    print(f"  read by the workers: {blobs * per / 1e6:.1f} MB of interval data; in the "
          "database: " + ", ".join(f"{k} {v * per / 1e6:.1f} MB" for k, v in sorted(sizes.items())))


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--accounts", type=int, default=10_000)
    c.add_argument("--repeat", type=int, default=3)
    c.add_argument("--fast-pg", action="store_true")
    c.add_argument("--pg-defaults", action="store_true",
                   help="the server's default shared_buffers/max_wal_size (128 MB / 1 GB) "
                   "instead of docs/postgresql.md's")
    w = sub.add_parser("workers")
    w.add_argument("--accounts", type=int, default=20_000)
    w.add_argument("--workers", default="1,2,4")
    w.add_argument("--repeat", type=int, default=2)
    w.add_argument("--batch", type=int, default=500)
    w.add_argument("--fast-pg", action="store_true")
    w.add_argument("--pg-defaults", action="store_true",
                   help="the server's default shared_buffers/max_wal_size (128 MB / 1 GB) "
                   "instead of docs/postgresql.md's")
    w.add_argument("--sample", action="store_true",
                   help="sample the workers' backends' wait events (pg_stat_activity)")
    ph = sub.add_parser("phases")
    ph.add_argument("--accounts", type=int, default=20_000)
    ph.add_argument("--workers", dest="workers_n", type=int, default=2)
    ph.add_argument("--batch", type=int, default=500)
    ph.add_argument("--fast-pg", action="store_true")
    ph.add_argument("--pg-defaults", action="store_true",
                   help="the server's default shared_buffers/max_wal_size (128 MB / 1 GB) "
                   "instead of docs/postgresql.md's")
    a = ap.parse_args()
    print(f"billdesk bench_team {a.what}  cores {os.cpu_count()}  [{load()}]", flush=True)
    {"compare": compare, "workers": workers, "phases": phases}[a.what](a)


if __name__ == "__main__":
    main()
