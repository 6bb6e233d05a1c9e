"""A database with tariffs and accounts whose points the meter-data fixtures name."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from billdesk.store import db
from billdesk.store.importers import IMPORTERS
from billdesk.store.meterdata import import_paths
from billdesk.store.models import AuditEntry, ImportRecord, IntervalChunk, MeteringPoint

DATA = Path(__file__).parent.parent / "data"
ACCOUNTS = ("account,name,street,postcode,city,country,language,email,tariff,supply_start,"
            "consumption_point,production_point\n"
            "A1,Anna,Weg 1,8000,Zürich,CH,de,,H-FLAT,2024-01-01,CH1,CH1\n"   # bidirectional
            "A2,Beat,Weg 2,8000,Zürich,CH,de,,H-FLAT,2024-01-01,AT1,AT1P\n"
            "A3,Carla,Weg 3,8000,Zürich,CH,de,,H-FLAT,2024-01-01,DE1,\n"
            "A4,Dora,Weg 4,8000,Zürich,CH,de,,H-FLAT,2024-01-01,PT1,\n"
            "A5,Emil,Weg 5,8000,Zürich,CH,de,,H-FLAT,2024-01-01,CH2,\n")


@pytest.fixture
def mdb(factory, tmp_path):
    """(factory, tmp_path) with tariffs and five accounts (CH1 is bidirectional)."""
    acc = tmp_path / "accounts.csv"
    acc.write_text(ACCOUNTS, encoding="utf-8")
    with db.transaction(factory) as s:
        IMPORTERS["tariffs"](s, DATA / "tariffs.json")
    with db.transaction(factory) as s:
        IMPORTERS["accounts"](s, acc)
    return factory


def run(factory, *paths, **kw):
    return import_paths(factory, [str(p) for p in paths], **kw)


def state(factory) -> dict:
    """Everything an import may change, to compare before and after."""
    with factory() as s:
        chunks = s.execute(select(IntervalChunk.metering_point_id, IntervalChunk.month,
                                  IntervalChunk.version, IntervalChunk.is_current,
                                  IntervalChunk.kwh, IntervalChunk.flags,
                                  IntervalChunk.doc_times)
                           .order_by(IntervalChunk.id)).all()
        return {"chunks": [tuple(c) for c in chunks],
                "points": s.scalar(select(func.count()).select_from(MeteringPoint)),
                "imports": s.scalar(select(func.count()).select_from(ImportRecord)),
                "audit": s.scalar(select(func.count()).select_from(AuditEntry))}


def point_id(factory, code, kind="consumption", channel="total"):
    with factory() as s:
        return s.scalar(select(MeteringPoint.id).where(MeteringPoint.code == code,
                                                       MeteringPoint.kind == kind,
                                                       MeteringPoint.channel == channel))


def versions(factory, pid) -> list[tuple]:
    with factory() as s:
        return [tuple(r) for r in s.execute(
            select(IntervalChunk.month, IntervalChunk.version, IntervalChunk.is_current)
            .where(IntervalChunk.metering_point_id == pid).order_by(IntervalChunk.id))]


@pytest.fixture
def inbox(tmp_path):
    """An empty folder for the files under test (the database lives beside it)."""
    p = tmp_path / "inbox"
    p.mkdir()
    return p
