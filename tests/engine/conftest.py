"""Shared builders for the engine tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.domain.tariff import TariffVersion
from billdesk.engine import AccountSpec, BatchInput, bill_batch

D = Decimal


def tariff(components, valid_from="2020-01-01", code="T", currency="CHF", schedule=None,
           **extra) -> TariffVersion:
    d = {"code": code, "name": code, "currency": currency, "timezone": "Europe/Zurich",
         "valid_from": valid_from, "components": components, **extra}
    if schedule:
        d["schedule"] = schedule
    return TariffVersion.from_dict(d)


def flat(ctype, price, vat="0", label=None):
    return {"type": ctype, "pricing": "flat", "price": str(price), "vat_rate": str(vat),
            "label": label or ctype}


HIGH_LOW = {"default": "low", "rules": [{"days": ["weekday"], "from": "07:00", "to": "20:00",
                                         "period": "high"}]}


def run(period, versions, cons, *, tz="Europe/Zurich", flags=None, export=None, local=None,
        prices=None, supply=(date(2000, 1, 1), None), local_price=None, thresholds=None,
        round_payable=False, token=""):
    """Bill one account (cons 1-D) or several (2-D) with the same tariff; outcomes."""
    period = Period.parse(period) if isinstance(period, str) else period
    cons = np.atleast_2d(np.asarray(cons, dtype=float))
    n_acc = cons.shape[0]
    if flags is None:
        flags = np.zeros(cons.shape, dtype=np.uint8)
    versions = versions if isinstance(versions, list) else [versions]
    accounts = [AccountSpec(f"A{k}", versions, supply[0], supply[1], local_price, token)
                for k in range(n_acc)]
    b = BatchInput(period, tz, accounts, cons, np.atleast_2d(flags),
                   None if export is None else np.atleast_2d(export),
                   None if local is None else np.atleast_2d(local), prices or {},
                   round_payable)
    return bill_batch(b, thresholds or Thresholds())


def one(*args, **kw):
    (o,) = run(*args, **kw)
    assert o.error_code is None, o.message
    return o.bill


def n_int(period, tz="Europe/Zurich"):
    return Period.parse(period).n_intervals(tz)


@pytest.fixture
def rng():
    return np.random.default_rng(7)
