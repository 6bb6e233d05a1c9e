"""``billdesk export pdf (--run ID | --bill ID…) --out DIR [--workers N]``."""

from __future__ import annotations

import argparse

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.cli.runs import _count, _run_id
from billdesk.domain.errors import WorkFailed
from billdesk.store import db as dbmod


def register(sub) -> None:
    p = sub.add_parser("export", help="export documents")
    esub = p.add_subparsers(dest="export_kind", metavar="KIND")
    pdf = esub.add_parser("pdf", help="PDF invoices with QR-bill and Factur-X XML")
    which = pdf.add_mutually_exclusive_group(required=True)
    which.add_argument("--run", type=_run_id, help="all issued bills of a run")
    which.add_argument("--bill", action="append", metavar="ID|NUMBER",
                       help="one bill (repeatable)")
    pdf.add_argument("--out", required=True, help="output folder")
    pdf.add_argument("--workers", type=_count(0, 256), default=None,
                     help="worker processes (default: all cores)")
    pdf.add_argument("--json", action="store_true")
    pdf.set_defaults(func=cmd_export_pdf, capability="export")
    from billdesk.cli import print_batch

    print_batch.register(esub)


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from billdesk.runs.export import export_pdfs

    engine = open_db(args)
    progress = StderrProgress("export: ")
    report = export_pdfs(dbmod.session_factory(engine), args.out, run_id=args.run,
                         bill_refs=args.bill, workers=args.workers, progress=progress)
    progress.close()
    emit(args, {"out": args.out, "total": report.total, "written": len(report.written),
                "failed": [{"number": f.number, "error": f.error} for f in report.failed],
                "cancelled": report.cancelled, "seconds": round(report.seconds, 2),
                "per_second": round(report.per_second, 1),
                "files": [str(p) for p in report.written]},
         f"{len(report.written):,} PDF(s) written to {args.out} in {report.seconds:.1f} s"
         + (f"; {len(report.failed)} failed" if report.failed else ""))
    if report.failed:
        raise WorkFailed(f"{len(report.failed)} invoice(s) failed: "
                         + "; ".join(f"{f.number}: {f.error}" for f in report.failed[:5]))
    return 0
