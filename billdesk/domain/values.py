"""Strict parsing of the values files and options carry: dates, instants, decimal numbers.

One definition of what billdesk accepts, used by every importer and the command line:

* dates are ``YYYY-MM-DD`` (ISO 8601 extended; compact ``20250101``, week ``2025-W01-1`` and
  ordinal ``2025-001`` forms are refused);
* instants are ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` with ``Z`` or ``±HH:MM`` (a space may
  replace the ``T``); compact forms and times without an offset are refused;
* both lie in the supported range 2000-01-01 .. 2099-12-31 (checked on the text, before any
  arithmetic, so a year 9999 or 0001 is a message, never an overflow);
* decimal numbers are ``[-]digits[.digits]``: no ``NaN``, ``inf``, ``1_000``, ``+1``, ``1e3``
  or thousands separators (JSON numbers, which may use an exponent, are converted by the JSON
  reader itself).

Every function raises ``ValueError`` with a message quoting the value as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
RANGE_TEXT = "2000-01-01..2099-12-31"

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
                      r"(Z|z|[+-]\d{2}:\d{2})")
_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")
_FIRST_INSTANT = datetime(2000, 1, 1, tzinfo=timezone.utc)
_END_INSTANT = datetime(2100, 1, 1, tzinfo=timezone.utc)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _year_ok(year: str, text: str) -> None:
    if not 2000 <= int(year) <= 2099:
        raise ValueError(f"{text!r} is outside the supported range {RANGE_TEXT}")


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date in the supported range."""
    t = str(text).strip()
    m = _DATE.fullmatch(t)
    if not m:
        raise ValueError(f"malformed date {text!r}; expected YYYY-MM-DD")
    _year_ok(m[1], t)
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"malformed date {text!r}: {exc}") from None


def check_day(d: date, what: str = "date") -> date:
    """``d`` if it lies in the supported range, else ValueError."""
    if not FIRST_DAY <= d <= LAST_DAY:
        raise ValueError(f"{what} {d.isoformat()} is outside the supported range {RANGE_TEXT}")
    return d


def parse_instant(text: str) -> datetime:
    """An aware UTC datetime from ISO 8601 text with an offset or Z, in the supported range."""
    t = str(text).strip()
    m = _INSTANT.fullmatch(t)
    if not m:
        if _DATE.fullmatch(t) or re.fullmatch(r"[\d\-T: .]+", t):
            raise ValueError(f"malformed timestamp {text!r}: no UTC offset; expected e.g. "
                             "2025-01-01T00:00:00+01:00 or 2025-01-01T00:00:00Z")
        raise ValueError(f"malformed timestamp {text!r}; expected ISO 8601 with an offset or "
                         "Z, e.g. 2025-01-01T00:00:00+01:00")
    if not "2000" <= m[1] <= "2099":
        raise ValueError(f"{text!r} is outside the supported range {RANGE_TEXT}")
    try:
        dt = datetime.fromisoformat(t if m[8] != "z" else t[:-1] + "Z")
    except ValueError as exc:
        raise ValueError(f"malformed timestamp {text!r}: {exc}") from None
    utc = dt.astimezone(timezone.utc)
    if not _FIRST_INSTANT <= utc < _END_INSTANT:
        raise ValueError(f"{text!r} is outside the supported range {RANGE_TEXT}")
    return utc


def parse_decimal(text, *, allow_negative: bool = True) -> Decimal:
    """A finite Decimal from ``[-]digits[.digits]`` text (or a Decimal/int from JSON)."""
    if isinstance(text, bool):
        raise ValueError(f"expected a decimal number, got {text!r}")
    if isinstance(text, (Decimal, int)):
        d = Decimal(text)
        if not d.is_finite():
            raise ValueError(f"malformed number {text!r}")
        if d != 0 and not -15 <= d.adjusted() <= 15:
            raise ValueError(f"number {text} is out of range")
        d = Decimal(format(d, "f"))   # 1E+2 -> 100, 1.5E-7 -> 0.00000015
    else:
        t = str(text).strip()
        if not _DECIMAL.fullmatch(t) or len(t) > 40:
            raise ValueError(f"malformed number {text!r}; expected digits with an optional "
                             "decimal point, e.g. 0.2741")
        try:
            d = Decimal(t)
        except InvalidOperation:
            raise ValueError(f"malformed number {text!r}") from None
    if not allow_negative and d < 0:
        raise ValueError(f"negative number {text!r}")
    return d


def control_character(text: str) -> str | None:
    """A description of the first control character in ``text`` (tab, newline, NUL, …),
    or None."""
    m = _CONTROL.search(text)
    if not m:
        return None
    return f"a control character (U+{ord(m.group()):04X}) at position {m.start() + 1}"
