"""The engine's work on helper threads gives what the billing thread alone gives: the
time-of-use sums, the fingerprints of rows hashed ahead, a block whose measuring fails."""

from datetime import date

import numpy as np

from billdesk.domain.period import Period
from billdesk.domain.quality import Thresholds
from billdesk.engine import AccountSpec, BatchInput, bill_batch
from billdesk.engine import batch as engine_batch
from billdesk.engine.fingerprint import BatchFingerprints
from billdesk.engine.quantities import period_sums
from billdesk.engine.schedule import tou_columns, tou_index
from billdesk.engine.timegrid import time_grid
from conftest import HIGH_LOW, flat, tariff

P = Period.parse("2025-03")
TZ = "Europe/Zurich"


def test_period_sums_are_the_sums_over_each_periods_intervals():
    g = time_grid(P, TZ)
    sched = tariff([{"type": "energy", "pricing": "tou", "prices": {"high": "0.3",
                                                                     "low": "0.2"},
                     "vat_rate": "8.1"}], schedule=HIGH_LOW).schedule
    idx = tou_index(sched, g, "CH", None)
    rng = np.random.default_rng(5)
    kwh = rng.integers(0, 900, (7, g.n - 200)) / 1000
    cols = tou_columns(sched, g, "CH", None, 100, g.n - 100)
    got = period_sums(kwh, cols)
    part = idx[100:g.n - 100]
    for k in range(len(sched.period_names)):
        want = np.array([sum(row[part == k].tolist()) for row in kwh])
        assert np.allclose(got[:, k], want, rtol=0, atol=1e-9)
    assert np.allclose(got.sum(axis=1), kwh.sum(axis=1), rtol=0, atol=1e-9)
    assert sum(len(c) for c in cols) == kwh.shape[1]


def _batch():
    n = P.n_intervals(TZ)
    rng = np.random.default_rng(9)
    cons = rng.integers(0, 500, (6, n)) / 1000
    export = np.zeros((6, n))
    export[1] = rng.integers(0, 300, n) / 1000
    export[2, 5] = -0.0                    # normalised by the digest
    export[2, 6] = 0.4
    export[3, 7] = np.nan                  # an unknown export value: that account fails
    v = tariff([flat("base_fee", "9.5", "8.1"), flat("energy", "0.27", "8.1"),
                flat("feed_in", "0.08", "0")])
    accounts = [AccountSpec(f"A{k}", [v], date(2025, 3, 10) if k == 4 else date(2020, 1, 1),
                            None, data_token=str(k)) for k in range(6)]
    return BatchInput(P, TZ, accounts, cons, np.zeros((6, n), np.uint8), export)


def test_rows_hashed_ahead_give_the_same_fingerprints():
    b = _batch()
    g = time_grid(P, TZ)
    has_export = np.asarray(b.export).any(axis=1)
    no_local = np.zeros(6, bool)
    spans = [(i, 0 if i != 4 else int(g.day_first[9]), g.n) for i in range(6)]
    out = bill_batch(b, Thresholds())
    alone = BatchFingerprints(b, g, None, b.export, no_local, has_export)
    ahead = BatchFingerprints(b, g, None, b.export, no_local, has_export)
    ahead.hash_rows(spans)
    ahead.wait()
    assert len(ahead.digests) == int(has_export.sum())
    for i, i0, i1 in spans:
        assert alone._row("export", i, i0, i1) == ahead._row("export", i, i0, i1)
    assert [o.error_code for o in out].count("ALLOCATION_ERROR") == 1
    assert len({o.fingerprint for o in out}) == 6


def test_a_block_whose_measuring_fails_fails_alone(monkeypatch):
    b = _batch()
    b.export = None
    good = bill_batch(b, Thresholds())
    real = engine_batch._measure
    calls = []

    def measure(batch, data, seg, chunk, *a):
        calls.append(len(chunk))
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(batch, data, seg, chunk, *a)

    monkeypatch.setattr(engine_batch, "_measure", measure)
    monkeypatch.setattr(engine_batch, "CHUNK_ROWS", 2)
    out = bill_batch(b, Thresholds())
    failed = [o for o in out if o.error_code == "INTERNAL"]
    assert [o.message for o in failed] == ["RuntimeError: boom"] * calls[0]
    for o, g in zip(out, good):
        if o.error_code is None:
            assert o.bill == g.bill and o.fingerprint == g.fingerprint
    assert sum(o.bill is not None for o in out) == len(out) - calls[0]
