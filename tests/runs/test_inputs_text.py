"""The inputs record made from an int64 array row (the run path) is the record
``inputs_text`` makes from a list of ints, character for character."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import numpy as np
import pytest

from billdesk.runs.snapshot import inputs_text, inputs_text_milli

ROWS = [
    SimpleNamespace(consumption_point_id=7, production_point_id=None,
                    supply_start=date(2024, 1, 1), supply_end=None),
    SimpleNamespace(consumption_point_id=8, production_point_id=12,
                    supply_start=date(2023, 5, 17), supply_end=date(2025, 3, 20)),
]
SPECS = [SimpleNamespace(data_token="c=2025-03:1", vat_registered=False),
         SimpleNamespace(data_token="c=2025-03:4;p=2025-03:2", vat_registered=True)]


@pytest.mark.parametrize("days", [
    [], [0], [7027, 7208, 0, 6689], [-5, 0, 2 ** 62, -(2 ** 63), 999_999_999_999],
    list(range(31)), list(range(-15, 15)),
])
@pytest.mark.parametrize("k", [0, 1])
@pytest.mark.parametrize("comms", [[], ["a" * 64], ["b" * 64, "c" * 64]])
@pytest.mark.parametrize("paid", [False, True])
def test_array_row_gives_the_same_text(days, k, comms, paid):
    arr = np.array([days, days], dtype=np.int64).reshape(2, len(days))
    ctx = None if k else "e" * 64
    want = inputs_text(ROWS[k], SPECS[k], ctx, comms, days, paid)
    got = inputs_text_milli(ROWS[k], SPECS[k], ctx, comms, arr[1], paid)
    assert got == want
    rec = json.loads(got)
    assert rec["daily"] == days and rec["communities"] == comms


def test_no_daily_is_null():
    assert json.loads(inputs_text(ROWS[0], SPECS[0], None, [], None))["daily"] is None
