"""What an irreversible run action will do, asked before it is done: finalizing (how many
bills, their total, the numbers they will get, the failed accounts left out) and the runs a
new run would collide with (the same accounts and months in another active or draft run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.period import Period
from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.runs.claims import months
from billdesk.runs.finalize import FINALIZABLE, PREFIX
from billdesk.runs.queries import load_run
from billdesk.runs.targets import parse_period, parse_target, resolve_target
from billdesk.store.models import BillingAttempt, Bill, BillRun, NumberSeries, RunClaim


@dataclass(frozen=True)
class FinalizePreview:
    run_id: int
    status: str
    finalizable: bool
    bills: dict[str, int]                        # kind -> drafts to issue
    totals: dict[str, Decimal]                   # currency -> sum of the drafts' totals
    numbers: dict[str, tuple[str, str]]          # kind -> (first, last) number expected
    failed: int                                  # accounts left out (no bill)
    pending: int
    skipped: int
    originals: int                               # issued bills the credit notes cancel

    @property
    def count(self) -> int:
        return sum(self.bills.values())

    def as_dict(self) -> dict:
        return {"run": self.run_id, "status": self.status, "finalizable": self.finalizable,
                "bills": dict(self.bills),
                "totals": {k: format(v, "f") for k, v in self.totals.items()},
                "numbers": {k: {"first": a, "last": b} for k, (a, b) in self.numbers.items()},
                "failed": self.failed, "pending": self.pending, "skipped": self.skipped,
                "originals_cancelled": self.originals}


def finalize_preview(factory: sessionmaker, run_id: int,
                     today: date | None = None) -> FinalizePreview:
    """What ``finalize_run`` would issue now. The numbers are those the series would give
    if nothing else is issued first (finalizing takes them in its own transaction)."""
    year = (today or date.today()).year
    with factory() as s:
        run = load_run(s, run_id)
        bills: dict[str, int] = {}
        totals: dict[str, Decimal] = {}
        # summed here, exactly (a database SUM of decimal text gives floats)
        for kind, cur, tot in s.execute(
                select(Bill.kind, Bill.currency, Bill.total)
                .where(Bill.run_id == run_id, Bill.status == BillStatus.DRAFT.value)
                .execution_options(yield_per=20000)):
            bills[kind] = bills.get(kind, 0) + 1
            totals[cur] = totals.get(cur, Decimal(0)) + tot
        numbers = {}
        for kind, prefix in PREFIX.items():
            n = bills.get(kind, 0)
            if not n:
                continue
            last = s.scalar(select(NumberSeries.last_number).where(
                NumberSeries.series == prefix, NumberSeries.year == year)) or 0
            numbers[kind] = (f"{prefix}-{year}-{last + 1:06d}", f"{prefix}-{year}-{last + n:06d}")
        counts = dict(s.execute(select(BillingAttempt.status, func.count())
                                .where(BillingAttempt.run_id == run_id)
                                .group_by(BillingAttempt.status)).all())
        originals = s.scalar(select(func.count()).select_from(Bill).where(
            Bill.run_id == run_id, Bill.status == BillStatus.DRAFT.value,
            Bill.kind == BillKind.CREDIT_NOTE.value, Bill.corrects_id.is_not(None))) or 0
        return FinalizePreview(run_id, run.status, run.status in FINALIZABLE, bills, totals,
                               numbers, counts.get(AttemptStatus.FAILED.value, 0),
                               counts.get(AttemptStatus.PENDING.value, 0),
                               counts.get(AttemptStatus.SKIPPED.value, 0), originals)


@dataclass(frozen=True)
class Overlap:
    run_id: int
    name: str
    status: str
    accounts: int            # accounts of the new target in that run for the period
    examples: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"run": self.run_id, "name": self.name, "status": self.status,
                "accounts": self.accounts, "examples": list(self.examples)}


ACTIVE = (RunStatus.DRAFT.value, RunStatus.RUNNING.value, RunStatus.INTERRUPTED.value)


def overlapping_runs(factory: sessionmaker, period: Period | str, target: str,
                     today: date | None = None) -> list[Overlap]:
    """Runs that hold (their claims: running, interrupted, completed and not yet finalized)
    or would claim (drafts: their accounts) some account of ``target`` for a month of
    ``period``. A run started while one of these holds its accounts fails on its claims; a
    clerk should hear it before creating it."""
    from billdesk.store.models import Account

    p = parse_period(period, today)
    t = parse_target(target)
    out: dict[int, set] = {}
    claimed: set[int] = set()
    with factory() as s:
        ids = resolve_target(s, t, p)
        if not ids:
            return []
        mine = set(ids)
        ms = months(p)
        # claims of running / interrupted runs
        for i in range(0, len(ids), 5000):
            part = ids[i:i + 5000]
            for rid, aid in s.execute(select(RunClaim.run_id, RunClaim.account_id).where(
                    RunClaim.account_id.in_(part), RunClaim.month.in_(ms)).distinct()):
                out.setdefault(rid, set()).add(aid)
                claimed.add(rid)
        # drafts (and active runs without claims yet) over an overlapping period
        others = s.execute(select(BillRun.id).where(
            BillRun.status.in_(ACTIVE), BillRun.period_start < p.end,
            BillRun.period_end > p.start)).scalars().all()
        for rid in others:
            for (aid,) in s.execute(select(BillingAttempt.account_id).where(
                    BillingAttempt.run_id == rid)):
                if aid in mine:
                    out.setdefault(rid, set()).add(aid)
        result = []
        for rid, accs in sorted(out.items()):
            run = s.get(BillRun, rid)
            # a run holding claims (running, interrupted, completed and not finalized yet)
            # blocks a new run's start; a draft would block it once started
            if run is None or (rid not in claimed and run.status not in ACTIVE):
                continue
            ex = s.scalars(select(Account.code).where(Account.id.in_(sorted(accs)[:5]))
                           .order_by(Account.code)).all()
            result.append(Overlap(rid, run.name, run.status, len(accs), tuple(ex)))
        return result


__all__ = ["FinalizePreview", "Overlap", "finalize_preview", "overlapping_runs"]

