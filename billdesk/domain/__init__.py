"""The vocabulary of billdesk: plain dataclasses and enums, no I/O, no Qt."""

from billdesk.domain.errors import InputError
from billdesk.domain.period import Period
from billdesk.domain.quality import Quality, QualityCounts, Thresholds
from billdesk.domain.target import Target

__all__ = ["InputError", "Period", "Quality", "QualityCounts", "Thresholds", "Target"]
