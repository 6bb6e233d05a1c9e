"""Bills whose lines stay in the engine's columns (billdesk.domain.line_table) until read:
equal to the bills made of BillLine objects, the same after pickling and copying, and the
columns' texts those of the Decimals."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

from billdesk.domain.bill import lines_source
from billdesk.domain.line_table import LineColumn, fixed_text
from billdesk.domain.quality import Thresholds
from billdesk.engine import bill_batch
from billdesk.engine import lines as engine_lines
from tests.engine.test_batch import _mixed_batch


def _objects(monkeypatch):
    real = engine_lines.priced_columns

    def priced_columns(*a):                  # "an amount does not fit": BillLine objects
        milli, nets, _fits, zero, exact = real(*a)
        return milli, nets, False, zero, exact

    monkeypatch.setattr(engine_lines, "priced_columns", priced_columns)


def test_column_bills_equal_bill_line_bills(monkeypatch):
    batch = _mixed_batch(seed=7, n_acc=120)
    cols = bill_batch(batch, Thresholds(max_missing=6))
    lazy = [o.bill for o in cols if o.bill is not None and lines_source(o.bill)]
    assert len(lazy) > 60                      # most bills: lines in columns, not yet made
    with monkeypatch.context() as m:
        _objects(m)
        objs = bill_batch(batch, Thresholds(max_missing=6))
    srcs = [lines_source(o.bill) for o in objs if o.bill is not None]
    assert not any(type(e) is LineColumn for s in srcs if s for e, _keep in s[0].entries)
    assert [o.bill for o in cols] == [o.bill for o in objs]      # makes the lines
    assert [repr(o) for o in cols] == [repr(o) for o in objs]
    assert all(lines_source(b) is None for b in lazy)             # made once, kept


def test_column_bills_pickle_and_copy_with_their_lines():
    out = bill_batch(_mixed_batch(seed=3, n_acc=40), Thresholds(max_missing=6))
    bills = [o.bill for o in out if o.bill is not None and lines_source(o.bill)]
    assert bills
    data = pickle.dumps(bills)
    assert b"BlockLines" not in data and b"BlockVat" not in data  # the lines, not the block
    again = pickle.loads(data)
    assert all(lines_source(b) is None for b in again)
    assert again == bills and [b.vat for b in again] == [b.vat for b in bills]
    fresh = bill_batch(_mixed_batch(seed=3, n_acc=40), Thresholds(max_missing=6))
    b = next(o.bill for o in fresh if o.bill is not None and lines_source(o.bill))
    assert copy.deepcopy(b) == b and dataclasses.replace(b).lines == b.lines


def test_column_texts_are_the_decimals_text():
    for e in (0, 2, 3):
        v = [0, 1, -1, 9, -10, 999, -1000, 123456789, -987654321]
        assert fixed_text(v, e) == [format(Decimal(x).scaleb(-e), "f") for x in v]
    col = LineColumn("energy", "Energy", "kWh", Decimal("0.25"), Decimal("8.1"), None, None,
                     None, [1500, 0, 2001], [38, 0, 50], -2, [True, False, True],
                     {2: (Decimal("2.001"), Decimal("0.51"))})
    qty, net = col.texts()
    assert (qty[0], net[0], qty[2], net[2]) == ("1.500", "0.38", "2.001", "0.51")
    assert col.lines()[1] is None and col.line(2).net_amount == Decimal("0.51")
    assert col.line(0).quantity == Decimal("1.500") and str(col.line(0).net_amount) == "0.38"
