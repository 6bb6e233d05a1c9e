"""Energy communities: members sharing local production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Allocation(StrEnum):
    DYNAMIC = "dynamic"  # in proportion to consumption, capped at each member's consumption
    STATIC = "static"    # fixed shares; what a member does not use is surplus


@dataclass(frozen=True)
class Membership:
    account: str
    share: Decimal | None  # static only, 0..1
    start: date            # inclusive
    end: date | None       # exclusive; None = open


@dataclass(frozen=True)
class Community:
    name: str
    allocation: Allocation
    production_points: tuple[str, ...]
    local_price: Decimal
    members: tuple[Membership, ...]
