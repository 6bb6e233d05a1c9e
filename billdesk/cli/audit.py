"""CLI commands for auditors: ``verify``, ``audit export``, ``audit check`` (docs/audit.md).

``bill show --explain`` lives with ``bill show`` (billdesk.cli.runs).
"""

from __future__ import annotations

import argparse

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.domain.errors import InputError
from billdesk.store import db as dbmod


def _run_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"run ID must be a number, got {text!r}") from None


def register(sub) -> None:
    p = sub.add_parser("verify", help="check the hash chain of every number series; exit 1 "
                       "and the first broken link when a document was changed, deleted or "
                       "inserted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify, capability="read", read_only_ok=True)

    a = sub.add_parser("audit", help="audit packages: export a run, check a package")
    asub = a.add_subparsers(dest="audit_command", metavar="ACTION")
    e = asub.add_parser("export", help="write a run and everything it used into one "
                        "self-contained, read-only file")
    e.add_argument("--run", type=_run_id, required=True, metavar="ID")
    e.add_argument("--out", required=True, metavar="FILE.bdaudit")
    e.add_argument("--workers", type=int, default=None,
                   help="processes rendering the PDFs (default: all cores)")
    e.add_argument("--no-pdfs", action="store_true",
                   help="leave the PDFs out (the package still holds every frozen document)")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=cmd_audit_export, capability="export")
    c = asub.add_parser("check", help="re-compute every bill of a package with this engine "
                        "and compare line by line; verify its chain segment")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_audit_check, capability="read", read_only_ok=True)


def cmd_verify(args) -> int:
    from billdesk.audit.verify import verify

    factory = dbmod.session_factory(open_db(args, write=False))
    progress = StderrProgress("verify: ", quiet=getattr(args, "json", False))
    report = verify(factory, progress=progress)
    progress.close()
    emit(args, report.as_dict(), report.text())
    return 0 if report.ok else 1


def cmd_audit_export(args) -> int:
    from billdesk.audit.package import export_package

    factory = dbmod.session_factory(open_db(args))
    progress = StderrProgress("audit export: ")
    try:
        rep = export_package(factory, args.run, args.out, workers=args.workers,
                             pdfs=not args.no_pdfs, progress=progress)
    finally:
        progress.close()
    emit(args, rep.as_dict(), rep.text())
    return 0


def cmd_audit_check(args) -> int:
    from billdesk.audit.check import check_package

    if not dbmod.is_audit_package(args.file):
        raise InputError(f"{args.file} is not a billdesk audit package", file=args.file)
    progress = StderrProgress("audit check: ", quiet=args.json)
    try:
        rep = check_package(args.file, progress=progress)
    finally:
        progress.close()
    emit(args, rep.as_dict(), rep.text())
    return 0 if rep.ok else 1
