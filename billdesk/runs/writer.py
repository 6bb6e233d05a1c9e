"""Writing one batch's results in bulk (Core executemany) inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import bindparam, insert, select, update
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
    .values(status=bindparam("st"), error_code=bindparam("ec"), message=bindparam("msg"),
            q_measured=bindparam("q0"), q_substituted=bindparam("q1"),
            q_estimated=bindparam("q2"), q_missing=bindparam("q3"),
            duration_ms=bindparam("dur"), amount=bindparam("amt"),
            finished_at=bindparam("fin")))


def write_results(session: Session, run: BillRun, results: list[tuple[int, int, Result]],
                  duration_ms: float) -> Decimal:
    """Bills (+ lines) and attempt results of a batch; ``results``: (attempt id, account id,
    Result). Returns the sum of the bill totals written."""
    now = datetime.now(timezone.utc)
    bill_rows, owners = [], []
    for aid, acc, r in results:
        for b in r.bills:
            q = b.quality
            bill_rows.append({
                "run_id": run.id, "attempt_id": aid, "account_id": acc, "kind": b.kind,
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
        ids = [row[0] for row in session.execute(
            insert(Bill.__table__).returning(Bill.__table__.c.id, sort_by_parameter_order=True),
            bill_rows)]
        lines = []
        for bid, b in zip(ids, owners):
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
        n = session.connection().execute(_UPDATE_ATTEMPT, rows).rowcount
        if n not in (-1, len(rows)):
            raise LostRun(f"{len(rows) - n} attempt(s) of run {run.id} were already written")
    if total:
        run.total_amount = (run.total_amount or Decimal(0)) + total
    return total
