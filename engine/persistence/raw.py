"""Prepared raw statements for the hot write path: the driver's own cursor, not SQLAlchemy Core.

Why: a durable command is a handful of tiny statements on one open transaction.
SQLAlchemy Core spends about 60-150 µs of Python on each (cache key, parameter
processing, result proxy, events); the driver's cursor spends about 6 µs. The
write path (`event_log`, `projections`, `unit_of_work`) runs its per-command
statements through `RawSql` instead, on the same connection and transaction, so
a command costs a little more than the raw `sqlite3` / `psycopg` baseline in
`bench/`. SQLModel still defines the tables and Alembic migrates them; every
other query goes through SQLAlchemy Core.

Errors are raised as SQLAlchemy's (`DBAPIError.instance`), exactly as Core would
raise them, so the unit of work translates them the same way; a lost
connection is invalidated, as Core does, so the pool never hands it out again.
psycopg prepares a statement on the server once it has run a few times on a
connection (`prepare_threshold`), so the texts below are fixed strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

#: The statement texts, in the qmark style; `%s` replaces `?` for psycopg.
_TEXTS = {
    "subject_state": "SELECT state FROM subject WHERE id = ?",
    "subject_exists": "SELECT 1 FROM subject WHERE id = ?",
    "subject_update": (
        "UPDATE subject SET phase = ?, paused = ?, version = ?, offset_days = ?, "
        "own_deadlines = ?, state = ? WHERE id = ? AND version = ?"),
    "actor": (
        "SELECT a.name, a.scope, a.added_at, r.role, r.granted_at FROM actor a "
        "LEFT JOIN actor_role r ON r.actor = a.name WHERE a.name = ?"),
    "active_keys": (
        "SELECT key_id, actor, public_key, registered_seq, registered_at, revoked_seq, "
        "revoked_at, reason FROM actor_key WHERE actor = ? AND revoked_seq IS NULL "
        "ORDER BY registered_seq"),
    "head": "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1",
    "stream_version": "SELECT max(version) FROM event WHERE subject = ?",
    "event_insert": (
        "INSERT INTO event (seq, subject, version, type, actor, role, body, workflow, "
        "occurred_at, recorded_at, payload, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    "event_insert_signed": (
        "INSERT INTO event (seq, subject, version, type, actor, role, body, workflow, "
        "occurred_at, recorded_at, payload, prev_hash, hash, key_id, signature) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    # A municipality without dates of its own is fully described by its columns; only the
    # others bring their JSON state, which keeps a deadline check over 100,000 subjects light.
    "deadline_rows": (
        "SELECT id, kind, name, wave, phase, CASE WHEN paused THEN 1 ELSE 0 END, offset_days, "
        "CASE WHEN kind <> 'municipality' OR own_deadlines > 0 THEN state END FROM subject"),
    "bound_actor": (
        "SELECT session_user, (SELECT actor FROM db_login WHERE login = session_user)"),
}
_PG = {k: v.replace("?", "%s") for k, v in _TEXTS.items()}


def marks(conn: Connection, n: int) -> str:
    """`n` parameter marks for an IN list, in the driver's style."""
    return ", ".join(["%s" if conn.dialect.name == "postgresql" else "?"] * n)


def latest_times_sql(conn: Connection, subjects: int, excluded: int) -> str:
    """Each of `subjects` subjects' latest business time, leaving out `excluded` types."""
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    return (f"SELECT subject, max(occurred_at) FROM event WHERE subject IN "
            f"({', '.join([mark] * subjects)}) AND type NOT IN "
            f"({', '.join([mark] * excluded)}) GROUP BY subject")


class RawSql:
    """The hot path's statements on the DBAPI connection behind one SQLAlchemy connection."""

    __slots__ = ("_conn", "_dbapi", "_texts")

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dbapi: Any = None
        self._texts = _PG if conn.dialect.name == "postgresql" else _TEXTS

    def text(self, name: str) -> str:
        return self._texts[name]

    def one(self, name: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """The first row of a named statement, or None."""
        cur = self._run(self._texts[name], params)
        try:
            row: tuple[Any, ...] | None = cur.fetchone()
            return row
        finally:
            cur.close()

    def all(self, name_or_sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Every row of a named statement (or of a statement text)."""
        cur = self._run(self._texts.get(name_or_sql, name_or_sql), params)
        try:
            return list(cur.fetchall())
        finally:
            cur.close()

    def write(self, name: str, params: Sequence[Any]) -> int:
        """Run a named INSERT or UPDATE once; the number of rows it touched."""
        cur = self._run(self._texts[name], params)
        try:
            return int(cur.rowcount)
        finally:
            cur.close()

    def write_many(self, name: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run a named INSERT or UPDATE for every row (executemany); rows touched in all."""
        cur = self._run(self._texts[name], rows, many=True)
        try:
            return int(cur.rowcount)
        finally:
            cur.close()

    def _run(self, sql: str, params: Any, *, many: bool = False) -> Any:
        if self._dbapi is None:
            self._dbapi = self._conn.connection.dbapi_connection
        return _execute(self._conn, self._dbapi, sql, params, many=many)


def driver_execute(conn: Connection, sql: str) -> None:
    """Run one statement without parameters or rows (BEGIN, a lock) on the driver's cursor."""
    _execute(conn, conn.connection.dbapi_connection, sql, (), many=False).close()


def _execute(conn: Connection, dbapi: Any, sql: str, params: Any, *, many: bool) -> Any:
    """An open cursor that ran `sql`; a driver error comes out as SQLAlchemy's."""
    dialect = conn.dialect
    base = dialect.loaded_dbapi.Error
    cur = None
    try:
        cur = dbapi.cursor()
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
        return cur
    except base as e:
        lost = dialect.is_disconnect(e, dbapi, cur)
        if cur is not None:
            cur.close()
        if lost:
            conn.invalidate(e)
        raise DBAPIError.instance(sql, params, e, base, connection_invalidated=lost,
                                  dialect=dialect, ismulti=many) from e
