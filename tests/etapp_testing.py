"""Helpers shared by tests: a hand-moved clock, an initialised app, the pilot started."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engine.bootstrap import bootstrap
from engine.domain import events as ev
from engine.domain.commands import AdvanceSubject, RecordDecision, RecordEvidence
from engine.domain.definition import WorkflowDefinition
from engine.domain.guards import missing_evidence
from engine.errors import EngineError
from engine.services import decisions, handlers
from engine.services.handlers import add_actor, init_workflow
from engine.services.unit import App


class FakeClock:
    """A clock the test moves by hand; always timezone-aware UTC."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 12, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)

    def set(self, moment: datetime) -> None:
        self.now = moment


#: name: (role or roles, scope). `kansliet` is the programme office as the migration to
#: several roles left it: programkontor and administrator (W8, §5.8). Scenarios that need
#: other combinations grant roles themselves (`etapp actor grant`).
ROLES_FOR_TESTS: dict[str, tuple[str | tuple[str, ...], str | None]] = {
    "kansliet": (("programkontor", "administrator"), None),
    "anna": ("huvudprojektledare", None),
    "dan": ("delprojektledare", None),
    "pia": ("projektagare", None),
    "ledningen": ("programledning", None),
    "styrgruppen": ("programstyrgrupp", None),
    "chefsgruppen": ("chefsgrupp", None),
    "revisorn": ("revisor", None),
    "pl-boras": ("projektledare", "boras"),
}
#: Members of the bodies that move the timeline (§3.1, seeds/002), for the tests that need them.
TIMELINE_ACTORS = {
    "regionstyrelsen": ("regionstyrelse", None),
    "ssvit": ("ssvit", None),
}


def add_timeline_actors(app: App) -> None:
    from engine.domain.commands import AddActor
    from engine.services.handlers import add_actor

    for name, (role, scope) in TIMELINE_ACTORS.items():
        add_actor(app, "kansliet", AddActor(name, role, scope))


def make_app(url: str, definition: WorkflowDefinition, clock: Callable[[], datetime],
             *, actors: bool = True) -> App:
    """An initialised database with the usual cast of actors registered."""
    from engine.domain.commands import AddActor

    app = bootstrap(url, definition, must_exist=False, clock=clock)
    init_workflow(app)
    if actors:
        for name, (roles, scope) in ROLES_FOR_TESTS.items():
            add_actor(app, None if name == "kansliet" else "kansliet", AddActor(name, roles, scope))
    return app


PROGRAMME_MILESTONES = ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad")
PILOT_INITIERA = ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt")


def start_pilot_wave(app: App) -> None:
    """Decide the programme milestones and move etapp-1 out of Initiera (R12, R2)."""
    from engine.domain.commands import AdvanceSubject, RecordEvidence
    from engine.services.handlers import advance_subject, record_evidence

    for key in PROGRAMME_MILESTONES:
        record_evidence(app, "pia", RecordEvidence("programme", key, ref=f"doc:{key}"))
    for key in PILOT_INITIERA:
        record_evidence(app, "anna", RecordEvidence("etapp-1", key, ref=f"doc:{key}"))
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))


def run_sql(app: App, *statements: str, params: dict[str, Any] | None = None) -> None:
    """Raw SQL in one committed transaction: what someone with database access can do."""
    from sqlalchemy import text

    with app.uow(write=True) as uow:
        for statement in statements:
            uow.conn.execute(text(statement), params or {})
        uow.commit()


def drop_protection(app: App, *, how: str = "drop") -> None:
    """Remove the append-only triggers as an attacker would (PostgreSQL may also `disable`)."""
    with app.uow(write=False) as uow:
        dialect = uow.conn.dialect.name
    if dialect == "sqlite":
        run_sql(app, "DROP TRIGGER event_no_update", "DROP TRIGGER event_no_delete")
    elif how == "disable":
        run_sql(app, "ALTER TABLE event DISABLE TRIGGER ALL")
    else:
        run_sql(app, "DROP TRIGGER event_no_update ON event",
                "DROP TRIGGER event_no_truncate ON event")


# --- moving the programme through the services (integration tests) --------------

def count(app: App) -> int:
    with app.uow(write=False) as uow:
        return uow.events.count()


def refused(app: App, error: type[EngineError], action: Any) -> EngineError:
    before = count(app)
    with pytest.raises(error) as info:
        action()
    assert count(app) == before, "a refused command wrote something"
    return info.value


def members(app: App, wave: str) -> list[str]:
    return [m.id for m in app.definition.municipalities if m.wave == wave]


def record_all(app: App, sid: str) -> None:
    s = handlers.resolve(app, sid)
    for key in missing_evidence(app.definition, s, s.phase):
        handlers.record_evidence(app, "anna", RecordEvidence(sid, key, ref=f"doc:{key}"))


def decide(app: App, wave: str, decision: str, **extra: Any) -> list[ev.StoredEvent]:
    # go-live and no-go: programstyrgruppen, like the acceptance (README deviations).
    actor, body = (("ledningen", "programledning") if decision == "prepare"
                   else ("styrgruppen", "programstyrgrupp"))
    extra.setdefault("ref", f"Protokoll {body} {wave}")
    return decisions.record_decision(app, actor, RecordDecision(wave, decision, body, **extra))


def bring_pilot(app: App, target: str) -> None:
    """etapp-1 and its municipalities to `target`, phase by phase, as the rules allow."""
    order = app.definition.phase_ids()
    record_all(app, "programme")
    while order.index(handlers.resolve(app, "etapp-1").phase) < order.index(target):
        phase = handlers.resolve(app, "etapp-1").phase
        record_all(app, "etapp-1")
        if phase == "acceptera":
            decide(app, "etapp-1", "prepare")
            decide(app, "etapp-1", "accept", ref="PSG")
        if phase == "godkanna":
            for m in members(app, "etapp-1"):
                record_all(app, m)
            decide(app, "etapp-1", "go-live")
        handlers.advance_subject(app, "anna", AdvanceSubject("etapp-1"))
        if phase != "godkanna":
            for m in members(app, "etapp-1"):
                record_all(app, m)
                handlers.advance_subject(app, "anna", AdvanceSubject(m))


def cli_json(db: str, *args: str, actor: str | None = None, code: int = 0) -> Any:
    """Run the CLI in-process with --json; check the exit code and that no traceback leaked."""
    import json

    from click.testing import CliRunner

    from cli.main import cli

    argv = ["--db", db, "--json", *args] + (["--actor", actor] if actor else [])
    result = CliRunner().invoke(cli, argv)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def cli_event_count(db: str) -> int:
    """How many events the log holds, as `history` shows them."""
    return len(cli_json(db, "history")["events"])


# The PostgreSQL server the tests use; here rather than in a conftest, because two
# conftest modules (tests/, tests/bdd/) make `from conftest import` ambiguous under xdist.
PG_ADMIN_URL = os.environ.get(
    "ETAPP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        import psycopg

        dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except Exception as e:
        return f"no PostgreSQL server answers at {PG_ADMIN_URL}: {type(e).__name__}: {e}"


_PG_REASON: list[str | None] = []


def pg_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(_pg_available())
    return _PG_REASON[0]


def require_postgres() -> None:
    """Skip with the reason when no server answers; in CI a missing server is a failure."""
    reason = pg_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
    pytest.skip(reason)
