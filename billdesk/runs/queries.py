"""Reading runs, attempts and bills as plain values."""

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


def run_counts(session: Session, run_id: int) -> tuple[RunCounts, dict[str, int]]:
    by = dict(session.execute(select(BillingAttempt.status, func.count())
                              .where(BillingAttempt.run_id == run_id)
                              .group_by(BillingAttempt.status)).all())
    errors = dict(session.execute(
        select(BillingAttempt.error_code, func.count())
        .where(BillingAttempt.run_id == run_id, BillingAttempt.error_code.is_not(None))
        .group_by(BillingAttempt.error_code)).all())
    return RunCounts(sum(by.values()), by.get("pending", 0), by.get("succeeded", 0),
                     by.get("failed", 0), by.get("skipped", 0)), errors


def run_workers(session: Session, run_id: int) -> tuple[WorkerInfo, ...]:
    """The processes that worked on the run, in the order they started."""
    return tuple(WorkerInfo(w.token, w.kind, w.host, w.pid, w.accounts, w.batches,
                            w.started_at, w.last_batch_at, w.heartbeat_at, w.stopped_at,
                            w.lease_seconds)
                 for w in session.scalars(select(RunWorker).where(RunWorker.run_id == run_id)
                                          .order_by(RunWorker.started_at, RunWorker.token)))


def run_info(session: Session, run: BillRun, attempts: bool = False) -> RunInfo:
    counts, errors = run_counts(session, run.id)
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


def list_runs(factory: sessionmaker, status: str | None = None) -> list[RunInfo]:
    detect_interrupted(factory)
    with factory() as s:
        q = select(BillRun).order_by(BillRun.id)
        if status:
            q = q.where(BillRun.status == status)
        return [run_info(s, r) for r in s.scalars(q)]


def _bill_infos(session: Session, bills: list[Bill], with_lines: bool = True) -> list[BillInfo]:
    if not bills:
        return []
    codes = dict(session.execute(select(Account.id, Account.code)
                                 .where(Account.id.in_({b.account_id for b in bills}))).all())
    lines: dict[int, list[LineInfo]] = defaultdict(list)
    if with_lines:
        ids = [b.id for b in bills]
        for i in range(0, len(ids), 5000):
            for ln in session.scalars(select(BillLineRow)
                                      .where(BillLineRow.bill_id.in_(ids[i:i + 5000]))
                                      .order_by(BillLineRow.bill_id, BillLineRow.position)):
                lines[ln.bill_id].append(LineInfo(
                    ln.component, ln.label, ln.quantity, ln.unit, ln.unit_price, ln.net_amount,
                    ln.vat_rate, ln.period_start, ln.period_end, ln.detail))
    return [BillInfo(b.id, b.number, b.kind, b.status, codes[b.account_id], b.period_start,
                     b.period_end, b.currency, b.net_total, b.vat_total, b.rounding, b.total,
                     b.corrects_id, b.run_id, b.fingerprint, b.consumption_kwh,
                     QualityCounts(b.q_measured, b.q_substituted, b.q_estimated, b.q_missing),
                     b.created_at, b.issued_at, tuple(lines.get(b.id, ())),
                     b.local_kwh if b.community_saving is not None else None,
                     b.community_saving)
            for b in bills]


def list_bills(factory: sessionmaker, run_id: int | None = None, account: str | None = None,
               status: str | None = None, with_lines: bool = True) -> list[BillInfo]:
    with factory() as s:
        q = select(Bill).order_by(Bill.id)
        if run_id is not None:
            load_run(s, run_id)
            q = q.where(Bill.run_id == run_id)
        if account is not None:
            acc = s.scalar(select(Account.id).where(Account.code == account))
            if acc is None:
                raise InputError(f"unknown account {account!r}", field="--account")
            q = q.where(Bill.account_id == acc)
        if status is not None:
            q = q.where(Bill.status == status)
        return _bill_infos(s, list(s.scalars(q)), with_lines)


def get_bill(factory: sessionmaker, ref: int | str) -> BillInfo:
    """A bill by id or by number (``INV-2025-000001``)."""
    with factory() as s:
        bill = None
        text = str(ref).strip()
        bid = id_or_none(text, Bill.id)
        if bid is not None:
            bill = s.get(Bill, bid)
        if bill is None:
            bill = s.scalar(select(Bill).where(Bill.number == text))
        if bill is None:
            raise InputError(f"no bill with id or number {text[:60]!r}", field="ID|NUMBER")
        return _bill_infos(s, [bill])[0]
