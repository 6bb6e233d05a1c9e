from datetime import date
from decimal import Decimal as D

import numpy as np

from billdesk.domain.bill import BillLine
from billdesk.domain.period import Period
from billdesk.engine.money import minor_unit, payable_rounding, quantity, round_money, vat_per_rate
from billdesk.engine.prices import dynamic_amount, dynamic_sums
from conftest import flat, one, tariff


def test_quantity_half_up_ignores_binary_noise():
    assert quantity(12.3445) == D("12.345")       # 12.3445 is 12.34449999.. in binary
    assert quantity(0.0005) == D("0.001")
    assert quantity(2.0004999) == D("2.000")


def test_round_money_half_up_and_no_negative_zero():
    assert round_money(D("0.125"), D("0.01")) == D("0.13")
    assert round_money(D("-0.125"), D("0.01")) == D("-0.13")
    assert str(round_money(D("-0.001"), D("0.01"))) == "0.00"
    assert minor_unit("CHF") == D("0.01") and minor_unit("JPY") == D("1")


def test_vat_summed_per_rate_then_rounded_once():
    lines = [BillLine("energy", "x", D(1), "kWh", D("0.014"), D("0.01"), D("8.1")) for _ in range(7)]
    lines.append(BillLine("feed_in", "f", D(1), "kWh", D("-1"), D("-1.00"), D("0")))
    v0, v81 = vat_per_rate(lines, D("0.01"))
    assert (v81.net, v81.vat) == (D("0.07"), D("0.01"))   # not 7 x round(0.00081) = 0
    assert (v0.net, v0.vat) == (D("-1.00"), D("0.00"))


def test_payable_rounding_to_five_cents():
    assert payable_rounding(D("10.02")) == D("-0.02")
    assert payable_rounding(D("10.03")) == D("0.02")
    assert payable_rounding(D("10.025")) == D("0.025")


def test_bill_with_payable_rounding():
    t = tariff([flat("energy", "0.2741", "8.1")])
    p = Period(date(2025, 6, 2), date(2025, 6, 3))
    cons = np.zeros(96)
    cons[0] = 10.0
    b = one(p, t, cons, round_payable=True)
    # net 2.741 -> 2.74; VAT 0.22194 -> 0.22; 2.96 -> 2.95 payable
    assert (b.net_total, b.vat_total, b.rounding, b.total) == (D("2.74"), D("0.22"), D("-0.01"),
                                                              D("2.95"))


def test_dynamic_sum_is_exact_and_order_independent():
    kwh = np.array([[0.1, 0.2, 0.3] * 1000])
    price = np.array([0.123456, 0.2, 0.333333] * 1000)
    s, w = dynamic_sums(kwh, price)
    assert w == [600_000_000]
    exact = sum(D(str(k)) * D(str(p)) for k, p in zip(kwh[0], price))
    assert dynamic_amount(s[0], w[0], D(1), D(0)) == exact
    s2, _ = dynamic_sums(kwh[:, ::-1], price[::-1])
    assert s2 == s


def _edge_values(rng):
    ties = np.arange(-3000, 3000) / 1000 + 0.0005              # x.xxx5: half-way at 3 decimals
    near = np.concatenate([ties + d for d in (1e-12, -1e-12, 4e-10, -4e-10, 6e-10, -6e-10)])
    special = [0.0, -0.0, -1e-10, -0.0004, -0.0005, 12.3445, 2.0004999, 1e7, 3e12, -5e11,
               1e-300, 0.49999999999, 1.4999999999, 9_999_999.9995, float("nan")]
    return np.concatenate([ties, near, special, rng.gamma(2, 50, 3000),
                           rng.normal(0, 1, 3000) * 10.0 ** rng.integers(-6, 9, 3000)])


def test_priced_equals_quantity_and_round_money_value_by_value():
    from billdesk.engine.money import priced, quantities

    x = _edge_values(np.random.default_rng(5))
    for price in (D("0.2741"), D("-0.08"), D("9.50"), D("0.123456789"), D("1E+2"),
                  D("-0.0000001"), D("12345678.12345"), D("0")):
        for unit in (D("0.01"), D("1"), D("0.001")):
            qty, net, zero = priced(x, price, unit)
            for j, v in enumerate(x.tolist()):
                q = quantity(v)
                if q.is_nan():
                    assert qty[j].is_nan() and net[j].is_nan()
                    continue
                # equal in value, sign and exponent: the same text is stored
                assert (str(qty[j]), str(net[j])) == (str(q), str(round_money(q * price, unit)))
                assert bool(zero[j]) == (q == 0)
    assert [str(q) for q in quantities(x[:200])] == [str(quantity(v)) for v in x[:200].tolist()]
