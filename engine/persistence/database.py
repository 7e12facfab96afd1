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

from engine.errors import ConcurrencyError, DatabaseError, EngineError
from engine.i18n import _
from engine.persistence.raw import driver_execute
from engine.persistence.sqlite_read import BUSY_TIMEOUT_ENV, busy_timeout_s
from engine.persistence.sqlite_read import configure as configure_sqlite

WRITE_OPTION = "etapp_write"
PG_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"
PG_CONNECT_TIMEOUT_S = 10

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
        msg = _("no etapp database at {path}: run `etapp init` first").format(path=path)
        raise DatabaseError(msg)
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if backend == "sqlite":
            kwargs["connect_args"] = {"timeout": busy_timeout_s()}
        elif backend == "postgresql":
            kwargs["pool_pre_ping"] = False
            if "connect_timeout" not in parsed.query:
                # A server that accepts and never answers must not hang a command for ever.
                kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        msg = _("cannot use database URL {url!r}: {e}").format(url=url, e=e)
        raise DatabaseError(msg) from e
    if backend == "sqlite":
        _configure_sqlite(engine)
    elif backend == "postgresql":
        _configure_postgresql(engine)
    else:
        msg = _("unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://").format(
                  backend=backend)
        raise DatabaseError(msg)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        configure_sqlite(dbapi_connection,
                         wal=engine.url.database not in (None, "", ":memory:"))

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION)
        driver_execute(conn, "BEGIN IMMEDIATE" if write else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            # One writer at a time per schema: the chain has one head.
            driver_execute(conn, PG_WRITE_LOCK)


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


# Phrases of SQLite and PostgreSQL (psycopg) errors, and what each means for the user.
_LOCKED = ("database is locked", "database table is locked")
_LOST = ("terminating connection", "server closed the connection", "connection is closed",
         "connection already closed", "consuming input failed", "the connection is lost",
         "ssl syscall error", "connection reset")
_UNREACHABLE = ("connection refused", "could not connect", "connection failed",
                "could not translate host name", "timeout expired", "no route to host",
                "name or service not known")


def describe_db_error(url: str, error: DBAPIError) -> str:
    """One line that says why the database could not be used, without a traceback."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    low = detail.lower()
    where = sqlite_path(url) or _safe(url)
    if "file is not a database" in low:
        return f"{where} is not an etapp database (not SQLite at all)"
    if "no such table" in low or ("does not exist" in low and "relation" in low):
        return f"{_safe(url)} is not an etapp database (no etapp schema): run `etapp init`"
    path = sqlite_path(url)
    if "readonly database" in low or "read-only" in low or (
            "unable to open database file" in low and path and os.path.exists(path)
            and not (os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(
                path)), os.W_OK))):
        return (f"{where} is read-only: etapp must be able to write the file and its folder "
                f"(also to read it, for the WAL journal); nothing written")
    if "database or disk is full" in low or "disk i/o error" in low or "no space" in low:
        return f"cannot write {where}: the disk is full or failing ({detail}); nothing written"
    if "unable to open database file" in low:
        return f"cannot open {where}: its folder is missing or not accessible"
    if any(p in low for p in _LOST):
        return (f"the connection to {where} was lost in the middle of the command ({detail}); "
                "nothing was committed, it is safe to run the command again")
    if any(p in low for p in _UNREACHABLE):
        return f"cannot use database {where}: the server cannot be reached ({detail})"
    return f"cannot use database {_safe(url)}: {detail}"


def translate_db_error(url: str, error: DBAPIError, *, committing: bool = False) -> EngineError:
    """The contract's error for a database failure: a lock held too long is a conflict
    (exit 5, try again); anything else means the database cannot be used now (exit 2)."""
    detail = str(error.orig or error).lower()
    if any(p in detail for p in _LOCKED):
        return ConcurrencyError(
            f"the database stayed locked by another writer for longer than "
            f"{busy_timeout_s():g} s ({BUSY_TIMEOUT_ENV}): nothing written, try again")
    if committing and any(p in detail for p in _LOST):
        # The server may or may not have committed before the link broke.
        return DatabaseError(
            f"the connection to {sqlite_path(url) or _safe(url)} was lost while committing: "
            "the command may or may not be recorded; check `etapp history` before running it "
            "again")
    return DatabaseError(describe_db_error(url, error))


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
