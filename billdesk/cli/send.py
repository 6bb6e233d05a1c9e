"""``billdesk send (--run ID | --bill ID|NUMBER …) [--dry-run] [--resend] [--json]`` and
``billdesk send import-bounces FILE…``."""

from __future__ import annotations

import argparse

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.domain.errors import InputError, WorkFailed
from billdesk.store import db as dbmod


def register(sub) -> None:
    p = sub.add_parser("send", help="e-mail issued documents (SMTP settings: billdesk "
                       "settings)", description="E-mail the issued documents of a run (or "
                       "the given bills), one message per document with its PDF. Already "
                       "sent documents are skipped unless --resend; accounts without e-mail "
                       "go to the print batch ('billdesk export print').")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--run", type=int, help="every issued document of a run")
    which.add_argument("--bill", action="append", metavar="ID|NUMBER",
                       help="one document (repeatable)")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be sent to whom; nothing is sent or written")
    p.add_argument("--resend", action="store_true",
                   help="send again documents already sent, bounced or of unknown delivery")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_send, capability="send")
    ssub = p.add_subparsers(dest="send_command", metavar="ACTION")
    b = ssub.add_parser("import-bounces", help="mark documents whose message bounced: "
                        "delivery status notifications (.eml, mbox, a folder of them) or a "
                        "CSV (message_id or recipient, reason, date)")
    b.add_argument("files", nargs="+", metavar="FILE")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_import_bounces, capability="send")


def cmd_send(args: argparse.Namespace) -> int:
    from billdesk.dispatch.send import send_documents

    if args.run is None and not args.bill:
        raise InputError("give --run ID or --bill ID|NUMBER", field="--run")
    if args.dry_run:
        args.capability = "read"           # shows what would be sent; writes nothing
    engine = open_db(args)
    progress = StderrProgress("send: ", quiet=args.quiet)
    report = send_documents(dbmod.session_factory(engine), run_id=args.run,
                            bill_refs=args.bill, dry_run=args.dry_run, resend=args.resend,
                            progress=progress)
    progress.close()
    d = report.as_dict()
    if args.dry_run:
        lines = [f"{r.number}: {'send to ' + r.recipient if r.status == 'queued' else 'skip'}"
                 + (f" — {r.subject}" if r.status == "queued" else "")
                 + (f" ({r.error})" if r.error else "") for r in report.documents]
        text = "\n".join(lines + [f"dry run: {d['queued']} would be sent, {d['skipped']} "
                                  f"skipped ({d['print']} for the print batch)"])
    else:
        text = (f"{d['sent']:,} sent, {d['failed']:,} failed, {d['skipped']:,} skipped "
                f"({d['print']:,} for the print batch), {d['queued']:,} still queued in "
                f"{d['seconds']} s")
        for r in report.documents:
            if r.status == "failed":
                text += f"\n  {r.number} {r.recipient or ''}: {r.error}"
        if report.stopped:
            text += f"\nstopped: {report.stopped}"
    emit(args, d, text)
    if not args.dry_run and not report.ok and not report.cancelled:
        if not args.json:
            raise WorkFailed(f"{d['failed']} failed, {d['queued']} not sent"
                             + (f": {report.stopped}" if report.stopped else ""))
        return 1
    return 1 if report.cancelled else 0


def cmd_import_bounces(args: argparse.Namespace) -> int:
    from billdesk.dispatch.bounces import import_bounces

    engine = open_db(args)
    result = import_bounces(dbmod.session_factory(engine), args.files)
    emit(args, result.as_dict(),
         f"{result.bounced} bounce(s) recorded, {result.already} already known, "
         f"{len(result.unmatched)} not matched, {result.ignored} not a failure "
         f"(delayed/delivered) in {result.files} file(s)"
         + "".join(f"\n  not matched: {u}" for u in result.unmatched[:20]))
    return 0
