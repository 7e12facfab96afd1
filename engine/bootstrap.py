"""Composition root: settings → database → unit of work → services."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.domain.definition import WorkflowDefinition
from engine.persistence.database import make_engine
from engine.persistence.unit_of_work import SqlUnitOfWork
from engine.services.ports import Clock
from engine.services.unit import App


def system_clock() -> datetime:
    return datetime.now(UTC)


def bootstrap(
    url: str, definition: WorkflowDefinition, *, must_exist: bool = True,
    clock: Clock = system_clock,
) -> App:
    """Wire the services to the database at `url`.

    Raises:
        DatabaseError: the URL cannot be used, or (with `must_exist`) names no existing
            SQLite file.
    """
    engine = make_engine(url, must_exist=must_exist)

    def uow(*, write: bool, require_schema: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, write=write, require_schema=require_schema)

    return App(definition, uow, clock, close=engine.dispose)
