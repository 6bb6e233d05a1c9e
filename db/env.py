"""Alembic environment: the engine comes from billdesk (config.attributes['engine'])."""

from alembic import context

from billdesk.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # running the plain `alembic` command: use --db semantics of billdesk
    from billdesk.store.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
