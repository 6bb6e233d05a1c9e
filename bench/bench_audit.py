"""Benchmark (issue 10): ``verify`` over N issued documents; the audit package of an
M-account run (export with its PDFs, then ``audit check``); and what freezing costs at issue.

Builds its own SQLite databases (tests/runs/builders.py: flat tariff for most accounts, every
10th a prosumer, every 20th on a dynamic tariff, the first 200 in an energy community), bills
one month and finalizes it (timed: ``finalize`` freezes and chains every document), then times

- ``verify``: billdesk.audit.verify over every issued document (best of ``--repeat``);
- ``export``: billdesk.audit.package.export_package with the PDFs (``--workers`` processes);
- ``check``: billdesk.audit.check.check_package of that file (best of ``--repeat``).

    .venv/bin/python bench/bench_audit.py [--verify 100000] [--package 10000] [--workers 2]
        [--repeat 3] [--export-repeat 1] [--no-einvoice] [--keep DIR]

``--export-repeat``: export the package that many times (wall and CPU time of each: this
process and its PDF workers); the e-invoice check finalize runs on every document (build
the Factur-X XML, check it: billdesk.pdf.facturx_check) is timed per document unless
``--no-einvoice``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "runs"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import builders  # noqa: E402
from billdesk.runs import create_run, finalize_run, start_run  # noqa: E402
from billdesk.store.db import make_engine, prepare, session_factory  # noqa: E402


def _load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def issued_database(path: Path, n: int, workers: int) -> tuple:
    engine = make_engine(path)
    prepare(engine)
    f = session_factory(engine)
    t = time.perf_counter()
    builders.build(f, n, prosumer_every=10, dynamic_every=20, community=min(200, n // 5))
    built = time.perf_counter() - t
    run = create_run(f, "2025-03", "all")
    t = time.perf_counter()
    start_run(f, run.id, workers=workers)
    billed = time.perf_counter() - t
    t = time.perf_counter()
    fin = finalize_run(f, run.id, today=date(2025, 4, 2))
    finalized = time.perf_counter() - t
    print(f"  {n:,} accounts: data {built:.1f} s, run {billed:.1f} s, finalize (freeze + "
          f"chain {fin.issued:,} documents) {finalized:.1f} s  [{_load()}]", flush=True)
    return engine, f, run.id, fin.issued


def bench_verify(n: int, folder: Path, repeat: int, workers: int) -> None:
    from billdesk.audit.verify import verify

    print(f"== verify over {n:,} issued documents", flush=True)
    engine, f, _run, issued = issued_database(folder / f"verify{n}.sqlite", n, workers)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        rep = verify(f)
        times.append(time.perf_counter() - t)
        assert rep.ok and rep.documents == issued, rep.text()
    print(f"  verify: best {min(times):.2f} s of {repeat} ({', '.join(f'{x:.2f}' for x in times)}"
          f"), {issued / min(times):,.0f} documents/s  [{_load()}]  (required <= 10 s)",
          flush=True)
    engine.dispose()


def bench_package(m: int, folder: Path, repeat: int, workers: int, export_repeat: int = 1,
                  einvoice: bool = False) -> None:
    from billdesk.audit.check import check_package
    from billdesk.audit.package import export_package

    print(f"== audit package of a {m:,}-account run", flush=True)
    engine, f, run_id, issued = issued_database(folder / f"package{m}.sqlite", m, workers)
    out = folder / f"run{m}.bdaudit"
    out.unlink(missing_ok=True)
    times, cpus = [], []
    for k in range(export_repeat):
        out.unlink(missing_ok=True)
        c0, t = _cpu(), time.perf_counter()
        rep = export_package(f, run_id, out, workers=workers)
        times.append(time.perf_counter() - t)
        cpus.append(_cpu() - c0)
        print(f"  export {k + 1}: {times[-1]:.1f} s (CPU {cpus[-1]:.1f} s: this process and "
              f"its PDF workers) for {rep.documents:,} documents, {rep.pdfs:,} PDFs, "
              f"{rep.chunks:,} chunks, {rep.bytes / 1e6:.0f} MB  [{_load()}]", flush=True)
    print(f"  export: best {min(times):.1f} s of {len(times)}, CPU best {min(cpus):.1f} s  "
          "(required <= 60 s)", flush=True)
    if einvoice:
        _einvoice_cost(f, run_id, repeat)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        chk = check_package(out)
        times.append(time.perf_counter() - t)
        assert chk.ok, chk.text()
    print(f"  check: best {min(times):.2f} s of {repeat} ({', '.join(f'{x:.2f}' for x in times)}"
          f"), {chk.bills:,} bills re-computed, {chk.pdfs:,} PDFs  [{_load()}]  "
          "(required <= 30 s)", flush=True)
    engine.dispose()


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the PDF workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _einvoice_cost(f, run_id: int, repeat: int) -> None:
    """What finalize's e-invoice check costs per document: the Factur-X XML built and
    checked (well-formed, XSD, EN 16931 rules) for every document of the run, CPU time."""
    from sqlalchemy import select

    from billdesk.pdf.facturx_check import problems
    from billdesk.pdf.facturx_xml import build_xml
    from billdesk.runs.freeze import thaw_content
    from billdesk.store.models import Bill

    with f() as s:
        rows = s.execute(select(Bill.content).where(Bill.run_id == run_id,
                                                    Bill.number.is_not(None))).scalars().all()
    docs = []
    for text in rows:
        import json

        d = thaw_content(text).printed()
        pay = json.loads(text)["payment"]
        docs.append((d, pay["reference"] if pay else None))
    build, check = [], []
    for _ in range(repeat):
        t = time.process_time()
        xmls = [build_xml(d, ref) for d, ref in docs]
        build.append(time.process_time() - t)
        t = time.process_time()
        bad = sum(bool(problems(x)) for x in xmls)
        check.append(time.process_time() - t)
        assert bad == 0
    n = len(docs)
    print(f"  finalize's e-invoice check of {n:,} documents: build XML {min(build):.2f} s + "
          f"check {min(check):.2f} s CPU (best of {repeat}) = "
          f"{(min(build) + min(check)) / n * 1000:.3f} ms per document", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verify", type=int, default=100_000, help="documents for verify (0: skip)")
    ap.add_argument("--package", type=int, default=10_000, help="accounts of the packaged run"
                    " (0: skip)")
    ap.add_argument("--workers", type=int, default=2, help="billing and PDF processes")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--export-repeat", type=int, default=1, help="exports of the run (best "
                    "is reported)")
    ap.add_argument("--no-einvoice", action="store_true", help="skip timing finalize's "
                    "e-invoice check per document")
    ap.add_argument("--keep", help="folder for the databases (kept); default: temporary")
    a = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {_load()}", flush=True)
    tmp = tempfile.TemporaryDirectory()
    folder = Path(a.keep) if a.keep else Path(tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    if a.package:
        bench_package(a.package, folder, a.repeat, a.workers, a.export_repeat,
                      not a.no_einvoice)
    if a.verify:
        bench_verify(a.verify, folder, a.repeat, a.workers)


if __name__ == "__main__":
    main()
