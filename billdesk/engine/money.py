"""Money rules: rounding of quantities and amounts, VAT per rate, totals.

Every figure on a bill is a Decimal. ``quantity`` and ``round_money`` state the rules for one
value; ``priced`` applies the same two rules to a whole column of accounts at once with
integer numpy arithmetic (milli-units and minor units) and makes Decimals only of the final
figures — equal, digit for digit and in exponent, to what the one-value rules give.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

from billdesk.domain.bill import BillLine, VatAmount
from billdesk.engine.records import maker

Q_KWH = Decimal("0.001")        # quantities (kWh, kW) to 3 decimals
Q_AVG_PRICE = Decimal("0.00001")  # average unit price shown on dynamic lines
FIVE_CENTS = Decimal("0.05")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MILLI = Q_KWH
_NEG_ZERO_QTY = Decimal("-0.000")
_INT_SAFE = 2 ** 62              # |products| below this stay exact in int64
_FAST_LIMIT = 1e10               # |x| * 1000 below this: float x*1000 is within 1.2e-6 of exact
_TIE_MARGIN = 1e-5               # closer than this to a half-way point: decided in Decimal
_vat_amount = maker(VatAmount)

# ISO 4217 minor units that differ from 2
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0,
                "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3, "IQD": 3, "LYD": 3}


@lru_cache(maxsize=None)
def minor_unit(currency: str) -> Decimal:
    """The currency's smallest unit as a Decimal exponent, e.g. Decimal('0.01') for CHF."""
    return Decimal(1).scaleb(-_MINOR_UNITS.get(currency.upper(), 2))


def quantity(x: float) -> Decimal:
    """A float kWh/kW figure as Decimal rounded half-up to 3 decimals.

    The float is first written with 9 decimals so binary noise (12.3449999999) does not
    decide a half-up tie.
    """
    return Decimal(f"{x:.9f}").quantize(Q_KWH, ROUND_HALF_UP)


def round_money(x: Decimal, unit: Decimal) -> Decimal:
    return x.quantize(unit, ROUND_HALF_UP) + ZERO  # + 0 turns -0.00 into 0.00


CREDIT_COMPONENTS = frozenset({"feed_in"})   # what the customer delivered: credited


def vat_per_rate(lines: list[BillLine] | tuple[BillLine, ...], unit: Decimal
                 ) -> tuple[VatAmount, ...]:
    """VAT per rate: the rounded nets of the lines with that rate, times the rate, rounded once.

    Feed-in credits are never netted into the VAT base of the supply: their lines form
    groups of their own (``credit=True``; groups ordered by rate, supply before credit). A
    credit line of a producer not registered for VAT has rate 0 (no VAT); a registered
    producer's carries its rate, so its group's VAT is negative (docs/billing-rules.md,
    "VAT and feed-in credits").
    """
    nets: dict[tuple[bool, Decimal], Decimal] = {}
    for ln in lines:
        key = (ln.component in CREDIT_COMPONENTS, ln.vat_rate)
        nets[key] = nets.get(key, ZERO) + ln.net_amount
    return tuple([_vat_amount(rate, net, (net * rate / HUNDRED).quantize(unit, ROUND_HALF_UP)
                              + ZERO, credit)
                  for (credit, rate), net in sorted(nets.items(), key=lambda kv: kv[0][::-1])])


def payable_rounding(total: Decimal) -> Decimal:
    """The amount that rounds ``total`` half-up to 0.05 (Swiss cash rounding)."""
    rounded = (total / FIVE_CENTS).quantize(Decimal(1), ROUND_HALF_UP) * FIVE_CENTS
    return rounded - total


def _milli(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(int64 milli-units of ``quantity(x)``, where that is exact, the sign bits of x)."""
    r = np.abs(x) * 1000.0
    with np.errstate(invalid="ignore"):
        fl = np.floor(r)
        frac = r - fl
        fast = (r < _FAST_LIMIT) & (np.abs(frac - 0.5) > _TIE_MARGIN)
    milli = np.where(fast, fl + (frac > 0.5), 0.0).astype(np.int64)
    neg = np.signbit(x)
    return np.where(neg, -milli, milli), fast, neg


def quantities(x: np.ndarray) -> list[Decimal]:
    """``quantity(v)`` of every float of ``x``, vectorised (see ``priced``)."""
    x = np.asarray(x, dtype=np.float64)
    milli, fast, neg = _milli(x)
    qty = [q * MILLI for q in map(Decimal, milli.tolist())]
    for j in np.flatnonzero(~fast | (neg & (milli == 0))).tolist():
        qty[j] = quantity(float(x[j]))
    return qty


def priced(x: np.ndarray, price: Decimal, unit: Decimal
           ) -> tuple[list[Decimal], list[Decimal], np.ndarray, np.ndarray | None]:
    """For every float ``x[j]`` (kWh, kW): ``quantity(x[j])``, ``round_money(quantity * price,
    unit)`` and whether the quantity is zero — as two lists of Decimals and a bool array —,
    and the amounts as int64 counts of ``unit`` (None if one does not fit). See
    ``priced_columns``, which gives the same figures as integers."""
    milli, nets, fits, zero, exact = priced_columns(x, price, unit)
    qty = [q * MILLI for q in map(Decimal, milli.tolist())]
    net = [n * unit for n in map(Decimal, nets.tolist())]
    for j, (q, n) in exact.items():
        qty[j], net[j] = q, n
    return qty, net, zero, nets if fits else None


def priced_columns(x: np.ndarray, price: Decimal, unit: Decimal
                   ) -> tuple[np.ndarray, np.ndarray, bool, np.ndarray, dict]:
    """``priced``'s figures without a Decimal per value: (int64 milli-units of each
    quantity, int64 amounts in ``unit``s, whether every amount fits int64, the bool array of
    zero quantities, {row: (quantity, amount)} for the rows whose figures are Decimals of
    their own: decided in Decimal, or a quantity of -0.000). Where a row is in that dict its
    milli-units are not its quantity; its amount is, where it fits.

    Vectorised: |x| × 1000 rounded half-up in float64 and the amount as int64 milli-units ×
    the price's coefficient, rounded half-up to the unit. A value is decided in Decimal
    instead (``quantity`` / ``round_money``) when it lies within 1e-5 of a half-way point
    (where the 9-decimal string of ``quantity`` could decide differently), is not finite or
    is very large, and an amount when the product could leave int64.
    """
    x = np.asarray(x, dtype=np.float64)
    milli, fast, neg = _milli(x)
    _sign, _digits, exp = price.as_tuple()
    coef = int(price.scaleb(-exp))
    shift = exp - 3 - unit.as_tuple().exponent        # amount = milli * coef * 10**shift
    big = int(np.abs(milli).max(initial=0)) * abs(coef) * (10 ** max(shift, 0))
    if big < _INT_SAFE:
        if shift >= 0:
            nets = milli * (coef * 10 ** shift)
        else:
            d = 10 ** -shift
            v = milli * coef
            nets = np.sign(v) * ((np.abs(v) + d // 2) // d)
        net_ok = fast
    else:                                             # decided in Decimal, value by value
        nets = np.zeros_like(milli)
        net_ok = np.zeros(len(milli), dtype=bool)
    zero = milli == 0
    exact: dict[int, tuple[Decimal, Decimal]] = {}
    for j in np.flatnonzero(neg & fast & zero).tolist():
        exact[j] = (_NEG_ZERO_QTY, Decimal(int(nets[j])) * unit)
    fits = True
    for j in np.flatnonzero(~net_ok).tolist():
        if not fast[j]:
            q = quantity(float(x[j]))
            zero[j] = q == ZERO
        else:
            q = exact[j][0] if j in exact else Decimal(int(milli[j])) * MILLI
        n = round_money(q * price, unit)
        exact[j] = (q, n)
        m = minor_units(n, unit)
        if m is None or abs(m) >= _INT_SAFE:
            fits = False
        else:
            nets[j] = m
    return milli, nets, fits, zero, exact


def minor_units(amount: Decimal, unit: Decimal) -> int | None:
    """A rounded amount as a count of ``unit`` (None: not a finite number)."""
    if not amount.is_finite():
        return None
    return int(amount.scaleb(-unit.as_tuple().exponent))
