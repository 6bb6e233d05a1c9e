"""E-mail dispatch and print batch: python bench/bench_dispatch.py [--send N] [--print M]

Builds its own SQLite database in a temporary folder: a demo portfolio, one finalized month
of exactly N issued documents (invoices and producers' self-billing notes; the demo's accounts
that fail on purpose are left out, see ``_accounts_for``), every account with an e-mail
address, PDFs exported into the PDF folder (not timed). Then it times

* ``send_documents`` of the whole run to a local aiosmtpd server running in its own process
  on 127.0.0.1 (like the tests' server: it parses every message and answers "queued as …"),
  one connection (``--connections N``: smtp.connections), no rate limit — "with the PDFs
  already exported";
* ``export_print_batch --all`` of a run of M documents (a second database): cover page,
  blank pages for duplex, postcode order, one PDF.

Each figure is printed with the load average, since other jobs may share the machine, and
the send with the CPU time of this process (billdesk: all its threads) and of the server
process, so that a server-bound figure shows as such.

``--repeat K`` sends the same run K times (the messages cleared in between; best of K),
``--keep DIR`` builds the databases and PDFs in DIR and reuses them next time, ``--profile
FILE`` writes a cProfile of the (last) send.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _server(port: int, ready, counter) -> None:
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
                n = counter.value
            return f"250 2.0.0 Ok: queued as B{n:07d}"

    c = Controller(Handler(), hostname="127.0.0.1", port=port, data_size_limit=0)
    c.start()
    ready.set()
    while True:
        time.sleep(3600)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(folder: Path, documents: int, all_email: bool):
    """A database with one finalized run of exactly ``documents`` issued documents, their
    PDFs exported; (engine, factory, run id, documents)."""
    from sqlalchemy import update

    from billdesk.dispatch.documents import ensure_pdfs, load_outgoing, resolve_bill_ids
    from billdesk.runs import create_run, finalize_run, start_run
    from billdesk.store.db import make_engine, prepare, session_factory, transaction
    from billdesk.store.demo_writer import write_demo
    from billdesk.store.models import Account
    from billdesk.store.settings_catalog import set_many

    engine = make_engine(folder / "bench.sqlite")
    prepare(engine)
    f = session_factory(engine)
    ready = folder / "ready.json"
    if ready.exists():              # --keep: the database of an earlier run, messages cleared
        import json

        from sqlalchemy import delete

        from billdesk.store.dispatch_models import DispatchMessage

        run_id, count = json.loads(ready.read_text())
        with transaction(f) as s:
            s.execute(delete(DispatchMessage))
        print(f"  reusing {count:,} issued documents with PDFs in {folder}", flush=True)
        return engine, f, run_id, count
    t0 = time.perf_counter()
    # the demo has accounts that fail on purpose (no tariff, no meter data, an implausible
    # amount) and producers with a self-billing note besides their invoice: a trial run over
    # a few more accounts than asked finds which bill, and the run sent is over accounts
    # whose documents add up to exactly the number asked
    write_demo(f, accounts=documents + documents // 20 + 20, months=1, seed=7, end="2025-11")
    if all_email:
        with transaction(f) as s:
            s.execute(update(Account).where(Account.email.is_(None))
                      .values(email="paper@example.ch"))
    picked, kinds = _accounts_for(f, documents)
    run = create_run(f, "2025-10", f"group:{BENCH_GROUP}", today=None)
    start_run(f, run.id)
    finalize_run(f, run.id)
    with transaction(f) as s:
        set_many(s, {"pdf_folder": str(folder / "pdf")})
    docs = load_outgoing(f, resolve_bill_ids(f, run_id=run.id))
    if len(docs) != documents:
        raise SystemExit(f"the run issued {len(docs):,} documents, not {documents:,}: the "
                         "trial run's accounts billed differently the second time")
    errors = ensure_pdfs(f, docs, folder / "pdf")
    assert not errors, list(errors.items())[:3]
    print(f"  set up {len(docs):,} issued documents ({kinds}) of {picked:,} accounts, with "
          f"PDFs, in {time.perf_counter() - t0:.0f} s", flush=True)
    ready.write_text(f"[{run.id}, {len(docs)}]")
    return engine, f, run.id, len(docs)


BENCH_GROUP = "bench-dispatch"


def _accounts_for(f, documents: int) -> tuple[int, str]:
    """Tag accounts (group BENCH_GROUP) whose documents in a trial run of 2025-10 add up to
    exactly ``documents``; the trial run is cancelled. (accounts tagged, documents by kind)."""
    from collections import Counter

    from sqlalchemy import func, insert, select

    from billdesk.runs import cancel_run, create_run, start_run
    from billdesk.store.db import transaction
    from billdesk.store.models import AccountGroup, Bill

    trial = create_run(f, "2025-10", "all", today=None)
    start_run(f, trial.id)
    with f() as s:
        per_account = s.execute(select(Bill.account_id, Bill.kind, func.count())
                                .where(Bill.run_id == trial.id)
                                .group_by(Bill.account_id, Bill.kind)
                                .order_by(Bill.account_id)).all()
    cancel_run(f, trial.id)              # frees the accounts for the run that is sent
    by_account: dict[int, Counter] = {}
    for account, kind, n in per_account:
        by_account.setdefault(account, Counter())[kind] += n
    chosen, total, kinds = [], 0, Counter()
    for account, c in by_account.items():   # in account order; skip one that overshoots
        n = sum(c.values())
        if total + n <= documents:
            chosen.append(account)
            total += n
            kinds += c
        if total == documents:
            break
    if total != documents:
        raise SystemExit(f"the demo has only {total:,} billable documents for "
                         f"{documents:,}")
    with transaction(f) as s:
        for k in range(0, len(chosen), 5000):
            s.execute(insert(AccountGroup), [{"account_id": a, "name": BENCH_GROUP}
                                             for a in chosen[k:k + 5000]])
    return len(chosen), ", ".join(f"{n:,} {k}" for k, n in sorted(kinds.items()))


def _folder(keep: str | None, name: str):
    """A temporary folder, or ``--keep DIR/name`` (kept for the next run)."""
    import contextlib

    if keep:
        path = Path(keep) / name
        path.mkdir(parents=True, exist_ok=True)
        return contextlib.nullcontext(str(path))
    return tempfile.TemporaryDirectory()


def bench_send(n: int, profile: str | None = None, repeat: int = 1,
               keep: str | None = None, connections: int = 1) -> None:
    from billdesk.dispatch.send import send_documents
    from billdesk.store.db import transaction
    from billdesk.store.settings_catalog import set_many

    with _folder(keep, f"send-{n}") as tmp:
        engine, f, run_id, total = build(Path(tmp), n, all_email=True)
        port = _free_port()
        ctx = multiprocessing.get_context("spawn")
        ready, counter = ctx.Event(), ctx.Value("i", 0)
        proc = ctx.Process(target=_server, args=(port, ready, counter), daemon=True)
        proc.start()
        ready.wait(30)
        try:
            with transaction(f) as s:
                set_many(s, {"smtp.host": "127.0.0.1", "smtp.port": str(port),
                             "smtp.security": "none", "smtp.connections": str(connections)})
            best = None
            for k in range(repeat):
                if k:
                    from sqlalchemy import delete

                    from billdesk.store.dispatch_models import DispatchMessage

                    with transaction(f) as s:
                        s.execute(delete(DispatchMessage))
                load, received0 = os.getloadavg()[0], counter.value
                server0, cpu0 = _cpu_seconds(proc.pid), time.process_time()
                t0 = time.perf_counter()
                if profile:
                    import cProfile

                    prof = cProfile.Profile()
                    report = prof.runcall(send_documents, f, run_id=run_id)
                    prof.dump_stats(profile)
                else:
                    report = send_documents(f, run_id=run_id)
                dt = time.perf_counter() - t0
                cpu, server = time.process_time() - cpu0, _cpu_seconds(proc.pid) - server0
                print(f"send ({connections} connection{'s' if connections > 1 else ''}): "
                      f"{report.sent:,} of {total:,} sent ({report.failed} failed), "
                      f"server received {counter.value - received0:,}, {dt:.1f} s, "
                      f"{report.sent / dt:.0f} messages/s (load {load:.1f} -> "
                      f"{os.getloadavg()[0]:.1f})", flush=True)
                print(f"  CPU: billdesk {cpu:.1f} s ({cpu / max(report.sent, 1) * 1e3:.2f} ms "
                      f"per message), test server {server:.1f} s "
                      f"({server / max(report.sent, 1) * 1e3:.2f} ms per message)", flush=True)
                best = dt if best is None else min(best, dt)
            if repeat > 1:
                print(f"send: best {best:.1f} s of {repeat}", flush=True)
        finally:
            proc.kill()
            engine.dispose()


def bench_print(n: int, runs: int, keep: str | None = None) -> None:
    from billdesk.dispatch.print_batch import export_print_batch

    with _folder(keep, f"print-{n}") as tmp:
        engine, f, run_id, total = build(Path(tmp), n, all_email=False)
        best = None
        for _ in range(runs):
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            r = export_print_batch(f, run_id, Path(tmp) / "print.pdf", all_documents=True)
            dt = time.perf_counter() - t0
            size = (Path(tmp) / "print.pdf").stat().st_size / 1e6
            print(f"print: {r.documents:,} documents, {r.total_pages:,} pages, "
                  f"{size:.0f} MB in {dt:.1f} s (load {load:.1f})", flush=True)
            best = dt if best is None else min(best, dt)
        print(f"print: best {best:.1f} s for {total:,} documents", flush=True)
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--send", type=int, default=10000)
    ap.add_argument("--print", dest="print_n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--connections", type=int, default=1,
                    help="smtp.connections: SMTP connections in parallel (1-4)")
    ap.add_argument("--repeat", type=int, default=1, help="sends of the same run (best of)")
    ap.add_argument("--profile", help="write a cProfile of the send into this file")
    ap.add_argument("--keep", help="build the databases in this folder and reuse them")
    a = ap.parse_args()
    if a.send:
        bench_send(a.send, a.profile, a.repeat, a.keep, a.connections)
    if a.print_n:
        bench_print(a.print_n, a.runs, a.keep)


if __name__ == "__main__":
    main()
