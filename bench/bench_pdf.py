"""Batch PDF export throughput: python bench/bench_pdf.py [N] [WORKERS] [CHUNK] [RUNS]

Renders N demo invoices (default 1000; one in 10 a credit note, i.e. without payment part)
with export_many into a temporary folder and prints invoices per second (RUNS times, default 1,
then the best run) with the load average, since other jobs may share the machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

from billdesk.domain.bill import BillKind
from billdesk.pdf.batch import export_many
from billdesk.pdf.sample import demo_document


def documents(n: int):
    langs = ("de", "fr", "it", "en")
    for i in range(n):
        credit = i % 10 == 9
        yield demo_document(number=f"{'GS' if credit else 'RE'}-2026-{i:06d}",
                            language=langs[i % 4],
                            kind=BillKind.CREDIT_NOTE if credit else BillKind.INVOICE,
                            corrects_number="RE-2025-000001" if credit else None,
                            negate=credit, account=f"{100000 + i}", seed=i)


def run(n: int, workers: int, chunk: int) -> float:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        report = export_many(documents(n), tmp, workers=workers, chunk_size=chunk, total=n)
        dt = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in report.written)
    rate = len(report.written) / dt
    print(f"{len(report.written)} invoices written, {len(report.failed)} failed, "
          f"{workers} workers, chunk {chunk}: {dt:.2f} s, {rate:.1f} "
          f"invoices/s, {size / max(len(report.written), 1) / 1024:.0f} KiB/invoice "
          f"(load average before: {load:.2f})")
    for f in report.failed[:5]:
        print("failed:", f.number, f.error)
    return rate


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else (os.cpu_count() or 1)
    chunk = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rates = [run(n, workers, chunk) for _ in range(runs)]
    if runs > 1:
        print(f"best of {runs}: {max(rates):.1f} invoices/s")


if __name__ == "__main__":
    main()
