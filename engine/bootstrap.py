"""Composition root: settings → database → unit of work → services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from engine.config import log_key_path
from engine.domain.definition import WorkflowDefinition
from engine.errors import DatabaseError
from engine.i18n import _
from engine.persistence.sqlite_read import (
    busy_timeout_s,
    open_reader,
    plain_sqlite_path,
    stored_workflow,
)
from engine.services.ports import Clock, ReadUnitOfWork
from engine.services.unit import App

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from engine.persistence.unit_of_work import SqlUnitOfWork


def system_clock() -> datetime:
    return datetime.now(UTC)


#: Builds the definition a database runs from its stored `name@hash` and sources
#: (`stored_workflow`); `workflows.for_database` is the one the CLI passes.
DefinitionLoader = Callable[[str | None, str | None], WorkflowDefinition]


def bootstrap(
    url: str, definition: WorkflowDefinition | DefinitionLoader, *, must_exist: bool = True,
    clock: Clock = system_clock, key_file: str | None = None, log_key: str | None = None,
) -> App:
    """Wire the services to the database at `url`.

    On a plain SQLite file the SQLAlchemy engine is made when a unit of work first
    needs it, and reads of the projections (`App.read`) take the light reader
    (`persistence.sqlite_read`): a read command never imports SQLAlchemy.

    Args:
        definition: the workflow, or a loader given what the database stores about its
            workflow (a database initialised from a directory keeps its definition).
        key_file: the acting actor's private key (`--key`); its events are signed.
        log_key: the log's private key file (`--log-key`), default `config.log_key_path`.

    Raises:
        DatabaseError: the URL cannot be used, or (with `must_exist`) names no existing
            SQLite file.
        InvalidInputError: the key file cannot be read or is not an Ed25519 key.
    """
    key = None
    if key_file:
        from engine.ledger.keys import load_private_key

        key = load_private_key(Path(key_file))
    path = plain_sqlite_path(url)
    engines: list[Engine] = []
    if path is None:
        from engine.persistence.database import make_engine

        engines.append(make_engine(url, must_exist=must_exist))
    else:
        # What make_engine would refuse for this URL, refused now as it would be.
        if must_exist and not Path(path).exists():
            msg = _("no etapp database at {path}: run `etapp init` first").format(path=path)
            raise DatabaseError(msg)
        busy_timeout_s()

    def close() -> None:
        for made in engines:
            made.dispose()

    def engine() -> Engine:
        if not engines:
            from engine.persistence.database import make_engine

            engines.append(make_engine(url, must_exist=must_exist))
        return engines[0]

    running = None
    if not isinstance(definition, WorkflowDefinition):
        try:
            stored = stored_workflow(path) if path is not None else _stored_workflow(engine())
            definition = definition(*stored)
        except BaseException:
            close()
            raise
        running = stored[0]

    def uow(*, write: bool, require_schema: bool = True) -> SqlUnitOfWork:
        from engine.persistence.unit_of_work import SqlUnitOfWork

        return SqlUnitOfWork(engine(), write=write, require_schema=require_schema)

    def light() -> ReadUnitOfWork | None:
        assert path is not None
        return open_reader(url, path)

    return App(definition, uow, clock, close=close, key=key, running=running,
               log_key=log_key_path(url, log_key),
               reader=None if path is None else (uow, light))


def _stored_workflow(engine: Engine) -> tuple[str | None, str | None]:
    from engine.persistence.unit_of_work import stored_workflow as stored

    return stored(engine)


def stored_workflow_at(url: str) -> tuple[str | None, str | None]:
    """What the database at `url` stores about its workflow (`name@hash`, sources), or
    (None, None) when there is no initialised etapp database there; creates nothing."""
    path = plain_sqlite_path(url)
    if path is not None:
        return stored_workflow(path)
    from engine.persistence.database import make_engine, sqlite_path

    file = sqlite_path(url)
    if file is not None and not Path(file).exists():
        return None, None
    engine = make_engine(url)
    try:
        return _stored_workflow(engine)
    finally:
        engine.dispose()
