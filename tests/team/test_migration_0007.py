"""Migration 0007 on a database with data, both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

import builders
from billdesk.runs import create_run, get_run, start_run
from billdesk.store import db


def test_0007_up_and_down_with_data(db_url):
    engine = db.make_engine(db_url)
    db.upgrade(engine, db.revision_before("0007"))
    factory = db.session_factory(engine)
    with db.transaction(factory) as s:
        s.execute(text("INSERT INTO settings (key, value) VALUES ('timezone', '\"Europe/Zurich\"')"))
    builders.build(factory, 5)
    db.upgrade(engine)                                     # the previous revision -> head (0007) with data
    assert db.current_revision(engine) == db.head_revision()
    assert "run_workers" in inspect(engine).get_table_names()
    done = start_run(factory, create_run(factory, "2025-03", "all").id)
    assert done.status == "completed"
    assert get_run(factory, done.id).workers[0].accounts == 5
    pg = engine.dialect.name == "postgresql"
    if pg:
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = "
                                  "'billdesk_notify_run'")).scalar() == 1
            assert "fillfactor=50" in str(c.execute(text(
                "SELECT reloptions FROM pg_class WHERE relname = 'billing_attempts'")).scalar())
    command.downgrade(db.alembic_config(engine), db.revision_before("0007"))
    assert "run_workers" not in inspect(engine).get_table_names()
    with factory() as s:                                   # the runs and bills are kept
        assert s.execute(text("SELECT count(*) FROM bills")).scalar() == 5
    if pg:
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = "
                                  "'billdesk_notify_run'")).scalar() == 0
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()
