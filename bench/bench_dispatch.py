"""E-mail dispatch and print batch: python bench/bench_dispatch.py [--send N] [--print M]

Builds its own SQLite database in a temporary folder: a demo portfolio of N accounts, one
finalized month, every account with an e-mail address, PDFs exported into the PDF folder
(not timed). Then it times

* ``send_documents`` of the whole run to a local aiosmtpd server running in its own process
  on 127.0.0.1 (like the tests' server: it parses every message and answers "queued as …"),
  one connection, no rate limit — "with the PDFs already exported";
* ``export_print_batch --all`` of a run of M accounts (a second database): cover page,
  blank pages for duplex, postcode order, one PDF.

Each figure is printed with the load average, since other jobs may share the machine.
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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(folder: Path, accounts: int, all_email: bool):
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
    t0 = time.perf_counter()
    write_demo(f, accounts=accounts, months=1, seed=7, end="2025-11")
    if all_email:
        with transaction(f) as s:
            s.execute(update(Account).where(Account.email.is_(None))
                      .values(email="paper@example.ch"))
    run = create_run(f, "2025-10", "all", today=None)
    start_run(f, run.id)
    finalize_run(f, run.id)
    with transaction(f) as s:
        set_many(s, {"pdf_folder": str(folder / "pdf")})
    docs = load_outgoing(f, resolve_bill_ids(f, run_id=run.id))
    errors = ensure_pdfs(f, docs, folder / "pdf")
    assert not errors, list(errors.items())[:3]
    print(f"  set up {len(docs):,} issued documents with PDFs in {time.perf_counter() - t0:.0f} s",
          flush=True)
    return engine, f, run.id, len(docs)


def bench_send(n: int) -> None:
    from billdesk.dispatch.send import send_documents
    from billdesk.store.db import transaction
    from billdesk.store.settings_catalog import set_many

    with tempfile.TemporaryDirectory() as tmp:
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
                             "smtp.security": "none"})
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            report = send_documents(f, run_id=run_id)
            dt = time.perf_counter() - t0
            print(f"send: {report.sent:,} of {total:,} sent ({report.failed} failed), "
                  f"server received {counter.value:,}, {dt:.1f} s, "
                  f"{report.sent / dt:.0f} messages/s (load {load:.1f} -> "
                  f"{os.getloadavg()[0]:.1f})", flush=True)
        finally:
            proc.kill()
            engine.dispose()


def bench_print(n: int, runs: int) -> None:
    from billdesk.dispatch.print_batch import export_print_batch

    with tempfile.TemporaryDirectory() as tmp:
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
    a = ap.parse_args()
    if a.send:
        bench_send(a.send)
    if a.print_n:
        bench_print(a.print_n, a.runs)


if __name__ == "__main__":
    main()
