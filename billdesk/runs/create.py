"""Creating a draft run (configuration and account list frozen at creation) and child runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.run import AttemptStatus, BillingMode, ErrorMode, RunStatus
from billdesk.domain.target import Target
from billdesk.runs.info import RunInfo
from billdesk.runs.queries import load_run, run_info
from billdesk.runs.targets import parse_period, parse_target, resolve_target
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.models import BillingAttempt, BillRun

DEFAULT_MAX_FACTOR = Decimal(5)


def _choice(enum, value, field):
    try:
        return enum(value)
    except ValueError:
        raise InputError(f"unknown value {value!r}; expected "
                         + " or ".join(e.value for e in enum), field=field) from None


def _insert_attempts(session: Session, run_id: int, account_ids: list[int]) -> None:
    rows = [{"run_id": run_id, "account_id": a, "position": i,
             "status": AttemptStatus.PENDING.value}
            for i, a in enumerate(account_ids)]
    for i in range(0, len(rows), 5000):
        session.execute(insert(BillingAttempt), rows[i:i + 5000])


def create_run(factory: sessionmaker, period: Period | str, target: Target | str, *,
               name: str | None = None, mode: ErrorMode | str = ErrorMode.LENIENT,
               billing: BillingMode | str = BillingMode.CREATE,
               thresholds: Thresholds | None = None,
               max_factor: Decimal | str | float = DEFAULT_MAX_FACTOR,
               round_payable: bool = False, today: date | None = None,
               who: str | None = None) -> RunInfo:
    """A ``draft`` run with one ``pending`` attempt per resolved account.

    The configuration and the account list are frozen here, at creation: what the run bills
    is visible (``run show``) before it starts. InputError for a malformed or future period,
    a malformed or unknown target, or a target without accounts.
    """
    p = parse_period(period, today)
    t = parse_target(target)
    m = _choice(ErrorMode, mode, "--mode")
    b = _choice(BillingMode, billing, "--billing")
    try:
        factor = Decimal(str(max_factor))
        if not factor.is_finite() or factor <= 1:
            raise InvalidOperation
    except InvalidOperation:
        raise InputError(f"plausibility factor {max_factor!r} must be a number > 1",
                         field="--max-factor") from None
    th = thresholds or Thresholds()
    if not 0 <= th.min_measured_share <= 1:
        raise InputError(f"minimum measured share {th.min_measured_share} must be 0..1",
                         field="--min-measured-share")
    if th.max_missing is not None and th.max_missing < 0:
        raise InputError(f"maximum missing intervals {th.max_missing} must be >= 0",
                         field="--max-missing")
    with transaction(factory) as s:
        ids = resolve_target(s, t, p)
        run = BillRun(name=name or f"{p} {t}", status=RunStatus.DRAFT.value,
                      period_start=p.start, period_end=p.end, target=str(t), mode=m.value,
                      billing=b.value, thresholds=th.as_dict(),
                      options={"max_factor": str(factor), "round_payable": bool(round_payable)},
                      created_by=who or audit.actor(), cancel_requested=False)
        s.add(run)
        s.flush()
        _insert_attempts(s, run.id, ids)
        audit.record(s, "run.create", "bill_run", run.id,
                     {"period": str(p), "target": str(t), "mode": m.value, "billing": b.value,
                      "thresholds": th.as_dict(), "accounts": len(ids)}, who=who)
        s.flush()
        return run_info(s, run)


def _checked_thresholds(th: Thresholds) -> Thresholds:
    if not 0 <= th.min_measured_share <= 1:
        raise InputError(f"minimum measured share {th.min_measured_share} must be 0..1",
                         field="--min-measured-share")
    if th.max_missing is not None and th.max_missing < 0:
        raise InputError(f"maximum missing intervals {th.max_missing} must be >= 0",
                         field="--max-missing")
    return th


def _checked_factor(max_factor) -> Decimal:
    try:
        factor = Decimal(str(max_factor))
        if not factor.is_finite() or factor <= 1:
            raise InvalidOperation
    except InvalidOperation:
        raise InputError(f"plausibility factor {max_factor!r} must be a number > 1",
                         field="--max-factor") from None
    return factor


def rerun_failed(factory: sessionmaker, run_id: int, *, name: str | None = None,
                 thresholds: Thresholds | None = None, max_factor=None,
                 who: str | None = None) -> RunInfo:
    """A draft child run (``parent_id``) over the parent's failed accounts only.

    The parent must have finished (completed_with_errors, failed, cancelled or finalized).
    For a strict run that stopped (``failed``) the accounts never tried (still pending) are
    included too, since the stop left them without a result. Same period, options and
    thresholds as the parent, unless ``thresholds`` / ``max_factor`` are given (the data
    quality that made them fail may be accepted in the rerun).
    """
    th = _checked_thresholds(thresholds) if thresholds is not None else None
    factor = _checked_factor(max_factor) if max_factor is not None else None
    with transaction(factory) as s:
        parent = load_run(s, run_id)
        finished = (RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_ERRORS, RunStatus.FAILED,
                    RunStatus.CANCELLED, RunStatus.FINALIZED)
        if parent.status not in finished:
            raise InputError(f"run {run_id} is {parent.status}; rerun its failed accounts "
                             "once it has finished", field="ID")
        wanted = [AttemptStatus.FAILED.value]
        if parent.status == RunStatus.FAILED:
            wanted.append(AttemptStatus.PENDING.value)
        ids = list(s.scalars(select(BillingAttempt.account_id)
                             .where(BillingAttempt.run_id == run_id,
                                    BillingAttempt.status.in_(wanted))
                             .order_by(BillingAttempt.position)))
        if not ids:
            raise InputError(f"run {run_id} has no failed account to rerun", field="ID")
        child = BillRun(name=name or f"{parent.name} (rerun failed)",
                        status=RunStatus.DRAFT.value, period_start=parent.period_start,
                        period_end=parent.period_end, target=parent.target, mode=parent.mode,
                        billing=parent.billing,
                        thresholds=th.as_dict() if th is not None else dict(parent.thresholds),
                        options={**(parent.options or {}),
                                 **({"max_factor": str(factor)} if factor else {})},
                        parent_id=parent.id,
                        created_by=who or audit.actor(), cancel_requested=False)
        s.add(child)
        s.flush()
        _insert_attempts(s, child.id, ids)
        audit.record(s, "run.rerun_failed", "bill_run", child.id,
                     {"parent": parent.id, "accounts": len(ids),
                      "thresholds": child.thresholds, "options": child.options}, who=who)
        s.flush()
        return run_info(s, child)
