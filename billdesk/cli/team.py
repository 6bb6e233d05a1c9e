"""CLI for a team on PostgreSQL: ``db roles``, ``whoami``, ``worker`` (docs/postgresql.md)."""

from __future__ import annotations

import argparse
import sys

from billdesk.cli.common import emit, open_db
from billdesk.domain.errors import InputError
from billdesk.store import db as dbmod


def register_db(dsub) -> None:
    """``db roles`` under the ``db`` command."""
    r = dsub.add_parser("roles", help="PostgreSQL roles: show them, or create and grant "
                        "(--apply, by the database owner)",
                        description="Without options: the billdesk roles, their members and "
                        "any grant not applied. --apply (the owner of the billdesk tables; "
                        "creating roles needs CREATEROLE): create billdesk_viewer, "
                        "billdesk_clerk, billdesk_approver and billdesk_admin where missing "
                        "and apply every grant; safe to run again.")
    r.add_argument("--apply", action="store_true", help="create the roles and apply the grants")
    r.add_argument("--prefix", default=None,
                   help="role name prefix (default billdesk_; e.g. per test database)")
    r.add_argument("--grant", action="append", default=[], metavar="USER=LEVEL",
                   help="make a login user a member of viewer|clerk|approver|admin "
                   "(the owner or an admin)")
    r.add_argument("--revoke", action="append", default=[], metavar="USER=LEVEL",
                   help="take a billdesk role from a login user")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_db_roles, capability="db.roles")


def register(sub) -> None:
    w = sub.add_parser("whoami", help="the connected database user, its billdesk role and "
                       "what it may do")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_whoami)

    k = sub.add_parser("worker", help="process pending batches of running runs (any machine)",
                       description="Wait for running runs (LISTEN/NOTIFY on PostgreSQL, "
                       "polling otherwise) and bill their pending batches, sharing them with "
                       "every other worker through the database. SIGTERM (or Ctrl-C) "
                       "finishes the batches in flight and exits.")
    k.add_argument("--run", type=int, default=None, metavar="ID",
                   help="only this run (waits for it to start; returns when it ended)")
    k.add_argument("--exit-when-idle", action="store_true",
                   help="exit once no running run (in scope) has pending attempts")
    k.add_argument("--processes", type=int, default=1, metavar="N",
                   help="worker processes on this machine (default 1)")
    k.add_argument("--batch-size", type=int, default=None,
                   help="accounts per batch (default: the run's, 2000)")
    k.add_argument("--lease", type=int, default=None, metavar="SECONDS",
                   help="a batch of a worker that stopped answering is taken back after "
                   "this (default BILLDESK_LEASE_SECONDS or 60)")
    k.add_argument("--poll", type=float, default=5.0, metavar="SECONDS",
                   help="look for work at least this often (default 5)")
    k.add_argument("--quiet", action="store_true", help="no progress on stderr")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_worker, capability="run.start")


def _pair(text: str, field: str) -> tuple[str, str]:
    user, sep, level = text.partition("=")
    if not sep or not user or not level:
        raise InputError(f"{text!r}: give USER=LEVEL (e.g. alice=clerk)", field=field)
    return user.strip(), level.strip()


def cmd_db_roles(args: argparse.Namespace) -> int:
    from billdesk.store import privileges as pv
    from billdesk.store import roles

    args.capability = ("db.roles" if args.apply else
                       "roles.grant" if args.grant or args.revoke else "read")
    engine = open_db(args)
    roles.require_postgres(engine, "db roles")
    out: dict = {}
    lines = []
    if args.apply:
        rep = roles.apply_roles(engine, args.prefix or pv.DEFAULT_PREFIX)
        out["applied"] = rep.as_dict()
        lines.append(f"{rep.database}: roles {', '.join(rep.roles.values())} "
                     f"({'created ' + ', '.join(rep.created) if rep.created else 'all existed'}); "
                     f"grants on {rep.tables} tables and {rep.sequences} sequences, "
                     f"{rep.policies} row-level security policies, bills guard trigger")
    elif args.prefix:
        raise InputError("--prefix goes with --apply", field="--prefix")
    changed = []
    for text_, revoke in [(g, False) for g in args.grant] + [(r, True) for r in args.revoke]:
        user, level = _pair(text_, "--revoke" if revoke else "--grant")
        role = roles.grant_level(engine, user, level, revoke=revoke)
        changed.append({"user": user, "role": role, "granted": not revoke})
        lines.append(f"{'revoked' if revoke else 'granted'} {role} {'from' if revoke else 'to'} "
                     f"{user}")
    if changed:
        out["changed"] = changed
    states = roles.role_states(engine)
    out["roles"] = [s.as_dict() for s in states]
    for s in states:
        state = ("missing" if not s.exists else
                 f"{len(s.missing)} grant(s) not applied" if s.missing else "grants applied")
        lines.append(f"  {s.name:<24} {state}; members: {', '.join(s.members) or '-'}")
    emit(args, out, "\n".join(lines))
    return 0


def cmd_whoami(args: argparse.Namespace) -> int:
    from billdesk.store.access import whoami

    me = whoami(open_db(args, migrate=False))
    lines = [f"{me.user} on {me.database}"
             + (" (superuser)" if me.superuser else " (owner)" if me.owner else ""),
             f"billdesk role: {me.level or 'none'}"
             + (f" — holds {', '.join(me.roles)}" if me.roles else "")]
    if me.backend == "postgresql" and not me.roles_applied:
        lines.append("the billdesk roles are not applied to this database "
                     "('billdesk db roles --apply' by the owner)")
    for c in me.capabilities:
        lines.append(f"  {'yes' if c.allowed else 'no ':<4} {c.name:<13} {c.label}"
                     + (f" — {c.reason}" if c.reason else ""))
    emit(args, me.as_dict(), "\n".join(lines))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from billdesk.runs import worker_loop as wl

    if args.processes < 1:
        raise InputError(f"--processes must be at least 1, got {args.processes}",
                         field="--processes")
    if args.batch_size is not None and args.batch_size < 1:
        raise InputError("--batch-size must be at least 1", field="--batch-size")
    engine = open_db(args)                 # refused at once without 'run.start'
    factory = dbmod.session_factory(engine)
    if args.run is not None:
        from billdesk.runs.queries import load_run

        with factory() as s:
            load_run(s, args.run)          # InputError for an unknown run
    opts = wl.WorkerOptions(run_id=args.run, exit_when_idle=args.exit_when_idle,
                            batch_size=args.batch_size, lease_seconds=args.lease,
                            poll=max(0.1, args.poll))
    stop = wl.StopFlag()
    stop.install()

    def report(event, d):
        if args.quiet:
            return
        if event == "started":
            print(f"worker: run {d['run']}: working (owner {d['owner']})", file=sys.stderr)
        elif event == "finished":
            print(f"worker: run {d['run']}: finished", file=sys.stderr)
        elif event == "strict":
            print(f"worker: run {d['run']}: {d['message']}", file=sys.stderr)
        elif event == "batch":
            print(f"worker: run {d['run']}: +{d['accounts']:,} accounts", file=sys.stderr)

    if args.processes == 1:
        stats = wl.serve(factory, opts, should_stop=stop, report=report)
    else:
        url = engine.url.render_as_string(hide_password=False)
        stats = wl.serve_processes(url, args.processes, opts, should_stop=stop, report=report)
    d = stats.as_dict() | {"processes": args.processes}
    emit(args, d, f"worker: {stats.accounts:,} account(s) in {stats.batches:,} batch(es) over "
         f"{stats.seconds:.1f} s; stopped: {stats.stopped_by}"
         + (f"; finished run(s) {', '.join(map(str, sorted(stats.finished)))}"
            if stats.finished else "")
         + (f"; errors: {'; '.join(stats.errors)}" if stats.errors else ""))
    return 1 if stats.errors else 0
