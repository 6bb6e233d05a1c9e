"""Writing one batch's results in bulk inside the caller's transaction: attempt results,
draft bills and their lines through the driver's bulk paths (billdesk.store.bulk)."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import and_, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

from billdesk.domain.bill import BillStatus, lines_source
from billdesk.domain.run import AttemptStatus, RunStatus
from billdesk.runs.decide import Result
from billdesk.runs.line_rows import LineRows
from billdesk.store import bulk
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
_ATTEMPT_RESULT = ("claimed_by", "claimed_at", "status", "error_code", "message", "q_measured",
                   "q_substituted", "q_estimated", "q_missing", "duration_ms", "amount",
                   "finished_at")
_BILL = ("id", "run_id", "attempt_id", "account_id", "kind", "status", "number", "period_start",
         "period_end", "currency", "net_total", "vat_total", "rounding", "total", "corrects_id",
         "fingerprint", "tariff_code", "consumption_kwh", "q_measured", "q_substituted",
         "q_estimated", "q_missing", "created_at", "issued_at", "record_hash", "inputs",
         "local_kwh", "community_saving")
_LINE = ("bill_id", "position", "component", "label", "quantity", "unit", "unit_price",
         "net_amount", "vat_rate", "period_start", "period_end", "detail")


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


def _claim_stamp(claimed) -> datetime | None:
    """The claim's time of ``claimed``'s condition: given as such, or a claimed batch's
    (``Batch.stamp``); None for a plain SQL condition."""
    if claimed is None or not claimed[0]:
        return None
    condition = claimed[1]
    if isinstance(condition, datetime):
        return condition
    return getattr(condition, "stamp", None)


class CancelRequested(Exception):
    """The run was cancelled (or stopped by a strict failure elsewhere): drop this batch."""


def _new_bill_ids(session: Session, n: int) -> list[int]:
    """Ids for ``n`` new bills. PostgreSQL: drawn from the table's sequence. SQLite: the next
    ones after the largest (what SQLite itself would assign) — the caller's transaction holds
    the database's single write lock, so no other process inserts meanwhile."""
    if bulk.dialect_name(session) == "postgresql":
        return list(session.scalars(
            text("SELECT nextval(pg_get_serial_sequence('bills', 'id')) "
                 "FROM generate_series(1, :n)"), {"n": n}))
    first = (session.scalar(select(func.max(Bill.id))) or 0) + 1
    return list(range(first, first + n))


class BatchRows:
    """A batch's rows as the driver takes them, made before its transaction (so the write
    lock is held only while the database works): attempt results, bills numbered 0, 1, …
    in the batch (their ids given in the transaction), their lines, the bills' total."""

    __slots__ = ("now", "attempts", "bills", "lines", "total")

    def __init__(self, now, attempts, bills, lines, total):
        self.now, self.attempts, self.bills, self.lines, self.total = (now, attempts, bills,
                                                                       lines, total)


def batch_rows(session: Session, run_id: int, results: list[tuple[int, int, Result]],
               duration_ms: float) -> BatchRows:
    """The rows of ``results`` (see write_batch) for ``session``'s database; reads nothing."""
    now = datetime.now(timezone.utc)
    per = round(duration_ms / max(len(results), 1), 3)
    # as the driver takes them (bulk.value_converters)
    att_ms, att_dec, att_time = bulk.value_converters(session, _ATT,
                                                      ("duration_ms", "amount", "finished_at"))
    per, stamp_now = att_ms(per), att_time(now)
    attempts = [(aid, None, None, r.status, r.error_code, r.message, r.quality.measured,
                 r.quality.substituted, r.quality.estimated, r.quality.missing, per,
                 att_dec(r.amount), stamp_now) for aid, _acc, r in results]
    bill_rows = []             # as the driver takes them (bulk.value_converters)
    day, dec, created = bulk.value_converters(session, Bill.__table__,
                                              ("period_start", "net_total", "created_at"))
    created = created(now)
    lines = LineRows(bulk.converters(session, BillLineRow.__table__, ["period_start"])[0])
    total = Decimal(0)
    draft = BillStatus.DRAFT.value
    bid = 0                    # the bill's place in the batch: its id is given when written
    for aid, acc, r in results:
        for b in r.bills:
            q = b.quality
            total += b.total
            bill_rows.append((bid, run_id, aid, acc, b.kind, draft, None, day(b.period_start),
                              day(b.period_end), b.currency, dec(b.net_total),
                              dec(b.vat_total), dec(b.rounding), dec(b.total), b.corrects_id,
                              b.fingerprint, b.tariff_code, dec(b.consumption_kwh),
                              q.measured, q.substituted, q.estimated, q.missing, created,
                              None, None, b.inputs() if callable(b.inputs) else b.inputs,
                              dec(b.local_kwh), dec(b.community_saving)))
            src = lines_source(b)
            if src is None:
                lines.of_lines(bid, b.lines)
            else:
                lines.of_block(bid, *src)
            bid += 1
    return BatchRows(now, attempts, bill_rows, lines.rows, total)


def write_batch(session: Session, run_id: int, owner: str, token: str,
                results: list[tuple[int, int, Result]], duration_ms: float,
                strict_stop: str | None = None,
                claimed: tuple[int, object] | None = None,
                rows: BatchRows | None = None) -> Decimal:
    """Bills (+ lines) and attempt results of one claimed batch; ``results``: (attempt id,
    account id, Result). Returns the sum of the bill totals written. ``claimed``: (how many
    attempts the batch has — more than ``results`` after a strict stop inside it —, the
    claimed batch (billdesk.runs.workers.Batch), the SQL condition selecting them
    (``Batch.claimed()``), or the claim's time: ``token``'s claim at its time tells them
    from the worker's next batch). ``rows``: ``batch_rows(…)`` of the same results, made
    before the transaction (else made here).

    The first statement re-asserts the claim (``claimed_by = token`` at its time, still
    pending) and fails (LostRun) when the run was resumed or taken over meanwhile; it takes
    the write lock on SQLite and row locks on PostgreSQL. On PostgreSQL, when the claim's time
    is known, that statement is the writing of the attempts' results itself (only where the
    claim still holds: every result row must be written, or LostRun); on SQLite (and given
    only an SQL condition) the claim is re-asserted first and the results written after the
    bills. The run row is updated last (total, heartbeat; on a
    strict failure the stop request for the other workers), so its lock is held only for the
    commit. CancelRequested when the run is being cancelled: the caller rolls back.
    """
    if rows is None:
        rows = batch_rows(session, run_id, results, duration_ms)
    now, attempts, total = rows.now, rows.attempts, rows.total
    pending = {"status": AttemptStatus.PENDING.value}
    stamp = _claim_stamp(claimed)
    written = False
    if stamp is not None and bulk.dialect_name(session) == "postgresql":
        # the results are the re-assertion: written only where the claim still holds, one
        # UPDATE (a second one of the same rows in this transaction would make a new row
        # version each, and the first one's versions — ours — make PostgreSQL check the
        # attempts' foreign keys again, row by row)
        n = bulk.update(session, _ATT, "id", _ATTEMPT_RESULT, attempts,
                        where={**pending, "run_id": run_id, "claimed_by": token,
                               "claimed_at": stamp}, converted=True)
        if n != len(attempts):
            raise LostRun(f"{len(attempts) - n} attempt(s) of run {run_id} are no longer "
                          "claimed by this worker")
        written = True
    elif claimed is not None and claimed[0]:
        size, condition = claimed
        if stamp is not None:                        # the claim's time: every such attempt
            condition = and_(_ATT.c.run_id == run_id, _ATT.c.claimed_by == token,
                             _ATT.c.claimed_at == stamp,
                             _ATT.c.status == AttemptStatus.PENDING.value)
        elif not isinstance(condition, ClauseElement):
            condition = condition.claimed()
        n = session.execute(update(_ATT).where(condition).values(claimed_at=now)).rowcount
        if n != size:
            raise LostRun(f"{size - n} attempt(s) of run {run_id} are no longer claimed by "
                          "this worker")
    if lock_run(session, run_id, owner, write_first=False):
        raise CancelRequested
    bill_rows, line_rows = rows.bills, rows.lines
    first = 0
    if bill_rows:              # their ids, now that the transaction may take them
        if bulk.dialect_name(session) == "sqlite":
            # the next ones after the largest: place + first, added by the statement (no
            # row made again in Python while the write lock is held)
            first = _new_bill_ids(session, 1)[0]
        else:
            ids = _new_bill_ids(session, len(bill_rows))
            bill_rows = [(ids[r[0]], *r[1:]) for r in bill_rows]
            line_rows = [(ids[r[0]], *r[1:]) for r in line_rows]
    bulk.insert(session, Bill.__table__, _BILL, bill_rows, converted=True, first_plus=first)
    bulk.insert(session, BillLineRow.__table__, _LINE, line_rows, converted=True,
                first_plus=first)
    if not written:
        bulk.update(session, _ATT, "id", _ATTEMPT_RESULT, attempts, where=pending,
                    converted=True)
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
