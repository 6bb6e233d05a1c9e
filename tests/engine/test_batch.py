"""A mixed batch gives the same bills as billing each account alone."""

from datetime import date
from decimal import Decimal as D

import numpy as np

from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.engine import AccountSpec, BatchInput, bill_batch
from conftest import HIGH_LOW, flat, tariff

P = Period.parse("2025-10")
TZ = "Europe/Zurich"


def specs():
    mk = lambda: [tariff([flat("base_fee", "9.5", "8.1"), flat("energy", "0.27", "8.1")]),
                  tariff([{"type": "energy", "pricing": "tou", "prices": {"high": "0.3",
                           "low": "0.2"}, "vat_rate": "8.1"},
                          {"type": "power", "price": "10", "vat_rate": "8.1"}],
                         schedule=HIGH_LOW, code="TOU")]
    a, b = mk(), mk()      # equal versions as separate objects, as a store would build them
    return [AccountSpec("X1", [a[0]], date(2020, 1, 1), None, data_token="1"),
            AccountSpec("X2", [b[0]], date(2025, 10, 10), None, data_token="2"),
            AccountSpec("X3", [a[1]], date(2020, 1, 1), date(2025, 10, 20)),
            AccountSpec("X4", [b[1], b[0]], date(2020, 1, 1), None),
            AccountSpec("X5", [], date(2020, 1, 1), None)]


def test_batch_equals_single_bills():
    n = P.n_intervals(TZ)
    assert n == 31 * 96 + 4
    rng = np.random.default_rng(3)
    cons = rng.integers(0, 500, (5, n)) / 1000
    flags = np.zeros((5, n), np.uint8)
    accounts = specs()
    out = bill_batch(BatchInput(P, TZ, accounts, cons, flags), Thresholds())
    assert [o.account for o in out] == ["X1", "X2", "X3", "X4", "X5"]
    assert out[4].error_code == "NO_TARIFF"
    for k in range(4):
        (alone,) = bill_batch(BatchInput(P, TZ, [accounts[k]], cons[k:k + 1], flags[k:k + 1]),
                              Thresholds())
        assert alone.bill == out[k].bill
        assert alone.fingerprint == out[k].fingerprint
    assert out[0].bill.total > 0 and out[1].bill.lines[0].unit == "day"
    assert out[1].bill.consumption_kwh == D(str(round(cons[1, 9 * 96:].sum(), 3)))
