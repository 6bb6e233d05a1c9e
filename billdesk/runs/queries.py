"""Reading runs, attempts and bills as plain values: the one read path for each (the CLI,
the app and the run services use these)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.errors import InputError
from billdesk.domain.quality import QualityCounts
from billdesk.runs.info import (AttemptInfo, BillInfo, LineInfo, RunCounts, RunInfo,
                                WorkerInfo)
from billdesk.runs.liveness import detect_interrupted
from billdesk.store.limits import id_or_none
from billdesk.store.models import Account, Bill, BillingAttempt, BillLineRow, BillRun, RunWorker


def load_run(session: Session, run_id: int, *, lock: bool = False) -> BillRun:
    if id_or_none(run_id, BillRun.id) is None:
        raise InputError(f"no bill run with id {str(run_id)[:30]}", field="ID")
    q = select(BillRun).where(BillRun.id == run_id)
    if lock:
        q = q.with_for_update()
    run = session.scalar(q)
    if run is None:
        raise InputError(f"no bill run with id {run_id}", field="ID")
    return run


def run_counts(session: Session, run_id: int, errors: bool = True
               ) -> tuple[RunCounts, dict[str, int]]:
    """The run's attempts by status (from the index on run, status: a few pages) and, when
    ``errors``, by error code (no index has it: every attempt row of the run is read — on a
    cold start of 100,000 accounts ~150 MB of disk reads per run, its pages being spread
    between the run's bills)."""
    by = dict(session.execute(select(BillingAttempt.status, func.count())
                              .where(BillingAttempt.run_id == run_id)
                              .group_by(BillingAttempt.status)).all())
    counts = RunCounts(sum(by.values()), by.get("pending", 0), by.get("succeeded", 0),
                       by.get("failed", 0), by.get("skipped", 0))
    if not errors:
        return counts, {}
    errors = dict(session.execute(
        select(BillingAttempt.error_code, func.count())
        .where(BillingAttempt.run_id == run_id, BillingAttempt.error_code.is_not(None))
        .group_by(BillingAttempt.error_code)).all())
    return counts, errors


def run_workers(session: Session, run_id: int) -> tuple[WorkerInfo, ...]:
    """The processes that worked on the run, in the order they started."""
    return tuple(WorkerInfo(w.token, w.kind, w.host, w.pid, w.accounts, w.batches,
                            w.started_at, w.last_batch_at, w.heartbeat_at, w.stopped_at,
                            w.lease_seconds)
                 for w in session.scalars(select(RunWorker).where(RunWorker.run_id == run_id)
                                          .order_by(RunWorker.started_at, RunWorker.token)))


def run_info(session: Session, run: BillRun, attempts: bool = False,
             errors: bool = True) -> RunInfo:
    """``errors=False``: without the counts by error code (``errors`` is then empty)."""
    counts, errors = run_counts(session, run.id, errors=errors)
    att = None
    if attempts:
        bills: dict[int, list[int]] = defaultdict(list)
        for aid, bid in session.execute(select(Bill.attempt_id, Bill.id)
                                        .where(Bill.run_id == run.id).order_by(Bill.id)):
            bills[aid].append(bid)
        rows = session.execute(
            select(BillingAttempt, Account.code).join(Account,
                                                      Account.id == BillingAttempt.account_id)
            .where(BillingAttempt.run_id == run.id).order_by(BillingAttempt.position)).all()
        att = tuple(AttemptInfo(code, a.position, a.status, a.error_code, a.message,
                                QualityCounts(a.q_measured, a.q_substituted, a.q_estimated,
                                              a.q_missing),
                                a.amount, a.duration_ms, tuple(bills.get(a.id, ())))
                    for a, code in rows)
    return RunInfo(run.id, run.name, run.status, run.period_start, run.period_end, run.target,
                   run.mode, run.billing, dict(run.thresholds or {}), dict(run.options or {}),
                   run.parent_id, counts, run.total_amount, run.created_by, run.created_at,
                   run.started_at, run.finished_at, run.finalized_at, run.message, errors, att,
                   run_workers(session, run.id) if attempts else None)


def get_run(factory: sessionmaker, run_id: int, attempts: bool = True) -> RunInfo:
    detect_interrupted(factory, run_id)
    with factory() as s:
        return run_info(s, load_run(s, run_id), attempts)


def list_runs(factory: sessionmaker, status: str | None = None, *,
              errors: bool = True) -> list[RunInfo]:
    """Every run (of ``status``); ``errors=False``: without their counts by error code (the
    app's runs list, which does not show them: reading them is most of its cost)."""
    detect_interrupted(factory)
    with factory() as s:
        q = select(BillRun).order_by(BillRun.id)
        if status:
            q = q.where(BillRun.status == status)
        return [run_info(s, r, errors=errors) for r in s.scalars(q)]


_BILL_COLUMNS = (Bill.id, Bill.number, Bill.kind, Bill.status, Account.code, Bill.period_start,
                 Bill.period_end, Bill.currency, Bill.net_total, Bill.vat_total, Bill.rounding,
                 Bill.total, Bill.corrects_id, Bill.run_id, Bill.fingerprint,
                 Bill.consumption_kwh, Bill.q_measured, Bill.q_substituted, Bill.q_estimated,
                 Bill.q_missing, Bill.created_at, Bill.issued_at, Account.name,
                 Bill.local_kwh, Bill.community_saving)


def _bills(session: Session, *conditions, with_lines: bool = True, newest_first: bool = False,
           limit: int | None = None) -> list[BillInfo]:
    """The one way bills are read: plain columns (no ORM objects), lines in two queries per
    5,000 bills."""
    q = (select(*_BILL_COLUMNS).join(Account, Account.id == Bill.account_id).where(*conditions)
         .order_by(Bill.id.desc() if newest_first else Bill.id))
    if limit is not None:
        q = q.limit(limit)
    rows = session.execute(q).all()
    lines: dict[int, list[LineInfo]] = defaultdict(list)
    if with_lines and rows:
        ids = [r.id for r in rows]
        for i in range(0, len(ids), 5000):
            for ln in session.execute(
                    select(BillLineRow.bill_id, BillLineRow.component, BillLineRow.label,
                           BillLineRow.quantity, BillLineRow.unit, BillLineRow.unit_price,
                           BillLineRow.net_amount, BillLineRow.vat_rate, BillLineRow.period_start,
                           BillLineRow.period_end, BillLineRow.detail)
                    .where(BillLineRow.bill_id.in_(ids[i:i + 5000]))
                    .order_by(BillLineRow.bill_id, BillLineRow.position)):
                lines[ln[0]].append(LineInfo(*ln[1:]))
    return [BillInfo(*r[:16], QualityCounts(*r[16:20]), r[20], r[21],
                     tuple(lines.get(r[0], ())), r[22],
                     r[23] if r[24] is not None else None, r[24]) for r in rows]


def list_bills(factory: sessionmaker, run_id: int | None = None, account: str | None = None,
               status: str | None = None, with_lines: bool = True, *,
               newest_first: bool = False, limit: int | None = None) -> list[BillInfo]:
    """Bills (oldest first, or the newest ``limit`` first), of a run, an account, a status."""
    with factory() as s:
        cond = []
        if run_id is not None:
            load_run(s, run_id)
            cond.append(Bill.run_id == run_id)
        if account is not None:
            acc = s.scalar(select(Account.id).where(Account.code == account))
            if acc is None:
                raise InputError(f"unknown account {account!r}", field="--account")
            cond.append(Bill.account_id == acc)
        if status is not None:
            cond.append(Bill.status == status)
        return _bills(s, *cond, with_lines=with_lines, newest_first=newest_first, limit=limit)


def get_bill(factory: sessionmaker, ref: int | str) -> BillInfo:
    """A bill by id or by number (``INV-2025-000001``)."""
    text = str(ref).strip()
    with factory() as s:
        bid = id_or_none(text, Bill.id)
        found = _bills(s, Bill.id == bid) if bid is not None else []
        if not found:
            found = _bills(s, Bill.number == text)
        if not found:
            raise InputError(f"no bill with id or number {text[:60]!r}", field="ID|NUMBER")
        return found[0]
