"""0003: metering points by code, direction and channel, on a database with data."""

from datetime import date, datetime, timezone

import numpy as np
import pytest
from alembic import command
from sqlalchemy import insert, select, text

from billdesk.store import db
from billdesk.store.intervals import ChunkWriter, read_block, to_units
from billdesk.store.models import MeteringPoint
from billdesk.domain.period import Period, zone


def test_upgrade_keeps_data_and_downgrade_refuses_what_it_cannot_hold(db_url):
    engine = db.make_engine(db_url)
    cfg = db.alembic_config(engine)
    command.upgrade(cfg, "0001")
    month = Period.parse("2025-01")
    a, _b = month.utc_bounds("Europe/Zurich")
    n = month.n_intervals("Europe/Zurich")
    with engine.begin() as c:
        c.execute(text("INSERT INTO metering_points (code, kind) VALUES ('MP1', "
                       "'consumption')"))
        pid = c.execute(text("SELECT id FROM metering_points")).scalar()
        c.execute(text("INSERT INTO imports (kind, file_name, sha256, rows, changed, actor, "
                       "at) VALUES ('readings', 'old.csv', '', 1, 1, 't', :at)"),
                  {"at": datetime(2025, 2, 1) if engine.dialect.name == "sqlite"
                   else datetime(2025, 2, 1, tzinfo=timezone.utc)})
        units = np.full(n, 1000, dtype="<i4")
        c.execute(text("INSERT INTO interval_chunks (metering_point_id, month, start_utc, "
                       "n_intervals, version, is_current, received_at, import_id, kwh, flags) "
                       "VALUES (:p, :m, :s, :n, 1, :t, :r, NULL, :k, :f)"),
                  {"p": pid, "m": date(2025, 1, 1), "n": n, "t": True, "k": units.tobytes(),
                   "f": bytes(n),
                   "s": a.replace(tzinfo=None) if engine.dialect.name == "sqlite" else a,
                   "r": datetime(2025, 2, 1) if engine.dialect.name == "sqlite"
                   else datetime(2025, 2, 1, tzinfo=timezone.utc)})
    db.prepare(engine)
    f = db.session_factory(engine)
    tz = zone("Europe/Zurich")
    with f() as s:
        mp = s.get(MeteringPoint, pid)
        assert (mp.code, mp.kind, mp.channel) == ("MP1", "consumption", "total")
        assert read_block(s, [pid], a, month.utc_bounds(tz)[1], tz).kwh.sum() == pytest.approx(0.1 * n)
    # a correction created before the old chunk was received does not overwrite it
    with db.transaction(f) as s:
        w = ChunkWriter(s, tz)
        w.add(pid, a, to_units(np.full(4, 9.0)), np.zeros(4, np.uint8),
              created=datetime(2025, 1, 20, tzinfo=timezone.utc), source="x")
        assert w.flush()["unchanged"] == 1 and w.source_stats["x"]["stale"] == 4
    # the same code in the other direction is now a second point
    with db.transaction(f) as s:
        s.execute(insert(MeteringPoint), [{"code": "MP1", "kind": "production"}])
    with pytest.raises(RuntimeError, match="cannot downgrade"):
        command.downgrade(cfg, "0001")
    with db.transaction(f) as s:
        s.execute(text("DELETE FROM metering_points WHERE kind = 'production'"))
    command.downgrade(cfg, "0001")
    with engine.connect() as c:
        assert c.execute(text("SELECT code FROM metering_points")).scalars().all() == ["MP1"]
        assert c.execute(text("SELECT count(*) FROM interval_chunks")).scalar() == 1
    command.upgrade(cfg, "head")
    with f() as s:
        assert s.scalar(select(MeteringPoint.channel)) == "total"
    engine.dispose()
