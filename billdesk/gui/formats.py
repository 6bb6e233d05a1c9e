"""How values look in the app: statuses in the user's language, money, dates, periods,
durations, and the colours of statuses and quality flags."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from billdesk.domain.bill import BillKind, BillStatus
from billdesk.domain.quality import Quality
from billdesk.domain.run import AttemptStatus, BillingMode, ErrorMode, RunStatus

STATUS_COLOURS = {
    RunStatus.DRAFT: "#6c757d", RunStatus.RUNNING: "#0d6efd", RunStatus.COMPLETED: "#198754",
    RunStatus.COMPLETED_WITH_ERRORS: "#b35c00", RunStatus.FAILED: "#dc3545",
    RunStatus.CANCELLED: "#6c757d", RunStatus.INTERRUPTED: "#b35c00",
    RunStatus.FINALIZED: "#146c43",
    AttemptStatus.PENDING: "#6c757d", AttemptStatus.SUCCEEDED: "#198754",
    AttemptStatus.FAILED: "#dc3545", AttemptStatus.SKIPPED: "#8a6d00",
    BillStatus.DRAFT: "#6c757d", BillStatus.ISSUED: "#146c43", BillStatus.CANCELLED: "#6c757d",
}
QUALITY_NAMES = tuple(q.label for q in Quality)
QUALITY_COLOURS = ("#2e7d32", "#1976d2", "#f9a825", "#c62828")

# what each status, kind and option is called in the app (translated in context "Status")
_STATUS_TEXT = {
    RunStatus.DRAFT: QT_TRANSLATE_NOOP("Status", "draft"),
    RunStatus.RUNNING: QT_TRANSLATE_NOOP("Status", "running"),
    RunStatus.COMPLETED: QT_TRANSLATE_NOOP("Status", "completed"),
    RunStatus.COMPLETED_WITH_ERRORS: QT_TRANSLATE_NOOP("Status", "completed with errors"),
    RunStatus.FAILED: QT_TRANSLATE_NOOP("Status", "failed"),
    RunStatus.CANCELLED: QT_TRANSLATE_NOOP("Status", "cancelled"),
    RunStatus.INTERRUPTED: QT_TRANSLATE_NOOP("Status", "interrupted"),
    RunStatus.FINALIZED: QT_TRANSLATE_NOOP("Status", "finalized"),
    AttemptStatus.PENDING: QT_TRANSLATE_NOOP("Status", "pending"),
    AttemptStatus.SUCCEEDED: QT_TRANSLATE_NOOP("Status", "succeeded"),
    AttemptStatus.SKIPPED: QT_TRANSLATE_NOOP("Status", "skipped"),
    BillStatus.ISSUED: QT_TRANSLATE_NOOP("Status", "issued"),
    BillKind.INVOICE: QT_TRANSLATE_NOOP("Status", "invoice"),
    BillKind.CREDIT_NOTE: QT_TRANSLATE_NOOP("Status", "credit note"),
    ErrorMode.STRICT: QT_TRANSLATE_NOOP("Status", "strict"),
    ErrorMode.LENIENT: QT_TRANSLATE_NOOP("Status", "lenient"),
    BillingMode.CREATE: QT_TRANSLATE_NOOP("Status", "create"),
    BillingMode.CREATE_AND_CORRECT: QT_TRANSLATE_NOOP("Status", "create and correct"),
}   # AttemptStatus.FAILED, BillStatus.DRAFT/CANCELLED: the same words as the run statuses


def tr_status(status: str) -> str:
    """A run/attempt/bill status (or kind, mode) as shown to the user."""
    text = _STATUS_TEXT.get(status)
    return QCoreApplication.translate("Status", text) if text else status


def fmt_money(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and np.isnan(x):
        return ""
    return f"{Decimal(str(x)):,.2f}".replace(",", "\u2009")


def fmt_dt(x: datetime | None) -> str:
    if x is None:
        return ""
    return x.astimezone().strftime("%Y-%m-%d %H:%M")


def fmt_period(a: date, b: date) -> str:
    from billdesk.domain.period import add_months

    if a.day == 1 and b == add_months(a, 1):
        return f"{a:%Y-%m}"
    if a.day == 1 and a.month % 3 == 1 and b == add_months(a, 3):
        return f"{a.year}-Q{(a.month - 1) // 3 + 1}"
    if a.month == 1 and a.day == 1 and b == date(a.year + 1, 1, 1):
        return str(a.year)
    return f"{a.isoformat()}..{b.isoformat()}"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def sortable(v):
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v
