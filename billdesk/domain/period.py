"""Billing periods: whole local days, the end exclusive."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

INTERVAL = timedelta(minutes=15)


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for ``name``; ValueError naming the zone if it does not exist."""
    try:
        if not name or name != name.strip():
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        raise ValueError(f"unknown time zone {name!r} (expected an IANA name such as "
                         "'Europe/Zurich')") from None


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant of local midnight starting ``day`` in ``tz``."""
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(timezone.utc)


def add_months(day: date, n: int) -> date:
    m = day.month - 1 + n
    return date(day.year + m // 12, m % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # exclusive

    def __post_init__(self):
        if self.end <= self.start:
            raise ValueError(f"period end {self.end} must be after its start {self.start}")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """``YYYY-MM``, ``YYYY-Qn``, ``YYYY`` or ``FROM..TO`` (ISO dates, TO exclusive), inside
        the supported range 2000-01-01..2099-12-31."""
        p = cls._parse(text)
        if p.start < date(2000, 1, 1) or p.end > date(2100, 1, 1):
            raise ValueError(f"period {text.strip()!r} is outside the supported range "
                             "2000-01-01..2099-12-31")
        return p

    @classmethod
    def _parse(cls, text: str) -> "Period":
        t = text.strip()
        try:
            if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
                start = date(int(m[1]), int(m[2]), 1)
                return cls(start, add_months(start, 1))
            if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", t):
                start = date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
                return cls(start, add_months(start, 3))
            if m := re.fullmatch(r"(\d{4})", t):
                return cls(date(int(m[1]), 1, 1), date(int(m[1]) + 1, 1, 1))
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", t):
                return cls(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError as exc:
            raise ValueError(f"malformed period {text!r}: {exc}") from None
        raise ValueError(f"malformed period {text!r}; expected YYYY-MM, YYYY-Qn, YYYY "
                         "or FROM..TO with ISO dates (TO exclusive)")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def months(self) -> list["Period"]:
        """The calendar months the period touches, each clipped to the period."""
        out = []
        cur = date(self.start.year, self.start.month, 1)
        while cur < self.end:
            nxt = add_months(cur, 1)
            out.append(Period(max(cur, self.start), min(nxt, self.end)))
            cur = nxt
        return out

    def utc_bounds(self, tz: ZoneInfo | str) -> tuple[datetime, datetime]:
        tz = zone(tz) if isinstance(tz, str) else tz
        return local_midnight_utc(self.start, tz), local_midnight_utc(self.end, tz)

    def n_intervals(self, tz: ZoneInfo | str) -> int:
        a, b = self.utc_bounds(tz)
        return int((b - a) / INTERVAL)

    def overlaps(self, other: "Period") -> bool:
        return self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        if self.start.day == 1 and self.end == add_months(self.start, 1):
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"
