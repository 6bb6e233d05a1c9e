"""A block's bill lines in columns: what the engine hands to the writer instead of a BillLine
(and its Decimals) per line.

The engine bills a block of accounts (rows) at once; each kind of line of the block (a
component's line for one month or time-of-use period) is one ``LineColumn``: what every row's
line has in common (component, label, unit, unit price, VAT rate, dates, detail) once, and per
row the quantity as an integer count of thousandths and the net amount as an integer count of
the currency's minor unit. Rows decided in Decimal by the money rules (``exact``) and rows
with their own VAT rate (``vat``) are kept apart. ``BlockLines`` is the block's columns (or
plain lists of BillLines, for the kinds of lines that differ per row in more than amounts) in
the order a bill shows them, with which rows have each line.

A bill draft refers to its row of a BlockLines and makes its BillLine objects only when
something asks for them (``BillDraft.lines``: corrections, the GUI, PDF, tests); the writer
(billdesk.runs.writer) makes the database's parameter rows straight from the columns, with
the texts ``fixed_text`` gives: ``format(Decimal, "f")`` of the same values, digit for digit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Sequence

import numpy as np

from billdesk.domain.bill import BillLine

_MILLI = Decimal("0.001")


def fixed_text(values: Sequence[int] | np.ndarray, decimals: int) -> list[str]:
    """``format(Decimal(v).scaleb(-decimals), "f")`` of each integer, e.g. 1234 -> '12.34'
    for 2 decimals (never '-0.00': 0 is a positive integer)."""
    a = np.asarray(values, dtype=np.int64)
    if decimals == 0:
        return list(map(str, a.tolist()))
    ip, fp = np.divmod(np.abs(a), 10 ** decimals)
    out = list(map(f"%d.%0{decimals}d".__mod__, zip(ip.tolist(), fp.tolist())))
    for j in np.flatnonzero(a < 0).tolist():
        out[j] = "-" + out[j]
    return out


class LineColumn:
    """One line per row of a block (where ``present``), in columns."""

    __slots__ = ("component", "label", "unit", "vat_rate", "period_start", "period_end",
                 "detail", "unit_price", "milli", "minor", "unit_exp", "exact", "vat",
                 "present", "_texts")

    def __init__(self, component: str, label: str, unit: str, unit_price: Decimal,
                 vat_rate: Decimal, period_start: date | None, period_end: date | None,
                 detail: str | None, milli: list[int], minor: list[int], unit_exp: int,
                 present: list[bool], exact: dict[int, tuple[Decimal, Decimal]] | None = None):
        self.component, self.label, self.unit = component, label, unit
        self.unit_price, self.vat_rate = unit_price, vat_rate
        self.period_start, self.period_end, self.detail = period_start, period_end, detail
        self.milli = milli              # quantity in thousandths, per row
        self.minor = minor              # net amount in minor units (10 ** unit_exp), per row
        self.unit_exp = unit_exp        # the currency's minor unit exponent (-2 for CHF)
        self.present = present          # per row: the row has this line
        self.exact = exact or {}        # row -> (quantity, net) as the Decimal rules gave them
        self.vat: list[Decimal] | None = None   # per row VAT rate, when not every row's is one
        self._texts: tuple[list[str], list[str]] | None = None

    def quantity(self, j: int) -> Decimal:
        got = self.exact.get(j)
        return got[0] if got is not None else self.milli[j] * _MILLI

    def net(self, j: int) -> Decimal:
        got = self.exact.get(j)
        return got[1] if got is not None else Decimal(self.minor[j]).scaleb(self.unit_exp)

    def line(self, j: int) -> BillLine:
        return BillLine(self.component, self.label, self.quantity(j), self.unit,
                        self.unit_price, self.net(j),
                        self.vat_rate if self.vat is None else self.vat[j],
                        self.period_start, self.period_end, self.detail)

    def lines(self) -> list[BillLine | None]:
        return [self.line(j) if p else None for j, p in enumerate(self.present)]

    def texts(self) -> tuple[list[str], list[str]]:
        """Per row the quantity's and the net amount's canonical decimal text."""
        if self._texts is None:
            present = self.present
            if all(present):
                qty = fixed_text(self.milli, 3)
                net = fixed_text(self.minor, -self.unit_exp)
            else:                          # the rows that have the line only
                rows = [j for j, p in enumerate(present) if p]
                qty, net = [None] * len(present), [None] * len(present)
                for j, q, n in zip(rows, fixed_text([self.milli[j] for j in rows], 3),
                                   fixed_text([self.minor[j] for j in rows], -self.unit_exp)):
                    qty[j], net[j] = q, n
            for j, (q, n) in self.exact.items():
                qty[j], net[j] = format(q, "f"), format(n, "f")
            self._texts = (qty, net)
        return self._texts


class BlockLines:
    """A block's lines in the order a bill shows them: ``entries`` of (a LineColumn or a list
    of BillLine | None per row, per row whether the row's bill has that line)."""

    __slots__ = ("entries",)

    def __init__(self, entries: list[tuple[LineColumn | list, list[bool]]]):
        self.entries = entries

    def lines(self, j: int) -> tuple[BillLine, ...]:
        out = []
        for src, keep in self.entries:
            if keep[j]:
                out.append(src.line(j) if isinstance(src, LineColumn) else src[j])
        return tuple(out)

    def count(self, j: int) -> int:
        return sum(1 for _src, keep in self.entries if keep[j])
