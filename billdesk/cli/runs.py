"""CLI commands for bill runs and bills: quality-check, run …, bills list, bill show.

Thin wrappers over billdesk.runs (the same services the GUI uses); see docs/cli.md.

One job, kept whole (~410 lines): the command-line face of bill runs and bills — each
``run …``/``bill …`` command's arguments and its text and JSON output side by side; the work
itself is in billdesk.runs.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.domain.errors import InputError, StorageError, WorkFailed
from billdesk.domain.quality import Quality, Thresholds
from billdesk.store import db as dbmod


def _thresholds_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("minimum data quality")
    g.add_argument("--min-quality", default="missing",
                   help="worst accepted flag: measured|substituted|estimated|missing "
                   "(default missing: gaps are filled)")
    g.add_argument("--min-measured-share", default="0",
                   help="minimum share of measured intervals, 0..1 (default 0)")
    g.add_argument("--max-missing", default=None,
                   help="maximum number of missing intervals (default: no limit)")


def _thresholds(args) -> Thresholds:
    try:
        q = Quality.parse(args.min_quality)
    except ValueError as exc:
        raise InputError(str(exc), field="--min-quality") from None
    try:
        share = float(args.min_measured_share)
        if not 0 <= share <= 1:
            raise ValueError
    except ValueError:
        raise InputError(f"{args.min_measured_share!r} is not a share 0..1",
                         field="--min-measured-share") from None
    mm = None
    if args.max_missing is not None:
        try:
            mm = int(args.max_missing)
            if mm < 0:
                raise ValueError
        except ValueError:
            raise InputError(f"{args.max_missing!r} is not a whole number >= 0",
                             field="--max-missing") from None
    return Thresholds(q, share, mm)


def _run_id(text: str) -> int:
    """A run id argument: digits within what the id column holds (on every database)."""
    from billdesk.store.limits import parse_id
    from billdesk.store.models import BillRun

    try:
        return parse_id(text, BillRun.id, field="ID")
    except InputError as exc:
        raise argparse.ArgumentTypeError(f"run ID: {exc.message}") from None


def _count(lo: int, hi: int):
    """An argparse type: a whole number in lo..hi."""
    def parse(text: str) -> int:
        t = text.strip()
        if not (t.isascii() and t.lstrip("-").isdigit()) or len(t) > 12 or \
                not lo <= int(t) <= hi:
            raise argparse.ArgumentTypeError(f"expected a whole number {lo}..{hi:,}, got "
                                             f"{text[:30]!r}")
        return int(t)
    return parse


def register(sub) -> None:
    p = sub.add_parser("quality-check", help="Check Data Quality of a target without billing")
    p.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn, YYYY or FROM..TO")
    p.add_argument("--target", required=True,
                   help="accounts:A,B,… | group:NAME | community:NAME | all")
    _thresholds_args(p)
    p.add_argument("--failing-only", action="store_true",
                   help="list only the accounts that fail (the summary counts all)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quality, capability="read", read_only_ok=True)

    p = sub.add_parser("run", help="bill runs")
    rsub = p.add_subparsers(dest="run_command", metavar="ACTION")
    c = rsub.add_parser("create", help="create a draft run (account list frozen now)")
    c.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn, YYYY or FROM..TO")
    c.add_argument("--target", required=True,
                   help="accounts:A,B,… | group:NAME | community:NAME | all")
    c.add_argument("--name")
    c.add_argument("--mode", default="lenient", help="strict|lenient (default lenient)")
    c.add_argument("--billing", default="create",
                   help="create|create-and-correct (default create)")
    c.add_argument("--max-factor", default="5",
                   help="IMPLAUSIBLE_AMOUNT when a total deviates from the account's previous "
                   "issued bill by more than this factor (default 5)")
    c.add_argument("--round-payable", action="store_true",
                   help="round CHF totals to 0.05")
    _thresholds_args(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_run_create, capability="run.create")

    s = rsub.add_parser("start", help="execute or resume a run (blocking)")
    s.add_argument("id", type=_run_id, metavar="ID")
    s.add_argument("--workers", type=_count(0, 256), default=1,
                   help="worker processes claiming batches through the database (default 1); "
                   "0: queue the run for 'billdesk worker' processes and follow its progress")
    s.add_argument("--detach", action="store_true",
                   help="queue the run for 'billdesk worker' processes and return at once")
    s.add_argument("--join", action="store_true",
                   help="add workers to a run another process (machine) is executing; "
                   "returns when no unclaimed batch is left")
    s.add_argument("--batch-size", type=_count(1, 1_000_000), default=None,
                   help="accounts per batch (default 2000)")
    s.add_argument("--force-resume", action="store_true",
                   help="take over a run recorded as running whose owner process is not "
                   "billdesk (its process id was reused, e.g. after a restart); checked first")
    s.add_argument("--quiet", action="store_true", help="no progress on stderr")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_run_start, capability="run.start")

    ls = rsub.add_parser("list", help="runs")
    ls.add_argument("--status")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_run_list, capability="read", read_only_ok=True)

    for name, func, what, cap in (
            ("show", cmd_run_show, "one run with its attempts", "read"),
            ("cancel", cmd_run_cancel, "cancel a run", "run.cancel"),
            ("rerun-failed", cmd_run_rerun, "child run over the failed accounts", "run.create"),
            ("finalize", cmd_run_finalize, "issue the run's draft bills", "run.finalize")):
        x = rsub.add_parser(name, help=what)
        x.add_argument("id", type=_run_id, metavar="ID")
        x.add_argument("--json", action="store_true")
        x.set_defaults(func=func, capability=cap, read_only_ok=name == "show")

    rp = rsub.add_parser("report", help="the run's summary: counts, totals per tariff and "
                                          "VAT rate, numbers issued (PDF or CSV)")
    rp.add_argument("id", type=_run_id, metavar="ID")
    rp.add_argument("--out", required=True, metavar="FILE.pdf|FILE.csv")
    rp.add_argument("--json", action="store_true")
    rp.set_defaults(func=cmd_run_report, capability="read", read_only_ok=True)

    b = sub.add_parser("bills", help="bills")
    bsub = b.add_subparsers(dest="bills_command", metavar="ACTION")
    bl = bsub.add_parser("list", help="bills with their lines")
    bl.add_argument("--run", type=_run_id)
    bl.add_argument("--account")
    bl.add_argument("--status", help="draft|issued|cancelled")
    bl.add_argument("--json", action="store_true")
    bl.set_defaults(func=cmd_bills_list, capability="read", read_only_ok=True)

    b = sub.add_parser("bill", help="one bill")
    bsub = b.add_subparsers(dest="bill_command", metavar="ACTION")
    bs = bsub.add_parser("show", help="a bill by id or number")
    bs.add_argument("ref", metavar="ID|NUMBER")
    bs.add_argument("--explain", action="store_true",
                    help="what the bill was computed from: interval-data versions, tariff "
                    "version, prices, allocation, quality, engine; each line down to its "
                    "intervals")
    bs.add_argument("--intervals", type=int, metavar="LINE", default=None,
                    help="with --explain: list every interval behind line LINE (1 = first)")
    bs.add_argument("--json", action="store_true")
    bs.set_defaults(func=cmd_bill_show, capability="read", read_only_ok=True)
    bc = bsub.add_parser("cancel", help="cancel an issued invoice by a credit note "
                                        "(issued at once)")
    bc.add_argument("ref", metavar="ID|NUMBER")
    bc.add_argument("--reason", default=None)
    bc.add_argument("--json", action="store_true")
    bc.set_defaults(func=cmd_bill_cancel, capability="run.finalize")


def _factory(args, write: bool = True):
    return dbmod.session_factory(open_db(args, write=write))


def _money(x: Decimal | None) -> str:
    return "-" if x is None else f"{x:,.2f}"


RUN_HEADER = (f"{'id':>5}  {'status':<21} {'period':<22}  {'target':<24} {'mode':<7} "
              f"{'billing':<18} accounts / results / total amount")


def _run_line(r) -> str:
    c = r.counts
    return (f"{r.id:>5}  {r.status:<21} {r.period_start}..{r.period_end}  {r.target:<24} "
            f"{r.mode:<7} {r.billing:<18} total {c.total:>7,} ok {c.succeeded:>7,} "
            f"failed {c.failed:>6,} skipped {c.skipped:>6,} pending {c.pending:>6,}  "
            f"{_money(r.total_amount)}")


def _run_text(r, attempts: bool = False, limit: int = 50) -> str:
    lines = [f"run {r.id} '{r.name}': {r.status}",
             f"  period {r.period_start}..{r.period_end}, target {r.target}, mode {r.mode}, "
             f"billing {r.billing}" + (f", parent {r.parent_id}" if r.parent_id else ""),
             f"  accounts {r.counts.total:,}: succeeded {r.counts.succeeded:,}, failed "
             f"{r.counts.failed:,}, skipped {r.counts.skipped:,}, pending {r.counts.pending:,}; "
             f"total amount {_money(r.total_amount)}"]
    if r.errors:
        lines.append("  errors: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r.errors.items())))
    if r.message:
        lines.append(f"  {r.message}")
    if attempts and r.workers:
        lines.append("  workers:")
        for w in r.workers:
            rate = f"{w.per_second:,.0f}/s" if w.per_second else "-"
            lines.append(f"    {w.token:<32} {w.kind:<6} {w.accounts:>8,} accounts "
                         f"{w.batches:>5,} batches {rate:>8}"
                         + ("" if w.stopped_at else "  (working)"))
    if attempts and r.attempts:
        shown = [a for a in r.attempts if a.status != "succeeded"][:limit]
        if shown:
            lines.append("  not billed:")
        for a in shown:
            lines.append(f"    {a.account:<16} {a.status:<8} {a.error_code or '':<18} "
                         f"{a.message or ''}")
    return "\n".join(lines)


def cmd_quality(args) -> int:
    from billdesk.runs import quality_check

    factory = _factory(args, write=False)
    th = _thresholds(args)
    progress = StderrProgress("quality-check: ")
    report = quality_check(factory, args.period, args.target, th, progress=progress)
    progress.close()
    d = report.as_dict()
    if args.failing_only:
        d["accounts"] = [a for a in d["accounts"] if not a["passed"]]
    t = report.totals()
    text = [f"{report.target} {report.period_start}..{report.period_end}: "
            f"{len(report.rows):,} account(s), {report.passing:,} pass, {report.failing:,} fail",
            f"intervals: measured {t.measured:,}, substituted {t.substituted:,}, "
            f"estimated {t.estimated:,}, missing {t.missing:,}"]
    for r in report.rows:
        if not r.passed:
            text.append(f"  {r.account:<16} {r.reason}")
    emit(args, d, "\n".join(text))
    return 0


def cmd_run_create(args) -> int:
    from billdesk.runs import create_run

    factory = _factory(args)
    r = create_run(factory, args.period, args.target, name=args.name, mode=args.mode,
                   billing=args.billing, thresholds=_thresholds(args),
                   max_factor=args.max_factor, round_payable=args.round_payable)
    emit(args, r.as_dict(), f"{r.id}")
    return 0


def cmd_run_start(args) -> int:
    from billdesk.runs import start_run
    from billdesk.runs.writer import LostRun

    factory = _factory(args)
    if args.force_resume:
        from billdesk.runs.liveness import force_interrupt

        print(f"billdesk: {force_interrupt(factory, args.id)}", file=sys.stderr)
    if args.detach or args.workers == 0:
        return _run_queue(args, factory)
    progress = StderrProgress(f"run {args.id}: ", quiet=args.quiet)
    try:
        r = start_run(factory, args.id, progress=progress, workers=args.workers,
                      batch_size=args.batch_size, join=args.join)
    except LostRun as exc:
        raise WorkFailed(str(exc)) from None
    except StorageError as exc:
        if exc.stopped_run is None:
            raise
        # the run met a storage fault while executing: work that failed (exit 1), resumable
        raise WorkFailed(f"{exc}; run {args.id} stopped: once the cause is fixed, "
                         f"'run start {args.id}' resumes it") from None
    finally:
        progress.close()
    emit(args, r.as_dict(), _run_text(r))
    return 1 if r.status in ("failed", "cancelled") else 0


def _run_queue(args, factory) -> int:
    """--detach / --workers 0: the run is executed by 'billdesk worker' processes."""
    from billdesk.runs.queued import follow_run, queue_run

    if args.join:
        raise InputError("--join adds workers of this process; --detach/--workers 0 leave "
                         "the run to 'billdesk worker' processes", field="--detach")
    if args.detach and args.workers not in (0, 1):
        raise InputError("--detach queues the run for 'billdesk worker' processes; "
                         "--workers N would bill it here", field="--detach")
    if args.batch_size is not None:
        raise InputError("a queued run is billed in the workers' batches: give "
                         "'billdesk worker --batch-size'", field="--batch-size")
    r = queue_run(factory, args.id)
    if args.detach:
        emit(args, r.as_dict(), f"run {r.id} queued for workers ('billdesk worker' on any "
             f"machine bills it): {r.counts.pending:,} pending")
        return 0
    progress = StderrProgress(f"run {args.id} (workers): ", quiet=args.quiet)
    try:
        r = follow_run(factory, args.id, progress)
    finally:
        progress.close()
    emit(args, r.as_dict(), _run_text(r))
    return 1 if r.status in ("failed", "cancelled") else 0


def cmd_run_list(args) -> int:
    from billdesk.runs import list_runs

    runs = list_runs(_factory(args, write=False), args.status)
    emit(args, [r.as_dict() for r in runs],
         "\n".join([RUN_HEADER] + [_run_line(r) for r in runs]) if runs else "no runs")
    return 0


def cmd_run_show(args) -> int:
    from billdesk.runs import get_run

    r = get_run(_factory(args, write=False), args.id)
    emit(args, r.as_dict(), _run_text(r, attempts=True))
    return 0


def cmd_run_cancel(args) -> int:
    from billdesk.runs import cancel_run

    r = cancel_run(_factory(args), args.id)
    emit(args, r.as_dict(), _run_text(r))
    return 0


def cmd_run_rerun(args) -> int:
    from billdesk.runs import rerun_failed

    r = rerun_failed(_factory(args), args.id)
    emit(args, r.as_dict(), f"{r.id}")
    return 0


def cmd_run_finalize(args) -> int:
    from billdesk.runs import finalize_run

    res = finalize_run(_factory(args), args.id)
    nums = ", ".join(f"{k} {a}..{b}" for k, (a, b) in res.numbers.items()) or "no bills"
    emit(args, res.as_dict(), f"run {args.id} finalized: {res.issued:,} bill(s) issued "
         f"({nums}); {res.cancelled} corrected original(s) cancelled")
    return 0


def cmd_run_report(args) -> int:
    from billdesk.runs.report import run_report, write_report

    factory = _factory(args)
    out = write_report(factory, args.id, args.out)
    emit(args, {**run_report(factory, args.id).as_dict(), "out": str(out)},
         f"run {args.id}: report written to {out}")
    return 0


def cmd_bill_cancel(args) -> int:
    from billdesk.runs.cancel_bill import cancel_bill

    res = cancel_bill(_factory(args), args.ref, args.reason)
    emit(args, res.as_dict(), f"{res.original_number} cancelled by credit note "
         f"{res.credit_note_number} (run {res.run_id})")
    return 0


def _bill_text(b) -> str:
    head = (f"{b.number or '(draft ' + str(b.id) + ')':<18} {b.kind:<11} {b.status:<9} "
            f"{b.account:<16} {b.period_start}..{b.period_end} {b.currency} "
            f"{_money(b.total):>12}" + (f"  corrects {b.corrects}" if b.corrects else ""))
    return head


def cmd_bills_list(args) -> int:
    from billdesk.runs import list_bills

    bills = list_bills(_factory(args, write=False), args.run, args.account, args.status,
                       with_lines=bool(args.json))
    emit(args, [b.as_dict() for b in bills],
         "\n".join(_bill_text(b) for b in bills) or "no bills")
    return 0


def cmd_bill_show(args) -> int:
    from billdesk.runs import get_bill

    if args.explain or args.intervals is not None:
        from billdesk.audit.explain import explain_bill

        ex = explain_bill(_factory(args, write=False), args.ref, intervals_of=args.intervals)
        emit(args, ex.as_dict(), ex.text())
        return 0
    b = get_bill(_factory(args, write=False), args.ref)
    lines = [_bill_text(b)]
    for ln in b.lines:
        label = f"{ln.label} ({ln.detail})" if ln.detail else ln.label
        lines.append(f"  {label:<40} {ln.quantity:>12} {ln.unit:<6} x {ln.unit_price:>10} "
                     f"= {_money(ln.net_amount):>10}  VAT {ln.vat_rate}%")
    lines.append(f"  net {_money(b.net_total)}  VAT {_money(b.vat_total)}  total "
                 f"{_money(b.total)} {b.currency}")
    emit(args, b.as_dict(), "\n".join(lines))
    return 0
