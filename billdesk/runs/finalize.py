"""Finalizing a run: its draft bills are issued in one transaction with gap-free numbers.

Numbers run per series and year of issue: invoices ``INV-2026-000001``, credit notes
``CN-2026-000001``. The year (like the invoice date) is the issuing instant's date in the
utility's time zone: at 23:30 UTC on 31 December a Swiss utility issues in the new year. Each
document is frozen and chained as it is numbered (billdesk.runs.freeze, docs/audit.md). The
NumberSeries row is locked (PostgreSQL ``FOR UPDATE``; SQLite holds
the database write lock from the transaction's first UPDATE) and advanced in the same
transaction that issues the bills, so a rollback leaves no gap. Originals corrected by a
credit note of the run become ``cancelled``. Issued bills are never changed otherwise.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.errors import InputError
from billdesk.domain.run import RunStatus
from billdesk.runs import claims
from billdesk.runs.freeze import seal_issue
from billdesk.runs.info import FinalizeResult
from billdesk.runs.liveness import detect_interrupted
from billdesk.runs.queries import load_run, run_info
from billdesk.store import audit, settings
from billdesk.store.db import transaction
from billdesk.store.models import AuditEntry, Bill, BillRun, NumberSeries

PREFIX = {BillKind.INVOICE.value: "INV", BillKind.CREDIT_NOTE.value: "CN",
          BillKind.SELF_BILLING.value: "SB"}
FINALIZABLE = (RunStatus.COMPLETED.value, RunStatus.COMPLETED_WITH_ERRORS.value)


def next_numbers(session: Session, series: str, year: int, count: int) -> list[str]:
    """``count`` consecutive numbers of ``series`` for ``year``; the row is locked/advanced."""
    row = session.scalar(select(NumberSeries).where(NumberSeries.series == series,
                                                    NumberSeries.year == year)
                         .with_for_update())
    if row is None:
        try:
            with session.begin_nested():
                session.execute(insert(NumberSeries).values(series=series, year=year,
                                                            last_number=0))
        except IntegrityError:  # created meanwhile by another transaction
            pass
        row = session.scalar(select(NumberSeries).where(NumberSeries.series == series,
                                                        NumberSeries.year == year)
                             .with_for_update())
    first = row.last_number + 1
    row.last_number += count
    return [f"{series}-{year}-{n:06d}" for n in range(first, first + count)]


ISSUE_DRAFT = (update(Bill.__table__)
          .where(Bill.__table__.c.id == bindparam("bid"),
                 Bill.__table__.c.status == BillStatus.DRAFT.value)
          .values(status=BillStatus.ISSUED.value, number=bindparam("num"),
                  issued_at=bindparam("at"), content=bindparam("content"),
                  content_hash=bindparam("chash"), prev_hash=bindparam("prev"),
                  record_hash=bindparam("rhash")))


def finalize_run(factory: sessionmaker, run_id: int, *, today: date | None = None,
                 who: str | None = None, now: datetime | None = None) -> FinalizeResult:
    """Issue the run's drafts. ``now`` (aware; default the current instant) is the issuing
    instant; ``today`` overrides only the numbering year (tests)."""
    detect_interrupted(factory, run_id)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    actor = who or audit.actor()
    with transaction(factory) as s:
        year = today.year if today else now.astimezone(settings.utility_zone(s)).year
        n = s.execute(update(BillRun).where(BillRun.id == run_id,
                                            BillRun.status.in_(FINALIZABLE))
                      .values(status=RunStatus.FINALIZED.value, finalized_at=now)).rowcount
        if n != 1:
            run = load_run(s, run_id)
            if run.status == RunStatus.FAILED:
                why = "a strict run that stopped on a failure is never finalized; fix the " \
                      "cause and bill the target in a new run"
            elif run.status == RunStatus.FINALIZED:
                why = "it is already finalized"
            else:
                why = "only completed runs (with or without errors) can be finalized"
            raise InputError(f"run {run_id} is {run.status}: {why}", field="ID")
        drafts = s.execute(select(Bill.id, Bill.kind, Bill.corrects_id)
                           .where(Bill.run_id == run_id, Bill.status == BillStatus.DRAFT.value)
                           .order_by(Bill.id)).all()
        numbers: dict[str, tuple[str, str]] = {}
        updates = []
        for kind, prefix in PREFIX.items():
            ids = [d.id for d in drafts if d.kind == kind]
            if not ids:
                continue
            nums = next_numbers(s, prefix, year, len(ids))
            numbers[kind] = (nums[0], nums[-1])
            updates += [{"bid": i, "num": num, "at": now} for i, num in zip(ids, nums)]
        seal_issue(s, run_id, updates, now)     # frozen content + hash chain (freeze.py)
        if updates:
            done = s.connection().execute(ISSUE_DRAFT, updates).rowcount
            if done not in (-1, len(updates)):
                raise RuntimeError(f"run {run_id}: {len(updates) - done} draft(s) changed "
                                   "while finalizing")
        originals = [d.corrects_id for d in drafts
                     if d.kind == BillKind.CREDIT_NOTE.value and d.corrects_id]
        cancelled = 0
        for i in range(0, len(originals), 5000):
            cancelled += s.execute(update(Bill).where(Bill.id.in_(originals[i:i + 5000]),
                                                      Bill.status == BillStatus.ISSUED.value)
                                   .values(status=BillStatus.CANCELLED.value)).rowcount
        claims.release_all(s, run_id)
        entries = [{"at": now, "actor": actor, "action": "bill.issue", "object_type": "bill",
                    "object_id": str(u["bid"]), "run_id": run_id,
                    "details": {"number": u["num"], "run": run_id, "record_hash": u["rhash"]}}
                   for u in updates]
        entries += [{"at": now, "actor": actor, "action": "bill.cancel", "object_type": "bill",
                     "object_id": str(o), "run_id": run_id,
                     "details": {"reason": "corrected", "run": run_id}}
                    for o in originals]
        for i in range(0, len(entries), 10000):
            s.execute(insert(AuditEntry), entries[i:i + 10000])
        audit.record(s, "run.finalize", "bill_run", run_id,
                     {"issued": len(updates), "numbers": numbers,
                      "originals_cancelled": cancelled}, who=who)
        s.flush()
        run = load_run(s, run_id)
        s.refresh(run)
        return FinalizeResult(run_info(s, run), len(updates), numbers, cancelled)
