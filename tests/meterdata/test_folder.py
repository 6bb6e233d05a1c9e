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


def test_parsing_on_worker_processes_gives_the_same_report(mdb, tmp_path, monkeypatch):
    from billdesk.store.meterdata import batch
    from tests.meterdata.builders import eda, mscons

    folder = tmp_path / "pool"
    folder.mkdir()
    for d in range(1, 21):
        a, _ = local_day(date(2025, 1, d))
        (folder / f"s{d:02d}.xml").write_text(sdat("CH2", a, [f"0.{d:02d}"] * 96))
    a, _ = local_day(date(2025, 1, 21))
    (folder / "e.xml").write_text(eda("AT1", a, {"1-1:1.9.0 G.01": [0.1] * 96}))
    (folder / "m.edi").write_text(mscons("DE1", a, [0.1] * 96, unt_delta=2))   # refused
    monkeypatch.setattr(batch, "POOL_BYTES", 0)
    pooled = run(mdb, folder, processes=2, validate_only=True).as_dict()
    single = run(mdb, folder, processes=1, validate_only=True).as_dict()
    for d in (pooled, single):
        for f in d["files"]:
            f.pop("created", None)
    assert pooled["files"] == single["files"]
    assert pooled["imported"] == 21 and pooled["refused"] == 1
