"""Plain values the run services return (never ORM objects), with the JSON shapes of
docs/cli.md.

``as_dict()`` gives JSON-ready dicts: amounts as decimal strings, dates as ISO strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from billdesk.domain.quality import QualityCounts


def _money(x: Decimal | None) -> str | None:
    return None if x is None else format(x, "f")


def _iso(x: date | datetime | None) -> str | None:
    return None if x is None else x.isoformat()


@dataclass(frozen=True)
class LineInfo:
    component: str
    label: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    net_amount: Decimal
    vat_rate: Decimal
    period_start: date | None = None
    period_end: date | None = None
    detail: str | None = None

    def as_dict(self) -> dict:
        return {"component": self.component, "label": self.label,
                "quantity": _money(self.quantity), "unit": self.unit,
                "unit_price": _money(self.unit_price), "net_amount": _money(self.net_amount),
                "vat_rate": _money(self.vat_rate), "period_start": _iso(self.period_start),
                "period_end": _iso(self.period_end), "detail": self.detail}


@dataclass(frozen=True)
class BillInfo:
    id: int
    number: str | None
    kind: str            # invoice | credit_note | self_billing
    status: str          # draft | issued | cancelled
    account: str
    period_start: date
    period_end: date
    currency: str
    net_total: Decimal
    vat_total: Decimal
    rounding: Decimal
    total: Decimal
    corrects: int | None
    run_id: int
    fingerprint: str
    consumption_kwh: Decimal
    quality: QualityCounts
    created_at: datetime | None = None
    issued_at: datetime | None = None
    lines: tuple[LineInfo, ...] = ()
    account_name: str = ""
    local_kwh: Decimal | None = None          # community members: local energy
    community_saving: Decimal | None = None   # … and the saving against the standard product

    @property
    def self_sufficiency(self) -> Decimal | None:
        """A member's share of consumption covered by local energy, percent (1 decimal)."""
        if self.local_kwh is None or not self.consumption_kwh:
            return None
        return (self.local_kwh * 100 / self.consumption_kwh).quantize(Decimal("0.1"))

    def as_dict(self) -> dict:
        return {"id": self.id, "number": self.number, "kind": self.kind, "status": self.status,
                "account": self.account, "account_name": self.account_name,
                "period_start": _iso(self.period_start),
                "period_end": _iso(self.period_end), "currency": self.currency,
                "net_total": _money(self.net_total), "vat_total": _money(self.vat_total),
                "rounding": _money(self.rounding), "total": _money(self.total),
                "corrects": self.corrects, "run_id": self.run_id,
                "fingerprint": self.fingerprint,
                "consumption_kwh": _money(self.consumption_kwh),
                "quality": self.quality.as_dict(), "created_at": _iso(self.created_at),
                "issued_at": _iso(self.issued_at),
                "lines": [ln.as_dict() for ln in self.lines],
                **({"community": {"local_kwh": _money(self.local_kwh),
                                  "self_sufficiency": _money(self.self_sufficiency),
                                  "saving": _money(self.community_saving)}}
                   if self.local_kwh is not None else {})}


@dataclass(frozen=True)
class AttemptInfo:
    account: str
    position: int
    status: str          # pending | succeeded | failed | skipped
    error_code: str | None
    message: str | None
    quality: QualityCounts
    amount: Decimal | None
    duration_ms: float | None
    bill_ids: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {"account": self.account, "position": self.position, "status": self.status,
                "error_code": self.error_code, "message": self.message,
                "quality": self.quality.as_dict(), "amount": _money(self.amount),
                "duration_ms": self.duration_ms, "bill_ids": list(self.bill_ids)}


@dataclass(frozen=True)
class RunCounts:
    total: int = 0
    pending: int = 0
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0

    def as_dict(self) -> dict:
        return {"total": self.total, "pending": self.pending, "succeeded": self.succeeded,
                "failed": self.failed, "skipped": self.skipped}


@dataclass(frozen=True)
class WorkerInfo:
    """One process's work on a run (``run_workers``): what it billed and how fast."""

    token: str                 # host:pid:rand
    kind: str                  # run | join | worker
    host: str
    pid: int
    accounts: int
    batches: int
    started_at: datetime | None
    last_batch_at: datetime | None
    heartbeat_at: datetime | None
    stopped_at: datetime | None
    lease_seconds: int

    @property
    def per_second(self) -> float | None:
        """Accounts per second from its first claim to its last batch."""
        if not self.accounts or self.started_at is None or self.last_batch_at is None:
            return None
        secs = (self.last_batch_at - self.started_at).total_seconds()
        return round(self.accounts / secs, 1) if secs > 0 else None

    def as_dict(self) -> dict:
        return {"worker": self.token, "kind": self.kind, "host": self.host, "pid": self.pid,
                "accounts": self.accounts, "batches": self.batches,
                "per_second": self.per_second, "started_at": _iso(self.started_at),
                "last_batch_at": _iso(self.last_batch_at),
                "heartbeat_at": _iso(self.heartbeat_at), "stopped_at": _iso(self.stopped_at),
                "lease_seconds": self.lease_seconds}


@dataclass(frozen=True)
class RunInfo:
    id: int
    name: str
    status: str
    period_start: date
    period_end: date
    target: str
    mode: str
    billing: str
    thresholds: dict
    options: dict
    parent_id: int | None
    counts: RunCounts
    total_amount: Decimal | None
    created_by: str
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    finalized_at: datetime | None
    message: str | None
    errors: dict[str, int] = field(default_factory=dict)   # error_code -> attempts (empty
    #                        in the app's runs list: ``list_runs(errors=False)``)
    attempts: tuple[AttemptInfo, ...] | None = None          # only in 'run show'
    workers: tuple[WorkerInfo, ...] | None = None            # only in 'run show'

    def as_dict(self) -> dict:
        d = {"id": self.id, "name": self.name, "status": self.status,
             "period_start": _iso(self.period_start), "period_end": _iso(self.period_end),
             "target": self.target, "mode": self.mode, "billing": self.billing,
             "thresholds": self.thresholds, "options": self.options,
             "parent_id": self.parent_id, "counts": self.counts.as_dict(),
             "errors": dict(self.errors), "total_amount": _money(self.total_amount),
             "created_by": self.created_by, "created_at": _iso(self.created_at),
             "started_at": _iso(self.started_at), "finished_at": _iso(self.finished_at),
             "finalized_at": _iso(self.finalized_at), "message": self.message}
        if self.attempts is not None:
            d["attempts"] = [a.as_dict() for a in self.attempts]
        if self.workers is not None:
            d["workers"] = [w.as_dict() for w in self.workers]
        return d


@dataclass(frozen=True)
class QualityRow:
    """Check Data Quality for one account."""

    account: str
    quality: QualityCounts
    passed: bool
    reason: str | None

    def as_dict(self) -> dict:
        return {"account": self.account, "quality": self.quality.as_dict(),
                "measured_share": round(self.quality.measured_share, 6),
                "passed": self.passed, "reason": self.reason}


@dataclass(frozen=True)
class QualityReport:
    period_start: date
    period_end: date
    target: str
    thresholds: dict
    rows: tuple[QualityRow, ...]

    @property
    def passing(self) -> int:
        return sum(r.passed for r in self.rows)

    @property
    def failing(self) -> int:
        return len(self.rows) - self.passing

    def totals(self) -> QualityCounts:
        t = [0, 0, 0, 0]
        for r in self.rows:
            q = r.quality
            t[0] += q.measured
            t[1] += q.substituted
            t[2] += q.estimated
            t[3] += q.missing
        return QualityCounts(*t)

    def as_dict(self) -> dict:
        return {"period_start": _iso(self.period_start), "period_end": _iso(self.period_end),
                "target": self.target, "thresholds": self.thresholds,
                "summary": {"accounts": len(self.rows), "passing": self.passing,
                            "failing": self.failing, "totals": self.totals().as_dict()},
                "accounts": [r.as_dict() for r in self.rows]}


@dataclass(frozen=True)
class FinalizeResult:
    run: RunInfo
    issued: int
    numbers: dict[str, tuple[str, str]]   # series -> (first, last) number issued
    cancelled: int                        # originals cancelled by credit notes

    def as_dict(self) -> dict:
        return {"run": self.run.as_dict(), "issued": self.issued,
                "numbers": {k: {"first": a, "last": b} for k, (a, b) in self.numbers.items()},
                "cancelled": self.cancelled}
