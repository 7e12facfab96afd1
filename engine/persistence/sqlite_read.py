"""The light read path on SQLite: `status` and `show` with the stdlib driver, no SQLAlchemy.

Why: importing SQLAlchemy, SQLModel and pydantic costs a read command several
times what its reading does (README, Performance). A read of the projections
is two or three plain SELECTs, so on a SQLite file a read command opens the
file with `sqlite3` itself, with the connection settings `database.py` gives
every connection, in one deferred transaction (one consistent snapshot), and
decodes the rows with the same `from_dict` as the repositories.

It only takes the happy path. When the URL is not a plain `sqlite:///FILE`,
the file is missing, cannot be opened or read, is not initialised, or was made
by a newer etapp, `open_reader` returns None and the caller uses the ordinary
unit of work, which reports each of those exactly as before. Writes, replays
and every other query stay on SQLAlchemy Core.
"""

from __future__ import annotations

import json
import os
import sqlite3
from types import TracebackType
from typing import Any

from engine.domain.risks import Risk
from engine.domain.subject import Subject
from engine.errors import DatabaseError
from engine.i18n import _
from engine.persistence.schema import definition_key, newer_schema_reason

BUSY_TIMEOUT_S = 30.0
BUSY_TIMEOUT_ENV = "ETAPP_BUSY_TIMEOUT"
_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")


def plain_sqlite_path(url: str) -> str | None:
    """The file of a plain `sqlite:///FILE` URL (no query, no escapes, not memory), read
    without SQLAlchemy; None for anything else, which `database.sqlite_path` then parses.
    For the URLs it accepts it agrees with `database.sqlite_path` (a test holds them equal)."""
    for prefix in _PREFIXES:
        if url.startswith(prefix):
            path = url[len(prefix):]
            if path and path != ":memory:" and not any(c in path for c in "?#%"):
                return path
    return None


def busy_timeout_s() -> float:
    """How long a SQLite writer waits for another writer's lock before giving up (exit 5):
    `ETAPP_BUSY_TIMEOUT` in seconds, default 30.

    Raises:
        DatabaseError: the variable is not a number of seconds >= 0.
    """
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        msg = _("{busy_timeout_env} must be seconds between 0 and 86400, got {raw!r}").format(
                  busy_timeout_env=BUSY_TIMEOUT_ENV, raw=raw)
        raise DatabaseError(msg)
    return value


def configure(conn: Any, *, wal: bool = True) -> None:
    """The settings every etapp SQLite connection gets, on this light path and on
    SQLAlchemy's (`database._configure_sqlite`): we issue BEGIN ourselves (pysqlite's
    implicit transactions start too late), WAL for a file, durable commits, and the
    busy timeout."""
    conn.isolation_level = None
    cur = conn.cursor()
    try:
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
    finally:
        cur.close()


def connect(path: str) -> sqlite3.Connection:
    """A connection on the file at `path` with `configure`'s settings."""
    conn = sqlite3.connect(path, timeout=busy_timeout_s())
    try:
        configure(conn)
    except BaseException:
        conn.close()
        raise
    return conn


class SubjectReader:
    """The subject projection, read like `projections.SqlSubjectRepository` reads it."""

    def __init__(self, reader: SqliteReader) -> None:
        self._reader = reader

    def all(self) -> list[Subject]:
        rows = self._reader.rows("SELECT state FROM subject ORDER BY id", ())
        return [Subject.from_dict(json.loads(r[0])) for r in rows]

    def get(self, subject_id: str) -> Subject | None:
        rows = self._reader.rows("SELECT state FROM subject WHERE id = ?", (subject_id,))
        return Subject.from_dict(json.loads(rows[0][0])) if rows else None

    def exists(self, subject_id: str) -> bool:
        return bool(self._reader.rows("SELECT 1 FROM subject WHERE id = ?", (subject_id,)))

    def lookup_rows(self) -> list[tuple[str, str | None, str]]:
        """(id, kommunkod, name) of every subject, for resolving what a user typed."""
        return [(r[0], r[1], r[2])
                for r in self._reader.rows("SELECT id, code, name FROM subject", ())]


class RiskReader:
    """The §7.2 risk projection, read like `risks.SqlRiskRepository.all`."""

    def __init__(self, reader: SqliteReader) -> None:
        self._reader = reader

    def all(self) -> list[Risk]:
        rows = self._reader.rows("SELECT state FROM risk ORDER BY number", ())
        return [Risk.from_dict(json.loads(r[0])) for r in rows]


class SqliteReader:
    """A read-only unit of work on one open connection and transaction (see `open_reader`)."""

    def __init__(self, url: str, conn: sqlite3.Connection) -> None:
        self._url = url
        self._conn: sqlite3.Connection | None = conn
        self.subjects = SubjectReader(self)
        self.risks = RiskReader(self)

    def rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Every row of one statement.

        Raises:
            DatabaseError: the database failed in the middle (reported as the ordinary
                unit of work reports a driver error).
        """
        assert self._conn is not None, "reader closed"
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise _translated(self._url, sql, params, e) from e

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.rollback()
            finally:
                conn.close()


def open_reader(url: str, path: str) -> SqliteReader | None:
    """A reader on the initialised etapp database in SQLite file `path` (`url` names it in
    errors), in an open deferred transaction; None when anything is amiss (see the module
    doc), so that the caller takes the ordinary path and its error messages."""
    if not os.path.isfile(path):
        return None
    try:
        conn = connect(path)
    except (sqlite3.Error, DatabaseError):
        return None
    try:
        conn.execute("BEGIN")
        found = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        has_alembic = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone() is not None
        revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    if has_alembic else None)
    except sqlite3.Error:
        conn.close()
        return None
    if found is None or newer_schema_reason(found[0], has_alembic,
                                            revision[0] if revision else None) is not None:
        conn.close()
        return None
    return SqliteReader(url, conn)


def stored_workflow(path: str) -> tuple[str | None, str | None]:
    """`unit_of_work.stored_workflow` for a plain SQLite file, without SQLAlchemy."""
    if not os.path.isfile(path):
        return None, None
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_s())
    except sqlite3.Error:
        return None, None
    try:
        found = conn.execute("SELECT value FROM meta WHERE key = 'workflow'").fetchone()
        if found is None:
            return None, None
        sources = conn.execute("SELECT value FROM meta WHERE key = ?",
                               (definition_key(found[0]),)).fetchone()
        return found[0], None if sources is None else sources[0]
    except sqlite3.Error:
        return None, None
    finally:
        conn.close()


def _translated(url: str, sql: str, params: tuple[Any, ...], error: sqlite3.Error) -> Exception:
    """The error SQLAlchemy's path would raise for the same driver error."""
    from sqlalchemy.exc import DBAPIError

    from engine.persistence.database import translate_db_error

    wrapped = DBAPIError.instance(sql, params, error, sqlite3.Error)
    assert isinstance(wrapped, DBAPIError)  # a driver error always wraps as one
    return translate_db_error(url, wrapped)
