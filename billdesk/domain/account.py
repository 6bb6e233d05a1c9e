"""Accounts as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Address:
    name: str
    street: str
    postcode: str
    city: str
    country: str = "CH"


@dataclass(frozen=True)
class AccountInfo:
    account: str
    address: Address
    language: str          # de | fr | it | en
    email: str | None
    groups: tuple[str, ...]
    tariff: str            # tariff code
    supply_start: date
    supply_end: date | None  # exclusive
    consumption_point: str
    production_point: str | None = None
    vat_registered: bool = False   # a producer registered for VAT (feed-in carries VAT)
