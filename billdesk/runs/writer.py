"""Writing one batch's results in bulk (Core executemany) inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from billdesk.domain.bill import BillStatus
from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.runs.decide import Result
from billdesk.store.models import Bill, BillingAttempt, BillLineRow, BillRun


class LostRun(Exception):
    """The run is no longer ours (cancelled, taken over, or marked interrupted)."""


def claim_heartbeat(session: Session, run_id: int, owner: str) -> BillRun:
    """Touch the run's heartbeat if we still own it (takes SQLite's write lock first)."""
    now = datetime.now(timezone.utc)
    n = session.execute(update(BillRun).where(BillRun.id == run_id, BillRun.owner == owner,
                                              BillRun.status == RunStatus.RUNNING.value)
                        .values(heartbeat_at=now)).rowcount
    if n != 1:
        raise LostRun(f"run {run_id} is no longer executed by this process")
    return session.scalar(select(BillRun).where(BillRun.id == run_id))


_ATT = BillingAttempt.__table__
_UPDATE_ATTEMPT = (
    update(_ATT).where(_ATT.c.id == bindparam("aid"),
                       _ATT.c.status == AttemptStatus.PENDING.value)
    .values(claimed_by=None, claimed_at=None, status=bindparam("st"), error_code=bindparam("ec"), message=bindparam("msg"),
            q_measured=bindparam("q0"), q_substituted=bindparam("q1"),
            q_estimated=bindparam("q2"), q_missing=bindparam("q3"),
            duration_ms=bindparam("dur"), amount=bindparam("amt"),
            finished_at=bindparam("fin")))


def lock_run(session: Session, run_id: int, owner: str, *, write_first: bool) -> bool:
    """Check, first thing in a worker's transaction, that the run is still executed by
    ``owner``; True when a cancel (or a strict stop) was requested.

    ``write_first`` (SQLite): touch the heartbeat first, which takes the database's single
    write lock at once (BEGIN is deferred) so the transaction cannot fail to upgrade later.
    """
    if write_first:
        session.execute(update(BillRun).where(BillRun.id == run_id)
                        .values(heartbeat_at=datetime.now(timezone.utc)))
    row = session.execute(select(BillRun.status, BillRun.owner, BillRun.cancel_requested)
                          .where(BillRun.id == run_id)).one()
    if row.status != RunStatus.RUNNING.value or row.owner != owner:
        raise LostRun(f"run {run_id} is no longer executed by process {owner}")
    return bool(row.cancel_requested)


class CancelRequested(Exception):
    """The run was cancelled (or stopped by a strict failure elsewhere): drop this batch."""


def _insert_bills(session: Session, rows: list[dict]) -> list[int]:
    """Insert draft bills, returning their ids in order.

    PostgreSQL: the ids are drawn from the table's sequence first and the rows inserted with a
    plain executemany (psycopg's pipeline, one prepared statement); an INSERT … RETURNING of
    thousands of rows becomes huge multi-VALUES statements that psycopg has to parse one by
    one (2.5 s of 8 s for 10,000 bills). SQLite: INSERT … RETURNING, which is fast there.
    """
    table = Bill.__table__
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(
            text("SELECT nextval(pg_get_serial_sequence('bills', 'id')) "
                 "FROM generate_series(1, :n)"), {"n": len(rows)}))
        for row, bid in zip(rows, ids):
            row["id"] = bid
        session.execute(insert(table), rows)
        return ids
    return [r[0] for r in session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)]


def write_batch(session: Session, run_id: int, owner: str, token: str,
                results: list[tuple[int, int, Result]], duration_ms: float,
                strict_stop: str | None = None) -> Decimal:
    """Bills (+ lines) and attempt results of one claimed batch; ``results``: (attempt id,
    account id, Result). Returns the sum of the bill totals written.

    The first statement re-asserts the claim (``claimed_by = token``, still pending): it takes
    the write lock on SQLite and row locks on PostgreSQL, and fails (LostRun) when the run
    was resumed or taken over meanwhile. The run row is updated last (total, heartbeat; on a
    strict failure the stop request for the other workers), so its lock is held only for the
    commit. CancelRequested when the run is being cancelled: the caller rolls back.
    """
    now = datetime.now(timezone.utc)
    ids = [aid for aid, _acc, _r in results]
    if ids:
        n = session.execute(update(_ATT).where(_ATT.c.id.in_(ids), _ATT.c.claimed_by == token,
                                               _ATT.c.status == AttemptStatus.PENDING.value)
                            .values(claimed_at=now)).rowcount
        if n != len(ids):
            raise LostRun(f"{len(ids) - n} attempt(s) of run {run_id} are no longer claimed "
                          "by this worker")
    if lock_run(session, run_id, owner, write_first=False):
        raise CancelRequested
    bill_rows, owners = [], []
    for aid, acc, r in results:
        for b in r.bills:
            q = b.quality
            bill_rows.append({
                "run_id": run_id, "attempt_id": aid, "account_id": acc, "kind": b.kind,
                "status": BillStatus.DRAFT.value, "number": None,
                "period_start": b.period_start, "period_end": b.period_end,
                "currency": b.currency, "net_total": b.net_total, "vat_total": b.vat_total,
                "rounding": b.rounding, "total": b.total, "corrects_id": b.corrects_id,
                "fingerprint": b.fingerprint, "tariff_code": b.tariff_code,
                "consumption_kwh": b.consumption_kwh, "q_measured": q.measured,
                "q_substituted": q.substituted, "q_estimated": q.estimated,
                "q_missing": q.missing, "created_at": now, "issued_at": None,
                "record_hash": None})
            owners.append(b)
    total = Decimal(0)
    if bill_rows:
        bids = _insert_bills(session, bill_rows)
        lines = []
        for bid, b in zip(bids, owners):
            total += b.total
            for pos, ln in enumerate(b.lines):
                lines.append({"bill_id": bid, "position": pos, "component": ln.component,
                              "label": ln.label, "quantity": ln.quantity, "unit": ln.unit,
                              "unit_price": ln.unit_price, "net_amount": ln.net_amount,
                              "vat_rate": ln.vat_rate, "period_start": ln.period_start,
                              "period_end": ln.period_end, "detail": ln.detail})
        for i in range(0, len(lines), 20000):
            session.execute(insert(BillLineRow.__table__), lines[i:i + 20000])
    per = duration_ms / max(len(results), 1)
    rows = [{"aid": aid, "st": r.status, "ec": r.error_code, "msg": r.message,
             "q0": r.quality.measured, "q1": r.quality.substituted,
             "q2": r.quality.estimated, "q3": r.quality.missing, "dur": round(per, 3),
             "amt": r.amount, "fin": now} for aid, _acc, r in results]
    if rows:
        session.connection().execute(_UPDATE_ATTEMPT, rows)
    # the run row last: its lock (PostgreSQL) is held only until the commit. NO KEY UPDATE:
    # the bills' foreign key to bill_runs holds KEY SHARE locks on it in every worker's
    # transaction, which a plain FOR UPDATE would wait for (deadlock between two workers)
    current = session.scalar(select(BillRun.total_amount).where(BillRun.id == run_id)
                             .with_for_update(key_share=True))
    values = dict(heartbeat_at=now)
    if total:
        values["total_amount"] = (current or Decimal(0)) + total
    if strict_stop:
        values.update(cancel_requested=True, message=strict_stop)
    session.execute(update(BillRun).where(BillRun.id == run_id).values(**values))
    return total
