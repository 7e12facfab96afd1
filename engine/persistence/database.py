"""Engine factory: SQLite (default, zero set-up) or PostgreSQL, with etapp's guarantees.

SQLite writers take the lock up front (BEGIN IMMEDIATE) so that two writers
queue instead of failing halfway; PostgreSQL writers take a transaction-scoped
advisory lock. The event chain is global, so its writers must be serialised.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from engine.errors import DatabaseError

WRITE_OPTION = "etapp_write"
BUSY_TIMEOUT_S = 30

_SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS event_no_update BEFORE UPDATE ON event "
    "BEGIN SELECT RAISE(ABORT, 'etapp: the event log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS event_no_delete BEFORE DELETE ON event "
    "BEGIN SELECT RAISE(ABORT, 'etapp: the event log is append-only'); END",
)
_PG_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION etapp_event_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'etapp: the event log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS event_no_update ON event",
    "CREATE TRIGGER event_no_update BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION etapp_event_append_only()",
    "DROP TRIGGER IF EXISTS event_no_truncate ON event",
    "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION etapp_event_append_only()",
)
TRIGGER_NAMES = {
    "sqlite": ("event_no_update", "event_no_delete"),
    "postgresql": ("event_no_update", "event_no_truncate"),
}


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for memory or another database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def make_engine(url: str, *, must_exist: bool = False) -> Engine:
    """Create an engine for `url` with etapp's connection settings.

    Raises:
        DatabaseError: the URL is malformed, its driver is unknown, or (with
            `must_exist`) the SQLite file does not exist yet.
    """
    path = sqlite_path(url)
    if must_exist and path is not None and not os.path.exists(path):
        msg = f"no etapp database at {path}: run `etapp init` first"
        raise DatabaseError(msg)
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if backend == "sqlite":
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
        elif backend == "postgresql":
            kwargs["pool_pre_ping"] = False
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        msg = f"cannot use database URL {url!r}: {e}"
        raise DatabaseError(msg) from e
    if backend == "sqlite":
        _configure_sqlite(engine)
    elif backend == "postgresql":
        _configure_postgresql(engine)
    else:
        msg = f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://"
        raise DatabaseError(msg)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves: pysqlite's implicit transactions start too late.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            # One writer at a time per schema: the chain has one head.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")


def install_append_only_triggers(conn: Connection) -> None:
    """Make the database itself refuse UPDATE and DELETE on the event log."""
    statements = _SQLITE_TRIGGERS if conn.dialect.name == "sqlite" else _PG_TRIGGERS
    for statement in statements:
        conn.exec_driver_sql(statement)


def installed_triggers(conn: Connection) -> set[str]:
    """Names of the append-only triggers present on the event table."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='event'")
        )
    else:
        rows = conn.execute(
            text(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'event' AND c.relnamespace = "
                "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) "
                "AND t.tgenabled <> 'D'"
            )
        )
    return {r[0] for r in rows}


def describe_db_error(url: str, error: DBAPIError) -> str:
    """One line that says why the database could not be used, without a traceback."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if "file is not a database" in detail:
        return f"{sqlite_path(url) or url} is not an etapp database (not SQLite at all)"
    if "no such table" in detail or ("does not exist" in detail and "relation" in detail):
        return f"{_safe(url)} is not an etapp database (no etapp schema): run `etapp init`"
    return f"cannot use database {_safe(url)}: {detail}"


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
