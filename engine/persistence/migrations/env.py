"""Alembic environment: migrations run on the connection (and transaction) etapp hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from engine.persistence.migrate import include_object
from engine.persistence.tables import metadata


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:  # the alembic command line, with sqlalchemy.url set
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _migrate(conn)
        return
    _migrate(connection)


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      include_object=include_object, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
