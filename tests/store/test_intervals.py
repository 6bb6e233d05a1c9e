from datetime import date, datetime, timezone

import numpy as np
import pytest

from billdesk.domain.period import Period, zone
from billdesk.domain.quality import Quality
from billdesk.store import settings
from billdesk.store.intervals import ChunkWriter, chunk_history, month_slot, read_block, to_units
from billdesk.store.models import MeteringPoint

ZRH = zone("Europe/Zurich")


def _points(s, n):
    mps = [MeteringPoint(code=f"MP{i}", kind="consumption") for i in range(n)]
    s.add_all(mps)
    s.flush()
    return [m.id for m in mps]


@pytest.mark.parametrize("month,n", [(date(2025, 3, 1), 2972), (date(2025, 10, 1), 2980),
                                     (date(2024, 2, 1), 2784), (date(2025, 1, 1), 2976)])
def test_month_slots_follow_dst(month, n):
    slot = month_slot(month, ZRH)
    assert slot.n == n
    assert slot.start_utc.astimezone(ZRH).hour == 0


def test_round_trip_across_dst_and_month_end(factory):
    period = Period(date(2025, 3, 15), date(2025, 4, 3))  # spring-forward day inside, two months
    a, b = period.utc_bounds(ZRH)
    n = period.n_intervals(ZRH)
    assert n == 19 * 96 - 4
    rng = np.random.default_rng(1)
    kwh = np.round(rng.random((3, n)), 4)
    flags = rng.integers(0, 3, (3, n)).astype(np.uint8)
    with factory.begin() as s:
        ids = _points(s, 3)
        w = ChunkWriter(s, ZRH)
        for i, pid in enumerate(ids):
            w.add(pid, a, to_units(kwh[i]), flags[i])
        assert w.flush()["new"] == 6
    with factory() as s:
        block = read_block(s, ids, a, b, ZRH)
        assert block.kwh.shape == (3, n)
        np.testing.assert_array_equal(block.kwh, kwh)
        np.testing.assert_array_equal(block.flags, flags)
        # a wider window: the rest is missing
        wide = Period(date(2025, 3, 1), date(2025, 5, 1))
        wa, wb = wide.utc_bounds(ZRH)
        block = read_block(s, ids[:1], wa, wb, ZRH)
        off = int((a - wa).total_seconds() // 900)
        assert (block.flags[0, :off] == Quality.MISSING).all()
        np.testing.assert_array_equal(block.kwh[0, off:off + n], kwh[0])
        assert block.tokens[0] == "2025-03:1,2025-04:1"


def test_correction_adds_version_and_keeps_old(factory):
    month = Period.parse("2025-10")  # fall-back month: 2980 intervals
    a, b = month.utc_bounds(ZRH)
    n = month.n_intervals(ZRH)
    with factory.begin() as s:
        (pid,) = _points(s, 1)
        w = ChunkWriter(s, ZRH)
        w.add(pid, a, to_units(np.full(n, 0.25)), np.zeros(n, np.uint8))
        w.flush()
    with factory.begin() as s:
        # the same data again changes nothing
        w = ChunkWriter(s, ZRH)
        w.add(pid, a, to_units(np.full(n, 0.25)), np.zeros(n, np.uint8))
        assert w.flush() == {"new": 0, "versions": 0, "unchanged": 1}
        # a correction of ten intervals on the 100-interval day
        w = ChunkWriter(s, ZRH)
        t = datetime(2025, 10, 26, 0, 45, tzinfo=timezone.utc)
        w.add(pid, t, to_units(np.full(10, 0.5)), np.full(10, Quality.SUBSTITUTED, np.uint8))
        assert w.flush()["versions"] == 1
    with factory() as s:
        hist = chunk_history(s, pid, date(2025, 10, 1))
        assert [c.version for c in hist] == [1, 2]
        assert [c.is_current for c in hist] == [False, True]
        block = read_block(s, [pid], a, b, ZRH)
        i = int((t - a).total_seconds() // 900)
        assert block.kwh[0, i:i + 10].tolist() == [0.5] * 10
        assert block.kwh[0].sum() == pytest.approx(0.25 * (n - 10) + 5.0)
        assert (block.flags[0, i:i + 10] == Quality.SUBSTITUTED).all()
        assert block.tokens == ["2025-10:2"]


def test_timezone_setting_defaults_to_zurich(factory):
    with factory() as s:
        assert settings.timezone_name(s) == "Europe/Zurich"


def test_utc_utility(tmp_path):
    from billdesk.store import db

    engine = db.make_engine(tmp_path / "u.sqlite")
    assert db.prepare(engine, "UTC") == "UTC"
    f = db.session_factory(engine)
    month = Period.parse("2025-03")
    a, b = month.utc_bounds("UTC")
    assert month.n_intervals("UTC") == 31 * 96
    with f.begin() as s:
        (pid,) = _points(s, 1)
        w = ChunkWriter(s, zone("UTC"))
        w.add(pid, a, to_units(np.ones(31 * 96)), np.zeros(31 * 96, np.uint8))
        w.flush()
    with f() as s:
        assert read_block(s, [pid], a, b, zone("UTC")).kwh.sum() == 31 * 96
    with pytest.raises(ValueError):
        db.prepare(engine, "Europe/Zurich")
