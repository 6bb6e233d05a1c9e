"""Money rules: rounding of quantities and amounts, VAT per rate, totals (Decimal only)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from billdesk.domain.bill import BillLine, VatAmount

Q_KWH = Decimal("0.001")        # quantities (kWh, kW) to 3 decimals
Q_AVG_PRICE = Decimal("0.00001")  # average unit price shown on dynamic lines
FIVE_CENTS = Decimal("0.05")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

# ISO 4217 minor units that differ from 2
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "XOF": 0, "XAF": 0,
                "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3, "IQD": 3, "LYD": 3}


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
    return tuple(VatAmount(rate, net, round_money(net * rate / HUNDRED, unit), credit)
                 for (credit, rate), net in sorted(nets.items(), key=lambda kv: kv[0][::-1]))


def payable_rounding(total: Decimal) -> Decimal:
    """The amount that rounds ``total`` half-up to 0.05 (Swiss cash rounding)."""
    rounded = (total / FIVE_CENTS).quantize(Decimal(1), ROUND_HALF_UP) * FIVE_CENTS
    return rounded - total
