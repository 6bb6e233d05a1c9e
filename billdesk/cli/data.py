"""CLI commands for the database and data: db upgrade, import, demo."""

from __future__ import annotations

import argparse
import sys

from billdesk.cli.common import StderrProgress, emit, open_db
from billdesk.store import db as dbmod


def register(sub) -> None:
    p = sub.add_parser("db", help="database schema")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION")
    up = dsub.add_parser("upgrade", help="create or migrate the schema")
    up.add_argument("--timezone", help="the utility's time zone for a new database "
                    "(default Europe/Zurich)")
    up.add_argument("--json", action="store_true")
    up.set_defaults(func=cmd_db_upgrade, capability="db.upgrade")
    from billdesk.cli import team

    team.register_db(dsub)

    p = sub.add_parser("import", help="import a file")
    isub = p.add_subparsers(dest="import_kind", metavar="KIND")
    for kind, what in (("accounts", "accounts CSV"), ("tariffs", "tariff JSON"),
                       ("prices", "index price series CSV"),
                       ("communities", "community JSON")):
        ip = isub.add_parser(kind, help=what)
        ip.add_argument("file")
        ip.add_argument("--json", action="store_true")
        ip.set_defaults(func=cmd_import, kind=kind, capability="import")
    ip = isub.add_parser("readings", help="interval data: files or folders in any supported "
                         "format (billdesk CSV, SDAT-CH, EDA, MSCONS, portal CSV)")
    ip.add_argument("paths", nargs="+", metavar="PATH", help="files and folders (recursive)")
    ip.add_argument("--format", choices=("csv", "sdat", "eda", "mscons", "portal"),
                    help="read every file in this format instead of detecting it")
    ip.add_argument("--validate-only", action="store_true",
                    help="read and check everything, then roll back: nothing is written")
    ip.add_argument("--processes", type=int, metavar="N",
                    help="parse big imports (>= 64 MiB) on N processes (default: all cores; "
                    "1 = in this process)")
    ip.add_argument("--json", action="store_true")
    ip.set_defaults(func=cmd_import_readings, kind="readings", capability="import")

    p = sub.add_parser("demo", help="fill the database with a demo portfolio")
    p.add_argument("--accounts", type=int, default=2000)
    p.add_argument("--communities", type=int, default=3)
    p.add_argument("--months", type=int, default=13)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--end", help="first month NOT covered (YYYY-MM); default: this month")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo, capability="settings")   # it also sets the company


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from billdesk.domain.errors import InputError

    from billdesk.store import roles

    engine = open_db(args, migrate=False)
    if engine.dialect.name == "postgresql" and dbmod.current_revision(engine) is not None:
        with engine.connect() as conn:     # a shared server: migrated by its owner only
            roles.require_owner(conn, "'db upgrade'")
    try:
        tz = dbmod.prepare(engine, args.timezone)
    except ValueError as exc:
        raise InputError(str(exc), field="--timezone") from None
    rev = dbmod.current_revision(engine)
    regranted = roles.reapply_if_recorded(engine)
    emit(args, {"database": dbmod.describe(engine), "revision": rev, "timezone": tz,
                "grants_reapplied": regranted is not None},
         f"{dbmod.describe(engine)}: schema at revision {rev}, time zone {tz}"
         + ("; grants of the billdesk roles re-applied" if regranted else ""))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from billdesk.store.importers import IMPORTERS

    engine = open_db(args)
    progress = StderrProgress(f"import {args.kind}: ", quiet=False)
    with dbmod.transaction(dbmod.session_factory(engine)) as s:
        result = IMPORTERS[args.kind](s, args.file, progress=progress)
    progress.close()
    emit(args, result.as_dict(),
         f"imported {result.rows:,} {args.kind} row(s) from {result.file}; "
         f"{result.changed:,} changed")
    return 0


def cmd_import_readings(args: argparse.Namespace) -> int:
    from billdesk.store.meterdata import import_paths

    engine = open_db(args)
    progress = StderrProgress("import readings: ", quiet=False)
    if args.processes is not None and args.processes < 1:
        from billdesk.domain.errors import InputError

        raise InputError("--processes must be at least 1", field="--processes")
    report = import_paths(dbmod.session_factory(engine), args.paths, fmt=args.format,
                          progress=progress, validate_only=args.validate_only,
                          processes=args.processes)
    progress.close()
    d = report.as_dict()
    lines = []
    for f in report.files:
        if f.status == "refused":
            print(f"refused: {f.error['text']}", file=sys.stderr)
        lines.append(f"{f.status:<9} {f.format or '-':<7} {f.values:>9,} values "
                     f"{f.changed:>9,} changed  {f.file}"
                     + (f"\n          {f.error['text']}" if f.error else ""))
    verb = "checked (nothing written)" if args.validate_only else "imported"
    summary = (f"{d['files_total']:,} file(s): {d['imported']:,} imported, "
               f"{d['unchanged']:,} unchanged, {d['refused']:,} refused; {d['rows']:,} values "
               f"{verb}, {d['changed']:,} changed in {d['seconds']:.1f} s")
    emit(args, d, "\n".join(lines[-200:] + [summary]))
    return report.exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    from billdesk.store.demo_writer import write_demo

    engine = open_db(args)
    progress = StderrProgress("demo: ")
    report = write_demo(dbmod.session_factory(engine), accounts=args.accounts,
                        communities=args.communities, months=args.months, seed=args.seed,
                        end=args.end, progress=progress)
    progress.close()
    emit(args, report, f"demo portfolio: {report['accounts']:,} accounts, "
         f"{report['communities']} communities, {report['metering_points']:,} metering points, "
         f"{report['months']} months {report['period_start']}..{report['period_end']}")
    return 0
