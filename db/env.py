"""Alembic environment: the engine comes from billdesk (config.attributes['engine']).

SQLite: foreign keys are switched off while migrating (a batch migration recreates a table,
which would otherwise fail on the rows referring to it) and checked afterwards.
"""

from alembic import context

from billdesk.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # running the plain `alembic` command: use --db semantics of billdesk
    from billdesk.store.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:   # outside any transaction, where the pragma takes effect
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=sqlite, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RuntimeError(f"the migration broke {len(bad)} foreign key(s): "
                                       f"{bad[:3]}")
        connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
