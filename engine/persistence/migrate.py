"""Schema migrations with Alembic, run on etapp's own connection and transaction."""

from __future__ import annotations

from sqlalchemy import Connection

SCRIPT_LOCATION = "engine.persistence:migrations"
# APScheduler creates and owns its job table; it is not part of etapp's schema.
FOREIGN_TABLES = frozenset({"apscheduler_jobs", "alembic_version"})


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Leave tables that other libraries own out of schema comparisons."""
    return not (type_ == "table" and name in FOREIGN_TABLES)


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Apply every migration up to `revision` inside the caller's transaction.

    Alembic is imported here only: it is needed by `etapp init`, not by everyday commands.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def current_revision(conn: Connection) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()
