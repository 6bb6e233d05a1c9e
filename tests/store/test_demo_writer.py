import json

import numpy as np
import pytest
from sqlalchemy import func, select

from billdesk.cli import main
from billdesk.domain.errors import InputError
from billdesk.domain.period import Period, zone
from billdesk.store.demo_writer import write_demo
from billdesk.store.intervals import read_block
from billdesk.store.models import (Account, CommunityRow, IntervalChunk, MeteringPoint,
                                   PricePoint, Tariff)


def test_small_demo_on_both_databases(factory):
    rep = write_demo(factory, accounts=40, months=2, seed=3, end="2025-11")
    assert rep["accounts"] == 40 and rep["communities"] == 3 and rep["months"] == 2
    assert rep["period_start"].isoformat() == "2025-09-01"
    assert rep["period_end"].isoformat() == "2025-11-01"
    with factory() as s:
        n_acc = s.scalar(select(func.count()).select_from(Account))
        assert n_acc == 40
        assert s.scalar(select(func.count()).select_from(CommunityRow)) == 3
        assert s.scalar(select(func.count()).select_from(Tariff)) >= 5
        assert s.scalar(select(func.count()).select_from(PricePoint)) == (30 + 31) * 24 + 1
        months = s.scalars(select(IntervalChunk.month).distinct()).all()
        assert sorted(m.isoformat() for m in months) == ["2025-09-01", "2025-10-01"]
        ids = s.scalars(select(MeteringPoint.id)).all()
        a, b = Period.parse("2025-10").utc_bounds("Europe/Zurich")
        blk = read_block(s, ids, a, b, zone("Europe/Zurich"))
        assert blk.kwh.shape == (len(ids), 2980)
        assert (blk.kwh >= 0).all() and blk.kwh.sum() > 0
        counts = np.bincount(blk.flags.ravel(), minlength=4)
        assert counts[0] > 0.8 * counts.sum()
    with pytest.raises(InputError, match="already holds accounts"):
        write_demo(factory, accounts=40, months=1)


def test_demo_is_deterministic(tmp_path, capsys):
    sums = []
    for name in ("a", "b"):
        dbp = str(tmp_path / f"{name}.sqlite")
        assert main(["--db", dbp, "demo", "--accounts", "30", "--months", "1", "--seed", "5",
                     "--end", "2025-04", "--json"]) == 0
        rep = json.loads(capsys.readouterr().out)
        assert rep["period_start"] == "2025-03-01" and rep["period_end"] == "2025-04-01"
        from billdesk.store import db

        engine = db.make_engine(dbp)
        with db.session_factory(engine)() as s:
            rows = s.execute(select(MeteringPoint.code, IntervalChunk.kwh, IntervalChunk.flags)
                             .join(IntervalChunk).order_by(MeteringPoint.code,
                                                           IntervalChunk.version)).all()
        engine.dispose()
        sums.append(rows)
    assert sums[0] == sums[1] and len(sums[0]) > 30


def test_demo_rejects_bad_options(tmp_path, capsys):
    dbp = str(tmp_path / "x.sqlite")
    assert main(["--db", dbp, "demo", "--accounts", "0"]) == 2
    assert "--accounts" in capsys.readouterr().err
    assert main(["--db", dbp, "demo", "--end", "2025-13"]) == 2
