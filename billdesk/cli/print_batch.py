"""``billdesk export print --run ID --out FILE.pdf [--all] [--undelivered]``."""

from __future__ import annotations

import argparse

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.domain.errors import WorkFailed
from billdesk.store import db as dbmod


def register(esub) -> None:
    p = esub.add_parser("print", help="one print-ready PDF (duplex, sorted by postcode) of "
                        "a run's documents for accounts without e-mail")
    p.add_argument("--run", type=int, required=True)
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--all", action="store_true", help="every issued document of the run")
    p.add_argument("--undelivered", action="store_true",
                   help="also documents whose e-mail failed, bounced or is unknown")
    p.add_argument("--workers", type=int, default=None,
                   help="processes rendering PDFs not exported yet (default: all cores)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_print, capability="export")


def cmd_export_print(args: argparse.Namespace) -> int:
    from billdesk.dispatch.print_batch import export_print_batch

    engine = open_db(args)
    progress = StderrProgress("print: ")
    r = export_print_batch(dbmod.session_factory(engine), args.run, args.out,
                           all_documents=args.all, undelivered=args.undelivered,
                           workers=args.workers, progress=progress)
    progress.close()
    emit(args, {"out": str(r.out), "documents": r.documents, "pages": r.pages,
                "blank_pages": r.blank_pages, "total_pages": r.total_pages,
                "sheets": r.sheets, "kinds": r.kinds, "countries": r.countries,
                "failed": [{"number": n, "error": e} for n, e in r.failed],
                "seconds": round(r.seconds, 2)},
         f"{r.documents:,} document(s), {r.total_pages:,} pages ({r.sheets:,} sheets duplex) "
         f"written to {r.out} in {r.seconds:.1f} s"
         + (f"; {len(r.failed)} without PDF" if r.failed else ""))
    if r.failed:
        raise WorkFailed(f"{len(r.failed)} document(s) not in the batch: "
                         + "; ".join(f"{n}: {e}" for n, e in r.failed[:5]))
    return 0
