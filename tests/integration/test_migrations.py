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


def _previous_release_database(url: str, definition) -> None:
    """A database as the release before several roles per actor left it (revision 0002):
    actors with one `role` column and ActorAdded events carrying one `role`."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine

    from engine.domain import events as ev
    from engine.domain.subject import apply
    from engine.ledger.codec import format_instant
    from engine.persistence.event_log import SqlEventLog
    from engine.persistence.migrate import upgrade
    from engine.persistence.projections import SqlSubjectRepository
    from engine.persistence.tables import SCHEMA_VERSION
    from engine.services.handlers import initial_subjects

    now = format_instant(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0002")
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema', :v), "
                              "('workflow', :w)"), {"v": SCHEMA_VERSION, "w": definition.ref})
            log = SqlEventLog(conn)
            stored = log.append(initial_subjects(definition), {},
                                ev.Stamp("etapp", "system", definition.ref, now, now))
            SqlSubjectRepository(conn).save([apply(None, e) for e in stored], {})
            for name, role, scope in (("kansliet", "programkontor", None),
                                      ("anna", "huvudprojektledare", None),
                                      ("pl-boras", "projektledare", "boras")):
                log.append([ev.NewEvent(f"actor:{name}", ev.ACTOR_ADDED,
                                        {"name": name, "role": role, "scope": scope})],
                           {}, ev.Stamp("kansliet", "programkontor", definition.ref, now, now))
                conn.execute(text("INSERT INTO actor (name, role, scope, added_at) "
                                  "VALUES (:n, :r, :s, :t)"),
                             {"n": name, "r": role, "s": scope, "t": now})
    finally:
        engine.dispose()


def test_upgrading_a_one_role_database_keeps_the_office_administering_and_replay_agrees(
        db_url, definition, clock):
    """0003: each actor keeps its role; the programme office also becomes administrator (§5.8),
    exactly as replay reads the old ActorAdded events, so verify and replay stay clean."""
    from engine.bootstrap import bootstrap
    from engine.domain.commands import AddActor, RecordEvidence
    from engine.services.audit import replay_log, verify_log
    from engine.services.handlers import add_actor, init_workflow, record_evidence
    from engine.services.queries import actors

    _previous_release_database(db_url, definition)
    app = bootstrap(db_url, definition, clock=clock)
    try:
        assert init_workflow(app) is False  # the upgrade runs; nothing is created again
        with app.uow(write=False) as uow:
            from engine.persistence.migrate import current_revision

            assert current_revision(uow.conn) == _head()
        held = {a["name"]: (a["roles"], a["scope"]) for a in actors(app)}
        assert held == {"kansliet": (["administrator", "programkontor"], None),
                        "anna": (["huvudprojektledare"], None),
                        "pl-boras": (["projektledare"], "boras")}
        assert replay_log(app).ok and verify_log(app).ok
        add_actor(app, "kansliet", AddActor("hanna", ("huvudprojektledare", "chefsgrupp")))
        record_evidence(app, "pl-boras", RecordEvidence("boras", "genomforandeplan", ref="GP"))
        report = replay_log(app)
        assert report.ok, report.problems
        assert report.details["actors"] == 4
    finally:
        app.close()


def test_upgrading_from_0002_keeps_the_log_and_gives_it_a_log_key(db_url, definition, clock):
    """A database of the release before signatures: its events verify, unsigned, after
    `init` upgrades it, and `init` gives the log its own key."""
    from sqlalchemy import create_engine

    from engine.bootstrap import bootstrap
    from engine.ledger.chain import GENESIS, link_hash
    from engine.persistence.migrate import current_revision, upgrade
    from engine.services.audit import verify_log
    from engine.services.handlers import init_workflow
    from engine.services.keys import stored_log_key

    engine = create_engine(db_url)
    fields = (1, "programme", 1, "SubjectCreated", "etapp", "system", None, definition.ref,
              "2026-01-12T09:00:00.000000Z", "2026-01-12T09:00:00.000000Z",
              '{"kind":"programme","name":"P","phase":"initiera"}', GENESIS)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0002")
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema', '1'), "
                              "('workflow', :w)"), {"w": definition.ref})
            conn.execute(text(
                "INSERT INTO event (seq, subject, version, type, actor, role, body, workflow, "
                "occurred_at, recorded_at, payload, prev_hash, hash) VALUES (:a, :b, :c, :d, "
                ":e, :f, :g, :h, :i, :j, :k, :l, :m)"),
                dict(zip("abcdefghijklm", (*fields, link_hash(*fields)), strict=True)))
    finally:
        engine.dispose()
    app = bootstrap(db_url, definition, clock=clock)
    try:
        assert init_workflow(app) is False
        with app.uow(write=False) as uow:
            assert current_revision(uow.conn) == _head()
            assert stored_log_key(uow) is not None
        assert app.log_key is not None and app.log_key.stat().st_mode & 0o777 == 0o600
        report = verify_log(app)
        assert report.ok and report.events == 1 and report.details["signed"] == 0
    finally:
        app.close()


def test_a_database_of_the_previous_release_gains_an_empty_risk_register(
        db_url, definition, clock):
    """0005 adds the §7.2 register to a database made at 0004 (the release before it) with
    its log intact: replay agrees with the empty register, and the first risk is R-1."""
    from sqlalchemy import create_engine

    from engine.bootstrap import bootstrap
    from engine.domain.commands import AddActor, AddRisk
    from engine.persistence.migrate import current_revision, upgrade
    from engine.services.audit import replay_log
    from engine.services.handlers import add_actor, init_workflow
    from engine.services.risks import add_risk

    _previous_release_database(db_url, definition)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0004")
            assert "risk" not in _tables(conn)
    finally:
        engine.dispose()
    app = bootstrap(db_url, definition, clock=clock)
    try:
        assert init_workflow(app) is False  # upgrades to head, keeps the log
        with app.uow(write=False) as uow:
            assert current_revision(uow.conn) == _head()
        assert replay_log(app).ok
        add_actor(app, "kansliet", AddActor("cg", "chefsgrupp"))
        [e] = add_risk(app, "anna", AddRisk("etapp-1", "Första risken", 3, 3, "cg"))
        assert e.subject == "risk:R-1"
        report = replay_log(app)
        assert report.ok, report.problems
        assert report.details["risks"] == 1
    finally:
        app.close()


def _tables(conn) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())
