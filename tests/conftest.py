"""Shared fixtures: a controllable clock, SQLite files and real PostgreSQL schemas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from etapp_testing import PG_ADMIN_URL, FakeClock, make_app, require_postgres, start_pilot_wave

import workflows
from engine.domain.definition import WorkflowDefinition
from engine.services.unit import App

# The tests assert etapp's English texts unless they ask for Swedish (--lang sv, or the BDD
# steps): whatever the developer's locale, the CLI and its subprocesses start in English.
os.environ["ETAPP_LANG"] = "en"

@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    require_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/etapp.db"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on an SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def definition() -> WorkflowDefinition:
    return workflows.load("millennium")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(db_url: str, definition: WorkflowDefinition, clock: FakeClock) -> Iterator[App]:
    """An initialised etapp on SQLite and on PostgreSQL, with actors registered."""
    a = make_app(db_url, definition, clock)
    yield a
    a.close()


@pytest.fixture
def sqlite_app(sqlite_url: str, definition: WorkflowDefinition, clock: FakeClock) -> Iterator[App]:
    """An initialised etapp on an SQLite file only (fast), with actors registered."""
    a = make_app(sqlite_url, definition, clock)
    yield a
    a.close()




@pytest.fixture(autouse=True)
def _own_log_key(tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's log key file lives in its own temporary folder, never in a home or the repo."""
    monkeypatch.setenv("ETAPP_LOG_KEY", str(tmp_path_factory.mktemp("logkey") / "log.key"))


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are made in the active language: every test starts in English, even after
    one that ran the CLI with --lang sv in the same worker."""
    from engine import i18n

    i18n.activate("en")


@pytest.fixture(autouse=True)
def _fresh_structlog() -> Iterator[None]:
    """The CLI configures structlog for its stderr; no test inherits another's set-up."""
    import structlog

    structlog.reset_defaults()
    yield
    structlog.reset_defaults()


@pytest.fixture
def start_pilot() -> Callable[[App], None]:
    """A function that moves the pilot wave out of Initiera in the given app."""
    return start_pilot_wave
