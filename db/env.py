"""Alembic environment: the engine comes from billdesk (config.attributes['engine'])."""

from alembic import context

from billdesk.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # running the plain `alembic` command: use --db semantics of billdesk
    from billdesk.store.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # batch migrations rebuild tables; SQLite checks foreign keys on DROP TABLE, so they
        # are off (outside any transaction) while migrating and verified afterwards
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=sqlite, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
    connection.commit()
    if sqlite:
        raw.execute("PRAGMA foreign_keys=ON")
