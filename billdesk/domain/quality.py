"""Data-quality flags of 15-minute values and the thresholds a bill run applies."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Quality(IntEnum):
    """Quality flag of one interval value; a lower number is better."""

    MEASURED = 0
    SUBSTITUTED = 1
    ESTIMATED = 2
    MISSING = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Quality":
        key = text.strip().lower()
        if key in QUALITY_ALIASES:
            return QUALITY_ALIASES[key]
        raise ValueError(
            f"unknown quality code {text!r}; expected one of "
            "measured, substituted, estimated, missing (or a market code such as "
            "ABGELESEN, ERSATZWERT, VORLAEUFIGERWERT, PROGNOSEWERT, FEHLT)")


# Canonical names plus common market codes (BO4E Messwertstatus, SDAT/MSCONS-style letters).
QUALITY_ALIASES: dict[str, Quality] = {
    "measured": Quality.MEASURED,
    "substituted": Quality.SUBSTITUTED,
    "estimated": Quality.ESTIMATED,
    "missing": Quality.MISSING,
    "abgelesen": Quality.MEASURED,
    "energiemengesummiert": Quality.MEASURED,
    "ersatzwert": Quality.SUBSTITUTED,
    "vorlaeufigerwert": Quality.ESTIMATED,
    "prognosewert": Quality.ESTIMATED,
    "angabe_fuer_lieferschein": Quality.ESTIMATED,
    "fehlt": Quality.MISSING,
    "nicht_verwendbar": Quality.MISSING,
    "true": Quality.MEASURED,
    "w": Quality.MEASURED,     # "wahr" / true value
    "e": Quality.SUBSTITUTED,  # Ersatzwert
    "v": Quality.ESTIMATED,    # vorläufig
    "f": Quality.MISSING,      # fehlt
}


@dataclass(frozen=True)
class QualityCounts:
    measured: int = 0
    substituted: int = 0
    estimated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.measured + self.substituted + self.estimated + self.missing

    @property
    def measured_share(self) -> float:
        return self.measured / self.total if self.total else 0.0

    def worst(self) -> Quality | None:
        for q in (Quality.MISSING, Quality.ESTIMATED, Quality.SUBSTITUTED, Quality.MEASURED):
            if getattr(self, q.label):
                return q
        return None

    def as_dict(self) -> dict[str, int]:
        return {"measured": self.measured, "substituted": self.substituted,
                "estimated": self.estimated, "missing": self.missing}



@dataclass(frozen=True)
class Thresholds:
    """Minimum data quality a bill run accepts.

    ``min_quality``: the worst flag accepted (a value flagged worse fails the account);
    ``missing`` accepted means gaps are filled (see docs/billing-rules.md).
    ``min_measured_share``: share of ``measured`` intervals, 0..1.
    ``max_missing``: the largest number of missing intervals accepted.
    """

    min_quality: Quality = Quality.MISSING
    min_measured_share: float = 0.0
    max_missing: int | None = None

    def check(self, counts: QualityCounts) -> str | None:
        """None when the counts pass, else the reason with the numbers that failed."""
        reasons = []
        worst = counts.worst()
        if worst is not None and worst > self.min_quality:
            n = sum(getattr(counts, q.label) for q in Quality if q > self.min_quality)
            reasons.append(f"{n} interval(s) worse than {self.min_quality.label} "
                           f"(worst: {worst.label})")
        if counts.measured_share + 1e-12 < self.min_measured_share:
            reasons.append(f"measured share {counts.measured_share:.2%} below "
                           f"minimum {self.min_measured_share:.2%}")
        if self.max_missing is not None and counts.missing > self.max_missing:
            reasons.append(f"{counts.missing} missing interval(s), at most "
                           f"{self.max_missing} allowed")
        return "; ".join(reasons) or None

    def as_dict(self) -> dict:
        return {"min_quality": self.min_quality.label,
                "min_measured_share": self.min_measured_share,
                "max_missing": self.max_missing}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Thresholds":
        d = d or {}
        return cls(Quality.parse(d.get("min_quality", "missing")),
                   float(d.get("min_measured_share", 0.0)),
                   None if d.get("max_missing") is None else int(d["max_missing"]))
