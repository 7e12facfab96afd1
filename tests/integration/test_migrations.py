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


def test_upgrading_from_0001_fills_the_deadline_columns_from_the_state(db_url):
    import json

    from sqlalchemy import create_engine

    from engine.persistence.migrate import current_revision, upgrade

    engine = create_engine(db_url)
    states = {
        "plain": {"offset_days": 0, "deadlines": []},
        "shifted": {"offset_days": 98, "deadlines": []},
        "rejected": {"offset_days": 0, "deadlines": [{"open": True}, {"open": False}]},
    }
    try:
        with engine.begin() as conn:
            upgrade(conn, "0001")
            for sid, state in states.items():
                conn.execute(text(
                    "INSERT INTO subject (id, kind, name, phase, paused, version, state) "
                    "VALUES (:id, 'municipality', :id, 'initiera', FALSE, 1, :state)"),
                    {"id": sid, "state": json.dumps(state)})
        with engine.begin() as conn:
            upgrade(conn)
            assert current_revision(conn) == _head()
            rows = dict(conn.execute(text(
                "SELECT id, offset_days || ':' || own_deadlines FROM subject")).all())
    finally:
        engine.dispose()
    assert rows == {"plain": "0:0", "shifted": "98:0", "rejected": "0:1"}
