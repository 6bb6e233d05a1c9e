"""``billdesk community report NAME --period P --out FILE.pdf|.csv [--json]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from billdesk.cli.common import emit, open_db
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.store import db as dbmod


def register(sub) -> None:
    p = sub.add_parser("community", help="energy communities")
    csub = p.add_subparsers(dest="community_command", metavar="ACTION")
    r = csub.add_parser("report", help="community statement: production, local use, surplus, "
                        "members, producers (PDF or CSV)")
    r.add_argument("name", metavar="NAME")
    r.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn, YYYY or FROM..TO")
    r.add_argument("--out", required=True, help="FILE.pdf or FILE.csv")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_report, capability="read")


def cmd_report(args: argparse.Namespace) -> int:
    from billdesk.pdf.community_report import write_pdf
    from billdesk.runs.community_report import community_report, write_csv

    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".csv"):
        raise InputError("the statement is written as .pdf or .csv", field="--out")
    try:
        period = Period.parse(args.period)
    except ValueError as exc:
        raise InputError(str(exc), field="--period") from None
    engine = open_db(args, write=False)
    report = community_report(dbmod.session_factory(engine), args.name, period)
    (write_pdf if kind == ".pdf" else write_csv)(report, out)
    t = report.total()
    emit(args, {"community": report.name, "type": report.type, "allocation": report.allocation,
                "period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
                "out": str(out), "months": len(report.months),
                "production_kwh": str(t.production), "local_kwh": str(t.local),
                "surplus_kwh": str(t.surplus),
                "self_consumption": None if t.self_consumption is None
                else str(t.self_consumption),
                "self_sufficiency": None if t.self_sufficiency is None
                else str(t.self_sufficiency),
                "members": len(t.members), "producers": len(t.producers),
                "errors": [m.error for m in report.months if m.error]},
         f"community statement of {report.name} for {period} written to {out}")
    return 0
