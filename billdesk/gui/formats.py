"""How values look in the app: statuses in the user's language, money, dates, periods,
durations, and the colours of statuses and quality flags."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
from PySide6.QtCore import QCoreApplication

STATUS_COLOURS = {
    "draft": "#6c757d", "running": "#0d6efd", "completed": "#198754",
    "completed_with_errors": "#b35c00", "failed": "#dc3545", "cancelled": "#6c757d",
    "interrupted": "#b35c00", "finalized": "#146c43",
    "pending": "#6c757d", "succeeded": "#198754", "skipped": "#8a6d00",
    "draft_bill": "#6c757d", "issued": "#146c43",
}
QUALITY_NAMES = ("measured", "substituted", "estimated", "missing")
QUALITY_COLOURS = ("#2e7d32", "#1976d2", "#f9a825", "#c62828")


def tr_status(status: str) -> str:
    """A run/attempt/bill status as shown to the user."""
    return {
        "draft": QCoreApplication.translate("Status", "draft"),
        "running": QCoreApplication.translate("Status", "running"),
        "completed": QCoreApplication.translate("Status", "completed"),
        "completed_with_errors": QCoreApplication.translate("Status", "completed with errors"),
        "failed": QCoreApplication.translate("Status", "failed"),
        "cancelled": QCoreApplication.translate("Status", "cancelled"),
        "interrupted": QCoreApplication.translate("Status", "interrupted"),
        "finalized": QCoreApplication.translate("Status", "finalized"),
        "pending": QCoreApplication.translate("Status", "pending"),
        "succeeded": QCoreApplication.translate("Status", "succeeded"),
        "skipped": QCoreApplication.translate("Status", "skipped"),
        "issued": QCoreApplication.translate("Status", "issued"),
        "invoice": QCoreApplication.translate("Status", "invoice"),
        "credit_note": QCoreApplication.translate("Status", "credit note"),
        "self_billing": QCoreApplication.translate("Status", "self-billing note"),
        "strict": QCoreApplication.translate("Status", "strict"),
        "lenient": QCoreApplication.translate("Status", "lenient"),
        "create": QCoreApplication.translate("Status", "create"),
        "create-and-correct": QCoreApplication.translate("Status", "create and correct"),
    }.get(status, status)


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
