"""How values look in the app: one number format per locale, money always with its currency,
dates and times in the utility's time zone, periods with their last day included, statuses in
the user's language, and the colours of statuses and quality flags.

The locale is the app's language with the Swiss region (``de`` -> ``de_CH``: ``1’234.50``;
``fr`` -> ``fr_CH``: ``1 234,50``); its symbols and currency pattern come from Babel (CLDR),
the same data the invoices use, read once: formatting a cell is a Python format call and a
character translation, not a Babel call (tables format thousands of cells a second).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

STATUS_COLOURS = {
    "draft": "#6c757d", "running": "#0d6efd", "completed": "#198754",
    "completed_with_errors": "#b35c00", "failed": "#dc3545", "cancelled": "#6c757d",
    "interrupted": "#b35c00", "finalized": "#146c43",
    "pending": "#6c757d", "succeeded": "#198754", "skipped": "#8a6d00",
    "draft_bill": "#6c757d", "issued": "#146c43",
}
QUALITY_NAMES = ("measured", "substituted", "estimated", "missing")
QUALITY_COLOURS = ("#2e7d32", "#1976d2", "#f9a825", "#c62828")
DEFAULT_ZONE = "Europe/Zurich"


class _Locale:
    """The symbols of one CLDR locale, parsed once."""

    def __init__(self, name: str):
        from babel import Locale

        loc = Locale.parse(name)
        sym = loc.number_symbols["latn"]
        self.name = name
        self.group, self.decimal = sym["group"], sym["decimal"]
        self.minus = sym.get("minusSign", "-")
        self._table = str.maketrans({",": self.group, ".": self.decimal, "-": self.minus})
        pattern = loc.currency_formats["standard"].pattern.split(";")[0]
        self.currency_prefix = pattern.strip().startswith("¤")
        self.currency_space = "¤ " in pattern or " ¤" in pattern or "¤\u00a0" in pattern \
            or "\u00a0¤" in pattern
        self.percent_space = " %" in loc.percent_formats[None].pattern \
            or "\u00a0%" in loc.percent_formats[None].pattern

    def number(self, x, decimals: int) -> str:
        return format(x, f",.{decimals}f").translate(self._table)


_locale = _Locale("en_CH")
_zone: tzinfo = ZoneInfo(DEFAULT_ZONE)
_zone_name = DEFAULT_ZONE
_currency = "CHF"


def set_language(language: str, region: str = "CH") -> None:
    """The locale of every number the app shows (called when the language is installed)."""
    global _locale
    lang = (language or "en").split("_")[0]
    try:
        _locale = _Locale(f"{lang}_{region}")
    except Exception:  # noqa: BLE001 - an unknown locale: English (Switzerland)
        _locale = _Locale("en_CH")


def locale_name() -> str:
    return _locale.name


def set_zone(name: str | None) -> None:
    """The utility's time zone (the ``timezone`` database setting)."""
    global _zone, _zone_name
    try:
        _zone, _zone_name = ZoneInfo(name or DEFAULT_ZONE), name or DEFAULT_ZONE
    except Exception:  # noqa: BLE001 - an unknown zone name: keep the default
        _zone, _zone_name = ZoneInfo(DEFAULT_ZONE), DEFAULT_ZONE


def zone_name() -> str:
    return _zone_name


def set_currency(code: str | None) -> None:
    """The currency shown where a value carries none of its own (the tariffs' currency)."""
    global _currency
    if code:
        _currency = code


def currency() -> str:
    return _currency


# --------------------------------------------------------------------------- numbers
def fmt_int(n) -> str:
    if n is None:
        return ""
    return _locale.number(int(n), 0)


def fmt_num(x, decimals: int = 1) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return _locale.number(x, decimals)


def fmt_amount(x) -> str:
    """A money amount without its currency (a column whose header names the currency)."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    if isinstance(x, Decimal):
        x = x.quantize(Decimal("0.01"))
    return _locale.number(x, 2)


def fmt_money(x, code: str | None = None) -> str:
    """An amount with its currency, in the locale's pattern (``CHF 1’234.50``)."""
    text = fmt_amount(x)
    if not text:
        return ""
    cur = code or _currency
    sep = "\u00a0" if _locale.currency_space else ""
    return f"{cur}{sep}{text}" if _locale.currency_prefix else f"{text}{sep}{cur}"


def fmt_price(x, code: str | None = None, unit: str = "") -> str:
    """A unit price (up to 5 decimals, at least 2)."""
    if x is None:
        return ""
    d = Decimal(str(x)).normalize()
    decimals = min(max(-d.as_tuple().exponent, 2), 5) if d == d else 2
    text = _locale.number(Decimal(str(x)), decimals)
    cur = code or _currency
    return f"{cur} {text}" + (f"/{unit}" if unit else "")


def fmt_pct(share, decimals: int = 1) -> str:
    """``share`` 0..1 as a percentage."""
    if share is None or (isinstance(share, float) and np.isnan(share)):
        return ""
    sep = "\u00a0" if _locale.percent_space else ""
    return f"{_locale.number(float(share) * 100.0, decimals)}{sep}%"


def fmt_rate(percent) -> str:
    """A VAT rate given in percent (``8.1`` -> ``8.1 %``)."""
    if percent is None:
        return ""
    d = Decimal(str(percent)).normalize()
    decimals = max(-d.as_tuple().exponent, 0) if d == d else 1
    sep = "\u00a0" if _locale.percent_space else ""
    return f"{_locale.number(Decimal(str(percent)), decimals)}{sep}%"


# --------------------------------------------------------------------------- times
def to_zone(x: datetime) -> datetime:
    if x.tzinfo is None:
        x = x.replace(tzinfo=timezone.utc)
    return x.astimezone(_zone)


def fmt_dt(x: datetime | None, seconds: bool = False) -> str:
    """A moment in the utility's zone (the zone is named in the column header or label)."""
    if x is None:
        return ""
    return to_zone(x).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def fmt_dt_zone(x: datetime | None) -> str:
    """A moment with its zone named (``2026-03-05 14:02 CET (Europe/Zurich)``)."""
    if x is None:
        return ""
    z = to_zone(x)
    return f"{z:%Y-%m-%d %H:%M} {z.tzname()} ({_zone_name})"


def fmt_date(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def last_day(end_exclusive: date) -> date:
    """The last day a period ending (exclusively) at ``end_exclusive`` includes."""
    return end_exclusive - timedelta(days=1)


def fmt_period(a: date, b: date) -> str:
    """A period [a, b) as a clerk reads it: ``2026-03``, ``2026-Q1``, ``2026`` or
    ``2026-03-01 – 2026-03-15`` (the last day included, never the exclusive end)."""
    from billdesk.domain.period import add_months

    if a.day == 1 and b == add_months(a, 1):
        return f"{a:%Y-%m}"
    if a.day == 1 and a.month % 3 == 1 and b == add_months(a, 3):
        return f"{a.year}-Q{(a.month - 1) // 3 + 1}"
    if a.month == 1 and a.day == 1 and b == date(a.year + 1, 1, 1):
        return str(a.year)
    return f"{a.isoformat()} – {last_day(b).isoformat()}"


def fmt_days(a: date, b: date) -> str:
    """``2026-03-01 – 2026-03-31`` for [a, b): first and last day included."""
    return f"{a.isoformat()} – {last_day(b).isoformat()}"


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


# --------------------------------------------------------------------------- words
def tr_status(status: str) -> str:
    """A run/attempt/bill status (or mode, kind) as shown to the user."""
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
        "self_billing": QCoreApplication.translate("Status", "self-billing credit note"),
        "strict": QCoreApplication.translate("Status", "strict"),
        "lenient": QCoreApplication.translate("Status", "lenient"),
        "create": QCoreApplication.translate("Status", "create"),
        "create-and-correct": QCoreApplication.translate("Status", "create and correct"),
        "completed_export": QCoreApplication.translate("Status", "complete"),
        "incomplete": QCoreApplication.translate("Status", "incomplete"),
        "consumption": QCoreApplication.translate("Status", "consumption"),
        "production": QCoreApplication.translate("Status", "production"),
        "dynamic": QCoreApplication.translate("Status", "dynamic"),
        "static": QCoreApplication.translate("Status", "static"),
        "delivered": QCoreApplication.translate("Status", "delivered by the grid operator"),
    }.get(status, status)


_MESSAGES = (
    (r"^(\d+) account\(s\) failed$", "{0} account(s) failed"),
    (r"^cancelled while running$", "cancelled while running"),
    (r"^cancelled; (\d+) draft bill\(s\) cancelled$", "cancelled; {0} draft bill(s) cancelled"),
    (r"^cancelled$", "cancelled"),
    (r"^cancel requested; the executing process stops after its batch$",
     "cancel requested; the executing process stops after its batch"),
)


def tr_run_message(message: str | None) -> str:
    """A run's message (written by the run services in English) in the user's language;
    a message of another form is shown as it is."""
    import re

    if not message:
        return ""
    for pattern, source in _MESSAGES:
        m = re.match(pattern, message)
        if m:
            return QCoreApplication.translate("RunMessage", source).format(
                *(fmt_int(int(g)) for g in m.groups()))
    return message


# the run messages above, for pyside6-lupdate
_RUN_MESSAGES = (
    QT_TRANSLATE_NOOP("RunMessage", "{0} account(s) failed"),
    QT_TRANSLATE_NOOP("RunMessage", "cancelled while running"),
    QT_TRANSLATE_NOOP("RunMessage", "cancelled; {0} draft bill(s) cancelled"),
    QT_TRANSLATE_NOOP("RunMessage", "cancelled"),
    QT_TRANSLATE_NOOP("RunMessage", "cancel requested; the executing process stops after its batch"),
)


def tr_target(target: str | None) -> str:
    """A run's target (``all``, ``group:G``, ``community:C``, ``accounts:A1,A2,…``) as shown
    to the user: "all valid accounts", "group G", "community C", "3 accounts: A1, A2, A3"
    (the first three codes, then "…")."""
    if not target:
        return ""
    kind, _, rest = target.partition(":")
    if kind == "all":
        return QCoreApplication.translate("Target", "all valid accounts")
    if kind == "group":
        return QCoreApplication.translate("Target", "group {0}").format(rest)
    if kind == "community":
        return QCoreApplication.translate("Target", "community {0}").format(rest)
    if kind == "accounts":
        codes = [c for c in rest.split(",") if c]
        shown = ", ".join(codes[:3]) + (", …" if len(codes) > 3 else "")
        return QCoreApplication.translate("Target", "{0} account(s): {1}").format(
            fmt_int(len(codes)), shown)
    return target


def tr_quality(name: str) -> str:
    return {"measured": QCoreApplication.translate("Quality", "measured"),
            "substituted": QCoreApplication.translate("Quality", "substituted"),
            "estimated": QCoreApplication.translate("Quality", "estimated"),
            "missing": QCoreApplication.translate("Quality", "missing")}.get(name, name)


def quality_text(min_quality: str, min_share: float, max_missing: int | None) -> str:
    """A run's minimum data quality in words (the run detail and the wizard's review)."""
    text = QCoreApplication.translate("RunDetailPage",
                                      "worst flag {q}, measured ≥ {s}, missing ≤ {m}")
    return text.format(q=tr_quality(min_quality or "missing"),
                       s=fmt_pct(float(min_share or 0), 0),
                       m=QCoreApplication.translate("RunDetailPage", "no limit")
                       if max_missing is None else fmt_int(max_missing))


def tr_language(code: str) -> str:
    return {"de": QCoreApplication.translate("Language", "German"),
            "fr": QCoreApplication.translate("Language", "French"),
            "it": QCoreApplication.translate("Language", "Italian"),
            "en": QCoreApplication.translate("Language", "English")}.get(code, code)


def sortable(v):
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v
