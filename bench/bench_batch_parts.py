"""Benchmark: the CPU of one batch's parts, steadier than whole runs on a busy machine.

On a database built by ``bench_runs.py --keep PATH`` (its unfinished runs are cancelled, a
new run is created): per repeat, the first ``--batch`` accounts are billed (``bill_accounts``:
inputs, engine, decisions; the process's CPU time, all threads), written (``write_batch``,
the thread's CPU time, in a transaction rolled back) and their results dropped (freeing).
Best and median of ``--repeat``.

    .venv/bin/python bench/bench_batch_parts.py PATH [--batch 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, update  # noqa: E402

from billdesk.gc_pause import gc_paused  # noqa: E402
from billdesk.runs import cancel_run, create_run, list_runs  # noqa: E402
from billdesk.runs.billing import bill_accounts, make_config  # noqa: E402
from billdesk.runs.writer import write_batch  # noqa: E402
from billdesk.store.db import make_engine, session_factory  # noqa: E402
from billdesk.store.models import BillingAttempt, BillRun  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    factory = session_factory(make_engine(a.db))
    for r in list_runs(factory):
        if r.status not in ("cancelled", "finalized"):
            cancel_run(factory, r.id)
    run = create_run(factory, "2025-03", "all")
    cfg, inputs = make_config(factory, run.id)
    with factory() as s:
        att = s.execute(select(BillingAttempt.id, BillingAttempt.account_id)
                        .where(BillingAttempt.run_id == run.id)
                        .order_by(BillingAttempt.position).limit(a.batch)).all()
    ids = [acc for _aid, acc in att]
    bill, write, free = [], [], []
    for _ in range(a.repeat):
        with gc_paused():
            with factory() as s:
                c = time.process_time()
                results = bill_accounts(s, cfg, inputs, ids)
                bill.append(time.process_time() - c)
            rows = [(aid, acc, r) for (aid, acc), r in zip(att, results)]
            with factory() as ws:
                ws.execute(update(BillRun).where(BillRun.id == run.id)
                           .values(status="running", owner="bench"))
                t = time.thread_time()
                write_batch(ws, run.id, "bench", "bench", rows, 1.0)
                write.append(time.thread_time() - t)
                ws.rollback()
            t = time.thread_time()
            del results, rows
            free.append(time.thread_time() - t)
    cancel_run(factory, run.id)

    def fig(v: list[float]) -> str:
        return f"best {min(v) * 1000:7.1f} ms  (median {sorted(v)[len(v) // 2] * 1000:7.1f})"

    print(f"batch of {len(ids):,} accounts, {a.repeat} repeats")
    print(f"bill_accounts CPU      {fig(bill)}")
    print(f"write_batch thread CPU {fig(write)}")
    print(f"freeing the results    {fig(free)}")


if __name__ == "__main__":
    main()
