"""A folder as an operator fills it: 1,500 daily SDAT files (50 points x 30 days)."""

import time
from datetime import date, timedelta

import numpy as np
from sqlalchemy import func, insert, select

from billdesk.store import db
from billdesk.store.intervals import read_block
from billdesk.store.models import IntervalChunk, MeteringPoint
from tests.meterdata.builders import ZRH, local_day, sdat
from tests.meterdata.conftest import run


def test_a_folder_of_1500_daily_files(factory, tmp_path):
    points = [f"CH10000000000000000000000000{p:05d}" for p in range(50)]
    with db.transaction(factory) as s:
        s.execute(insert(MeteringPoint), [{"code": c, "kind": "consumption"} for c in points])
    folder = tmp_path / "delivery"
    start = date(2025, 10, 1)
    for d in range(30):
        day = start + timedelta(days=d)
        a, b = local_day(day)
        n = int((b - a).total_seconds() // 900)
        sub = folder / f"{day:%Y%m%d}"
        sub.mkdir(parents=True)
        for p, code in enumerate(points):
            vals = [f"{(p + d + i) % 50 / 100:.2f}" for i in range(n)]
            (sub / f"{day:%Y%m%d}_E66_{p}.xml").write_text(
                sdat(code, a, vals, created=f"{day + timedelta(days=1)}T06:00:00Z",
                     indent=False))
    t = time.perf_counter()
    rep = run(factory, folder)
    secs = time.perf_counter() - t
    assert len(rep.files) == 1500 and rep.count("imported") == 1500, rep.as_dict()["refused"]
    assert rep.values == 50 * (29 * 96 + 100)    # 26 October has 100 quarter hours
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(IntervalChunk)) == 50   # one month,
        assert s.scalar(select(func.max(IntervalChunk.version))) == 1            # one version
        pid = s.scalar(select(MeteringPoint.id).where(MeteringPoint.code == points[7]))
        a, _ = local_day(date(2025, 10, 3))
        got = read_block(s, [pid], a, a + timedelta(days=1), ZRH).kwh[0]
    np.testing.assert_allclose(got, [(7 + 2 + i) % 50 / 100 for i in range(96)])
    print(f"1,500 files in {secs:.1f} s")
    # the same folder again: nothing changes, nothing written
    rep = run(factory, folder)
    assert rep.count("unchanged") == 1500
