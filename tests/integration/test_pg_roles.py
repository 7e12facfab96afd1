"""The database knows who you are (PostgreSQL): a login bound to its actor, a writer that can
only append to the log, a revisor that can only read. On the real server; the roles get
names unique to the test run and are dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from engine.bootstrap import bootstrap
from engine.domain.commands import RecordEvidence
from engine.errors import DecisionNotPermitted, EngineError, InvalidInputError
from engine.services.access import grant
from engine.services.audit import verify_log
from engine.services.handlers import record_evidence

pytestmark = pytest.mark.postgres


@pytest.fixture
def app(pg_url, definition, clock):
    """These tests are about PostgreSQL logins: the server only."""
    from etapp_testing import make_app

    a = make_app(pg_url, definition, clock)
    yield a
    a.close()


@pytest.fixture
def logins(pg_url, app) -> Iterator[dict[str, str]]:
    """A writer login bound to anna and a revisor login; dropped with their grants after."""
    tag = uuid.uuid4().hex[:10]
    names = {"writer": f"etapp_w_{tag}", "revisor": f"etapp_r_{tag}"}
    try:
        yield names
    finally:
        admin = create_engine(pg_url)
        try:
            with admin.begin() as conn:
                for name in names.values():
                    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                    {"n": name}).first():
                        conn.exec_driver_sql(f'DROP OWNED BY "{name}"')
                        conn.exec_driver_sql(f'DROP ROLE "{name}"')
        finally:
            admin.dispose()


def as_login(pg_url: str, login: str) -> str:
    return pg_url.replace("postgres@", f"{login}@", 1)


def raw(url: str, statement: str, params=None) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement), params or {})
    finally:
        engine.dispose()


def test_a_writer_login_acts_as_its_actor_only_and_can_only_append(pg_url, app, logins,
                                                                   definition, clock):
    tables = grant(app, "writer", logins["writer"], "anna")
    assert "event" not in tables and "subject" in tables
    url = as_login(pg_url, logins["writer"])
    office = bootstrap(url, definition, clock=clock)
    try:
        stored = record_evidence(office, None, RecordEvidence("programme", "direktiv-beslutat",
                                                              ref="D"))
        assert stored[0].actor == "anna"
        with pytest.raises(DecisionNotPermitted, match="anna"):
            record_evidence(office, "pia", RecordEvidence("programme", "projektplan-beslutad",
                                                          ref="P"))
    finally:
        office.close()
    for statement in ("UPDATE event SET actor = 'pia' WHERE seq = 1",
                      "DELETE FROM event WHERE seq = 1", "TRUNCATE event",
                      "DROP TRIGGER event_no_update ON event",
                      "UPDATE db_login SET actor = 'pia'"):
        with pytest.raises(DBAPIError, match=r"permission denied|must be owner"):
            raw(url, statement)
    # Even by raw SQL the login cannot append an event in someone else's name.
    with pytest.raises(DBAPIError, match="records events as anna"):
        raw(url, "INSERT INTO event (seq, subject, version, type, actor, role, workflow, "
                 "occurred_at, recorded_at, payload, prev_hash, hash) SELECT seq + 1, 'x', 1, "
                 "'X', 'pia', 'projektagare', 'w', 'a', 'b', '{}', hash, 'h' FROM event "
                 "ORDER BY seq DESC LIMIT 1")
    assert verify_log(app).ok


def test_a_revisor_login_reads_and_cannot_write_even_with_raw_sql(pg_url, app, logins,
                                                                  definition, clock):
    grant(app, "revisor", logins["revisor"], None)
    url = as_login(pg_url, logins["revisor"])
    auditor = bootstrap(url, definition, clock=clock)
    try:
        assert verify_log(auditor).ok
        with pytest.raises(EngineError):
            record_evidence(auditor, "anna", RecordEvidence("programme", "direktiv-beslutat",
                                                            ref="D"))
    finally:
        auditor.close()
    for statement in ("INSERT INTO meta (key, value) VALUES ('x', 'y')",
                      "UPDATE subject SET phase = 'avslutad'", "DELETE FROM actor",
                      "INSERT INTO event (seq, subject, version, type, actor, role, workflow, "
                      "occurred_at, recorded_at, payload, prev_hash, hash) VALUES (999, 'x', 1, "
                      "'X', 'anna', 'r', 'w', 'a', 'b', '{}', 'p', 'h')"):
        with pytest.raises(DBAPIError, match="permission denied"):
            raw(url, statement)


def test_a_writer_needs_a_registered_actor_and_sqlite_has_no_logins(app, logins, sqlite_app):
    from engine.errors import NotFoundError

    with pytest.raises(NotFoundError):
        grant(app, "writer", logins["writer"], "nobody")
    with pytest.raises(InvalidInputError, match="PostgreSQL"):
        grant(sqlite_app, "revisor", "x", None)
