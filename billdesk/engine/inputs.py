"""What the engine takes and returns for a batch of accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence
from datetime import date
from decimal import Decimal

import numpy as np

from billdesk.domain.bill import BillDraft
from billdesk.domain.community import CommunityTerms
from billdesk.domain.period import Period
from billdesk.domain.quality import QualityCounts
from billdesk.domain.tariff import TariffVersion


@dataclass
class AccountSpec:
    account: str
    tariff_versions: list[TariffVersion]  # all versions of the account's tariff, any order
    supply_start: date
    supply_end: date | None               # exclusive; None = open
    local_price: Decimal | None = None    # community members: the community's local price
    data_token: str = ""                  # opaque meter-data version, goes into the fingerprint
    vat_registered: bool = False          # a VAT-registered producer: feed-in carries VAT
    community: CommunityTerms | None = None  # a member: its community's type and prices


@dataclass
class BatchInput:
    period: Period
    timezone: str                         # utility zone, e.g. "Europe/Zurich"
    accounts: list[AccountSpec]
    consumption: np.ndarray               # float64 [n_acc, n_int] kWh per 15-min interval
    flags: np.ndarray                     # uint8 [n_acc, n_int] Quality values
    export: np.ndarray | None = None      # float64 [n_acc, n_int] kWh fed in
    local: np.ndarray | None = None       # float64 [n_acc, n_int] community kWh allocated
    prices: dict[str, np.ndarray] = field(default_factory=dict)  # series -> float64 [n_int]
    round_payable: bool = False           # round the payable total to 0.05 (CHF only)
    # which rows of ``export`` / ``local`` may hold energy (None: any); the others are zero,
    # and the engine does not scan them
    export_rows: Sequence[int] | None = None
    local_rows: Sequence[int] | None = None


@dataclass
class AccountOutcome:
    account: str
    bill: BillDraft | None
    error_code: str | None                # billdesk.domain.run.ErrorCode value
    message: str
    quality: QualityCounts                # the account's data before gap filling
    fingerprint: str
