"""A bill's totals for every row of a block at once, in integer minor units.

What ``batch._assemble`` computes from one account's lines with the money rules (VAT per rate
on the rounded nets, rounded half-up once per rate; totals; the Swiss payable rounding) is
computed here from the lines' amounts as int64 counts of the currency's minor unit, for all
accounts of a block whose lines all come from it (a single tariff segment). Decimals are made
only of the results, with the exponent the Decimal rules give. A block where something does
not fit the integer path (an amount without its integer, two spellings of one VAT rate) gets
None, and its accounts are totalled from their lines as before. Feed-in credits are grouped
apart from the supply, per rate, as ``money.vat_per_rate`` groups them.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from billdesk.domain.bill import VatAmount
from billdesk.engine.money import ZERO
from billdesk.engine.records import maker

_vat_amount = maker(VatAmount)
_SAFE = 2 ** 62


def _half_up_div(v: np.ndarray, d: int) -> np.ndarray:
    """v / d rounded half-up (ties away from zero), for int64 v and a positive int d."""
    return np.sign(v) * ((np.abs(v) + d // 2) // d)


def block_totals(slots, kept: list[np.ndarray], unit: Decimal, payable: bool
                 ) -> list[tuple | None] | None:
    """Per row: (BlockVat, net_total, vat_total, total, rounding) or None (a row without lines:
    left to the Decimal path); None for the whole block when it does not fit the integer
    path. ``slots``: the block's LineSlots; ``kept[s]``: bool [rows], row has slot s's line;
    ``payable``: round the total to 0.05 (CHF)."""
    by_rate: dict[tuple[bool, Decimal], list[int]] = {}
    for s, slot in enumerate(slots):
        if slot.nets is None or slot.rate is None:
            return None
        by_rate.setdefault((slot.credit, slot.rate), []).append(s)
    rows = len(kept[0]) if kept else 0
    rates, credits, nets, vats, present = [], [], [], [], []
    for key in sorted(by_rate, key=lambda k: k[::-1]):      # by rate, supply before credit
        members, rate = by_rate[key], key[1]
        credits.append(key[0])
        if len({repr(slots[s].rate) for s in members}) > 1:
            return None                          # "8.1" and "8.10": which one shows is per row
        net = np.zeros(rows, dtype=np.int64)
        has = np.zeros(rows, dtype=bool)
        for s in members:
            net += np.where(kept[s], slots[s].nets, 0)
            has |= kept[s]
        _sign, _digits, exp = slots[members[0]].rate.as_tuple()
        coef = int(rate.scaleb(-exp))
        up, down = 10 ** max(exp, 0), 100 * 10 ** max(-exp, 0)
        if int(np.abs(net).max(initial=0)) * abs(coef) * up >= _SAFE:
            return None
        rates.append(slots[members[0]].rate)
        nets.append(net)
        vats.append(_half_up_div(net * (coef * up), down))
        present.append(has)
    if not rates:
        return [None] * rows
    net_total = np.sum(np.where(present, nets, 0), axis=0)
    vat_total = np.sum(np.where(present, vats, 0), axis=0)
    total = net_total + vat_total
    if payable:
        rounded = _half_up_div(total, 5) * 5           # to 0.05 in cents
        rounding, total = rounded - total, rounded
    dec = {}

    def d(n: int) -> Decimal:                            # minor units -> Decimal, shared
        got = dec.get(n)
        if got is None:
            got = dec[n] = Decimal(n) * unit
        return got

    vat = BlockVat(rates, credits, [n.tolist() for n in nets], [v.tolist() for v in vats],
                   [p.tolist() for p in present], d)
    has = np.any(present, axis=0).tolist()
    nt = list(map(d, net_total.tolist()))
    vt = list(map(d, vat_total.tolist()))
    tt = list(map(d, total.tolist()))
    rt = list(map(d, rounding.tolist())) if payable else [ZERO] * rows
    return [(vat, nt[j], vt[j], tt[j], rt[j]) if has[j] else None for j in range(rows)]


class BlockVat:
    """The VAT entries of a block's bills, made per row when asked for (``vat(j)``: what
    ``money.vat_per_rate`` gives for row j's lines); a bill draft refers to its row."""

    __slots__ = ("rates", "credits", "nets", "vats", "present", "d")

    def __init__(self, rates, credits, nets, vats, present, d):
        self.rates, self.credits, self.nets, self.vats = rates, credits, nets, vats
        self.present, self.d = present, d

    def vat(self, j: int) -> tuple[VatAmount, ...]:
        d, nets, vats = self.d, self.nets, self.vats
        return tuple([_vat_amount(self.rates[k], d(nets[k][j]), d(vats[k][j]), self.credits[k])
                      for k in range(len(self.rates)) if self.present[k][j]])
