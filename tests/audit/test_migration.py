"""Migration 0005 on a database with issued bills: down to the revision before keeps every
bill and line, up again freezes and chains them from their data, and verify holds."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

import pytest

from billdesk.audit.verify import verify
from billdesk.runs.export import export_pdfs
from billdesk.store import db

from .conftest import issue


def test_upgrade_freezes_and_chains_bills_issued_before(db_url, tmp_path):
    engine = db.make_engine(db_url)
    db.prepare(engine)
    factory = db.session_factory(engine)
    try:
        run_id = issue(factory, 3)
        command.downgrade(db.alembic_config(engine), db.revision_before("0005"))
        assert "content" not in {c["name"] for c in inspect(engine).get_columns("bills")}
        with factory() as s:
            assert s.execute(text("SELECT count(*) FROM bills WHERE number IS NOT NULL")
                             ).scalar() == 3
            assert s.execute(text("SELECT count(*) FROM bill_lines")).scalar() >= 9
            assert s.execute(text("SELECT count(*) FROM bills WHERE record_hash IS NOT NULL")
                             ).scalar() == 0
        with pytest.raises(DatabaseError, match="immutable"):    # 0001's protection is back
            with factory.begin() as s:
                s.execute(text("UPDATE bills SET total = 0"))
        db.upgrade(engine)
        with factory() as s:
            rows = s.execute(text("SELECT number, content, prev_hash, record_hash FROM bills "
                                  "ORDER BY number")).all()
            assert all(r.content and r.record_hash for r in rows)
            assert rows[1].prev_hash == rows[0].record_hash
            assert s.execute(text("SELECT count(*) FROM audit_log WHERE run_id = :r"),
                             {"r": run_id}).scalar() >= 5      # run and issue entries
        rep = verify(factory)
        assert rep.ok, rep.text()
        assert export_pdfs(factory, tmp_path / "pdf", run_id=run_id, workers=0).ok
    finally:
        engine.dispose()
