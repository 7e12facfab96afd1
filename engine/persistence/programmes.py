"""Where each programme of a database lives, and the registry of them in the main database.

Why a namespace per programme: every statement of etapp (the raw write path,
the triggers, Alembic, the fast verify, `db grant`) names its tables without a
schema. A programme therefore gets a namespace of its own in which the same
names mean its own tables, and everything else follows: its own event log and
chain head, definition, projections, log key and scheduler job.

* PostgreSQL: a schema per programme in the same database, chosen per connection
  by `search_path` in the URL (`options=-csearch_path=…`), so the driver's own
  cursor, Alembic and every pooled connection land in it. The writers' advisory
  lock is per schema already (`database.PG_WRITE_LOCK`).
* SQLite has no schemas: a file per programme beside the main one
  (`office.db` → `office.eprescribe.db`).

The main programme stays where it is (the URL's schema, the main file), so a
database made before programmes existed works unchanged. The registry is kept
in the main database's `meta` table as `programme:<id>` → JSON.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.errors import ConcurrencyError, DatabaseError
from engine.i18n import _
from engine.persistence.sqlite_read import busy_timeout_s, plain_sqlite_path

if TYPE_CHECKING:
    from sqlalchemy import Connection

PREFIX = "programme:"
_SEARCH_PATH = re.compile(r"-c\s*search_path=\S*")
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True, slots=True)
class ProgrammeEntry:
    """One registered programme.

    `location` is None for the main programme (the database the URL names), else the
    file name beside the main SQLite file, or the PostgreSQL schema.
    """

    id: str
    title: str
    workflow: str | None
    location: str | None = None

    @property
    def main(self) -> bool:
        return self.location is None

    def to_json(self) -> str:
        return json.dumps({"title": self.title, "workflow": self.workflow,
                           "location": self.location}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class Registry:
    """What the main database says about its programmes: its own workflow `name@hash` and
    the registered entries (none until a second programme is added)."""

    workflow: str | None
    entries: tuple[ProgrammeEntry, ...]


def read_registry(main_url: str) -> Registry:
    """The registry in the main database at `main_url`.

    Raises:
        DatabaseError: there is no etapp database there, it is not initialised, or it
            cannot be read (the same one line as any command's).
    """
    path = plain_sqlite_path(main_url)
    rows = _rows_sqlite(main_url, path) if path is not None else _rows_sqlalchemy(main_url)
    values = dict(rows)
    if "workflow" not in values:
        msg = _("{db} is not initialised: run `etapp init` first").format(db=_where(main_url))
        raise DatabaseError(msg)
    entries = []
    for key, value in sorted(values.items()):
        if key.startswith(PREFIX):
            data: dict[str, Any] = json.loads(value)
            entries.append(ProgrammeEntry(key[len(PREFIX):], str(data.get("title") or ""),
                                          data.get("workflow"), data.get("location")))
    return Registry(values["workflow"], tuple(entries))


_REGISTRY_SQL = "SELECT key, value FROM meta WHERE key = 'workflow' OR key LIKE 'programme:%'"


def _rows_sqlite(url: str, path: str) -> list[tuple[str, str]]:
    if not os.path.isfile(path):
        msg = _("no etapp database at {path}: run `etapp init` first").format(path=path)
        raise DatabaseError(msg)
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_s())
        try:
            return [(str(k), str(v)) for k, v in conn.execute(_REGISTRY_SQL)]
        finally:
            conn.close()
    except sqlite3.Error as e:
        from sqlalchemy.exc import DBAPIError

        from engine.persistence.database import translate_db_error

        wrapped = DBAPIError.instance(_REGISTRY_SQL, (), e, sqlite3.Error)
        assert isinstance(wrapped, DBAPIError)  # a driver error always wraps as one
        raise translate_db_error(url, wrapped) from e


def _rows_sqlalchemy(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from engine.persistence.database import make_engine, translate_db_error

    engine = make_engine(url, must_exist=True)
    try:
        with engine.connect() as conn:
            return [(str(k), str(v)) for k, v in conn.execute(text(_REGISTRY_SQL))]
    except DBAPIError as e:
        raise translate_db_error(url, e) from e
    finally:
        engine.dispose()


def register(main_url: str, entries: list[ProgrammeEntry]) -> None:
    """Add `entries` to the registry in one write transaction of the main database; the
    main programme's entry only if it is not registered yet (two first additions may race).

    Raises:
        ConcurrencyError: one of the others was registered meanwhile (by another `init`).
    """
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from engine.persistence.database import WRITE_OPTION, make_engine, translate_db_error
    from engine.persistence.tables import meta_table

    engine = make_engine(main_url, must_exist=True)
    try:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            present = set(conn.execute(select(meta_table.c.key).where(
                meta_table.c.key.in_([PREFIX + e.id for e in entries]))).scalars())
            rows = [{"key": PREFIX + e.id, "value": e.to_json()} for e in entries
                    if not (e.main and PREFIX + e.id in present)]
            conn.execute(meta_table.insert(), rows)
    except IntegrityError as e:
        msg = _("programme {ids} was registered meanwhile: nothing written").format(
            ids=", ".join(x.id for x in entries if not x.main))
        raise ConcurrencyError(msg) from e
    except DBAPIError as e:
        raise translate_db_error(main_url, e) from e
    finally:
        engine.dispose()


def location_for(main_url: str, programme_id: str) -> str:
    """Where a new programme `programme_id` of the database at `main_url` is kept: the
    file name `<main stem>.<id><main suffix>` beside a SQLite file, or on PostgreSQL the
    schema `<main schema>_<id>` (hyphens as underscores).

    Raises:
        DatabaseError: the database is SQLite in memory, or cannot be read.
    """
    path = _sqlite_file(main_url)
    if path is not None:
        stem, suffix = os.path.splitext(os.path.basename(path))
        return f"{stem}.{programme_id}{suffix}"
    if main_url.startswith("sqlite"):
        msg = _("several programmes need a database file, not {db}").format(db=main_url)
        raise DatabaseError(msg)
    main = _on_main(main_url, lambda conn: conn.exec_driver_sql(
        "SELECT current_schema()").scalar_one())
    return f"{main}_{programme_id.replace('-', '_')}"


def prepare_location(main_url: str, location: str) -> bool:
    """Make the place of a new programme: its PostgreSQL schema (a SQLite file is made
    when it is first opened). True when there was none before: `discard_location` may
    then take it away again."""
    path = _sqlite_file(main_url)
    if path is not None:
        return not os.path.exists(os.path.join(os.path.dirname(path), location))

    def create(conn: Connection) -> bool:
        if conn.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                (location,)).first() is not None:
            return False
        conn.exec_driver_sql(f'CREATE SCHEMA "{location}"')
        return True

    return bool(_on_main(main_url, create))


def discard_location(main_url: str, location: str) -> None:
    """Remove the place `prepare_location` made for a programme whose `init` failed, so
    that a failed command leaves nothing behind."""
    path = _sqlite_file(main_url)
    if path is not None:
        file = os.path.join(os.path.dirname(path), location)
        for leftover in (file, f"{file}-wal", f"{file}-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)
        return
    _on_main(main_url, lambda conn: conn.exec_driver_sql(
        f'DROP SCHEMA IF EXISTS "{location}" CASCADE'))


def _on_main(main_url: str, work: Callable[[Connection], Any]) -> Any:
    from sqlalchemy.exc import DBAPIError

    from engine.persistence.database import make_engine, translate_db_error

    engine = make_engine(main_url, must_exist=True)
    try:
        with engine.connect() as conn, conn.begin():
            return work(conn)
    except DBAPIError as e:
        raise translate_db_error(main_url, e) from e
    finally:
        engine.dispose()


def programme_url(main_url: str, location: str | None) -> str:
    """The URL of the programme kept at `location` (None: the main database itself)."""
    if location is None:
        return main_url
    plain = plain_sqlite_path(main_url)
    if plain is not None:
        return main_url[: len(main_url) - len(plain)] + os.path.join(
            os.path.dirname(plain), location)
    from sqlalchemy.engine import make_url

    url = make_url(main_url)
    if url.get_backend_name() == "sqlite":
        return url.set(database=os.path.join(os.path.dirname(url.database or ""), location)
                       ).render_as_string(hide_password=False)
    options = url.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    kept = _SEARCH_PATH.sub("", options).strip()
    # The server folds an unquoted name to lower case; a main schema named otherwise is kept.
    schema = location if _PLAIN_NAME.fullmatch(location) else f'"{location}"'
    chosen = f"{kept} -csearch_path={schema}".strip()
    return url.update_query_dict({"options": chosen}).render_as_string(hide_password=False)


def _sqlite_file(url: str) -> str | None:
    path = plain_sqlite_path(url)
    if path is not None:
        return path
    from engine.persistence.database import sqlite_path

    return sqlite_path(url)


def _where(url: str) -> str:
    path = _sqlite_file(url)
    if path is not None:
        return path
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
