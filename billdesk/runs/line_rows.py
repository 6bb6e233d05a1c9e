"""The parameter rows of a batch's bill lines for the driver (billdesk.store.bulk.insert with
``converted=True``), made straight from the engine's columns (billdesk.domain.line_table) or
from BillLine objects where a bill has them (credit notes, producers' documents, the lines of
accounts split by a tariff change).

The values are those the columns' SQLAlchemy types bind: amounts and quantities as their
canonical decimal text (``format(Decimal, "f")``: what ``Dec`` stores on SQLite; PostgreSQL's
COPY parses the same text into the same NUMERIC), dates as the dialect's date converter gives
them. A column's texts are made once, for all rows of its block (``LineColumn.texts``).
"""

from __future__ import annotations

from decimal import Decimal

from billdesk.domain.bill import BillLine
from billdesk.domain.line_table import BlockLines, LineColumn


def _dec(v) -> str | None:
    if type(v) is Decimal:
        return format(v, "f")
    if v is None:
        return None
    return format(v if isinstance(v, Decimal) else Decimal(str(v)), "f")  # as Dec binds it


class LineRows:
    """Collects ``rows``: (bill_id, position, component, label, quantity, unit, unit_price,
    net_amount, vat_rate, period_start, period_end, detail) as the driver takes them.
    ``date``: the period columns' converter (billdesk.store.bulk.converters; None: as is)."""

    def __init__(self, date):
        self.rows: list[tuple] = []
        self._date = date
        self._dates: dict = {None: None}
        self._blocks: dict[int, list] = {}     # id(BlockLines) -> its entries, prepared
        self._tails: dict[int, tuple] = {}     # id(BillLine) -> its values (lines are shared)
        self._keep: list = []                  # what the ids above are ids of, while here

    def _day(self, d):
        got = self._dates.get(d, self)
        if got is self:
            got = self._dates[d] = d if self._date is None else self._date(d)
        return got

    def _tail(self, ln: BillLine) -> tuple:
        got = self._tails.get(id(ln))
        if got is None:
            got = self._tails[id(ln)] = (
                ln.component, ln.label, _dec(ln.quantity), ln.unit, _dec(ln.unit_price),
                _dec(ln.net_amount), _dec(ln.vat_rate), self._day(ln.period_start),
                self._day(ln.period_end), ln.detail)
            self._keep.append(ln)
        return got

    def of_lines(self, bid: int, lines) -> None:
        self.rows.extend((bid, pos, *self._tail(ln)) for pos, ln in enumerate(lines))

    def _entries(self, block: BlockLines) -> list[tuple]:
        """Per entry of ``block``: (which rows have it, the list of lines or None, and for a
        column its rows' common values, its per-row quantity and net texts, VAT rates)."""
        got = self._blocks.get(id(block))
        if got is None:
            got = []
            for src, keep in block.entries:
                if type(src) is LineColumn:
                    qty, net = src.texts()
                    common = (src.component, src.label, src.unit, _dec(src.unit_price),
                              _dec(src.vat_rate), self._day(src.period_start),
                              self._day(src.period_end), src.detail)
                    vat = None if src.vat is None else [_dec(v) for v in src.vat]
                    got.append((keep, None, common, qty, net, vat))
                else:
                    got.append((keep, src, None, None, None, None))
            self._blocks[id(block)] = got
            self._keep.append(block)
        return got

    def of_block(self, bid: int, block: BlockLines, j: int) -> None:
        """The lines of row ``j`` of ``block`` as bill ``bid``'s."""
        append = self.rows.append
        pos = 0
        for keep, lines, common, qty, net, vat in self._entries(block):
            if not keep[j]:
                continue
            if lines is None:
                comp, label, unit, price, v, start, end, detail = common
                append((bid, pos, comp, label, qty[j], unit, price, net[j],
                        v if vat is None else vat[j], start, end, detail))
            else:
                append((bid, pos, *self._tail(lines[j])))
            pos += 1
