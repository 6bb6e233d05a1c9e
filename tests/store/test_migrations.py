from sqlalchemy import inspect

from billdesk.store import db
from billdesk.store.models import Base


def test_upgrade_from_empty_creates_every_table(db_url):
    engine = db.make_engine(db_url)
    assert db.current_revision(engine) is None
    tz = db.prepare(engine)
    assert tz == "Europe/Zurich"
    assert db.current_revision(engine) == db.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    # idempotent
    db.prepare(engine)
    assert db.current_revision(engine) == db.head_revision()
    engine.dispose()


def test_models_match_migrations(db_url):
    """The models and the migrations describe the same schema (no pending autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = db.make_engine(db_url)
    db.prepare(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_sqlite_uses_wal_and_foreign_keys(sqlite_url):
    engine = db.make_engine(sqlite_url)
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_downgrade_to_base_and_back(db_url):
    from alembic import command

    engine = db.make_engine(db_url)
    db.upgrade(engine)
    command.downgrade(db.alembic_config(engine), "base")
    assert "bills" not in inspect(engine).get_table_names()
    db.upgrade(engine)
    assert "bills" in inspect(engine).get_table_names()
    engine.dispose()
