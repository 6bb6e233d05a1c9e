"""Energy communities: members sharing local production, producers paid for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Allocation(StrEnum):
    DYNAMIC = "dynamic"  # in proportion to consumption, capped at each member's consumption
    STATIC = "static"    # fixed shares; what a member does not use is surplus
    DELIVERED = "delivered"  # the grid operator's per-member local series (channel 'local')


class CommunityType(StrEnum):
    GENERIC = "generic"  # local energy at the local price, the rest from the grid
    LEG = "leg"          # Swiss local electricity community: grid-usage discount on local energy
    ZEV = "zev"          # self-consumption group: local price capped by the standard product
    VZEV = "vzev"        # virtual ZEV: the same cap


@dataclass(frozen=True)
class LocalPrice:
    """The price of local energy: ``flat``, or one price per time-of-use period of the
    member's tariff schedule (``periods``: sorted (period name, price) pairs)."""

    flat: Decimal | None = None
    periods: tuple[tuple[str, Decimal], ...] = ()

    def price_of(self, period: str) -> Decimal | None:
        if self.flat is not None:
            return self.flat
        return dict(self.periods).get(period)

    def describe(self) -> str:
        if self.flat is not None:
            return str(self.flat)
        return ", ".join(f"{k} {v}" for k, v in self.periods)

    def to_json(self):
        return str(self.flat) if self.flat is not None else {k: str(v) for k, v in self.periods}

    @classmethod
    def from_json(cls, value) -> "LocalPrice":
        if isinstance(value, dict):
            return cls(None, tuple(sorted((str(k), Decimal(str(v))) for k, v in value.items())))
        return cls(Decimal(str(value)))


@dataclass(frozen=True)
class CommunityTerms:
    """What a member's bill needs of its community (hashable: members sharing terms are
    billed in one block)."""

    name: str
    type: CommunityType
    local_price: LocalPrice
    grid_discount: Decimal | None = None   # leg: percent off the grid-usage price on local kWh
    price_cap: Decimal | None = None       # zev/vzev: percent of the standard product (100 =
                                           # 'external')

    def fingerprint_part(self) -> str:
        return (f"{self.type.value}|{self.local_price.describe()}|{self.grid_discount}|"
                f"{self.price_cap}")


@dataclass(frozen=True)
class Membership:
    account: str
    share: Decimal | None  # static only, 0..1
    start: date            # inclusive
    end: date | None       # exclusive; None = open


@dataclass(frozen=True)
class ProductionPoint:
    point: str
    producer: str | None = None   # the producer account paid by self-billing credit note


@dataclass(frozen=True)
class Community:
    name: str
    allocation: Allocation
    production_points: tuple[str, ...]
    local_price: Decimal
    members: tuple[Membership, ...]
    type: CommunityType = CommunityType.GENERIC
    producers: tuple[tuple[str, str], ...] = ()     # (production point, producer account)
    grid_discount: Decimal | None = None
    price_cap: str | None = None                    # 'external' or a percent
    local_prices: dict | None = None                # time-of-use: period -> price
    surplus_price: Decimal | None = None            # paid to producers for surplus fed in
