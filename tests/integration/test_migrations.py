"""The Alembic migrations build exactly the schema the SQLModel tables describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from engine.persistence.migrate import include_object
from engine.persistence.tables import metadata


def _head() -> str:
    from alembic.config import Config

    from engine.persistence.migrate import SCRIPT_LOCATION

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_init_leaves_the_database_at_the_newest_migration(app):
    from engine.persistence.migrate import current_revision

    with app.uow(write=False) as uow:
        assert current_revision(uow.conn) == _head()


def test_migrations_and_tables_do_not_drift_apart(app):
    with app.uow(write=False) as uow:
        context = MigrationContext.configure(
            uow.conn, opts={"include_object": include_object, "compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_the_migrations_install_the_append_only_triggers(app):
    from engine.persistence.database import TRIGGER_NAMES, installed_triggers

    with app.uow(write=False) as uow:
        names = installed_triggers(uow.conn)
        assert set(TRIGGER_NAMES[uow.conn.dialect.name]) <= names


def test_init_again_runs_no_migration_and_keeps_the_log(app):
    from engine.services.handlers import init_workflow

    with app.uow(write=False) as uow:
        before = uow.conn.execute(text("SELECT count(*) FROM event")).scalar_one()
    assert init_workflow(app) is False
    with app.uow(write=False) as uow:
        assert uow.conn.execute(text("SELECT count(*) FROM event")).scalar_one() == before
