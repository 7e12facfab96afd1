"""Ports the services depend on, satisfied structurally by the adapters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from engine.domain.risks import Risk
    from engine.domain.subject import Subject
    from engine.persistence.unit_of_work import SqlUnitOfWork

Clock = Callable[[], datetime]


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool, require_schema: bool = True) -> SqlUnitOfWork: ...


class SubjectReads(Protocol):
    def all(self) -> list[Subject]: ...

    def get(self, subject_id: str) -> Subject | None: ...

    def exists(self, subject_id: str) -> bool: ...

    def lookup_rows(self) -> list[tuple[str, str | None, str]]: ...


class RiskReads(Protocol):
    def all(self) -> list[Risk]: ...


class ReadUnitOfWork(Protocol):
    """A read of the projections in one transaction: the ordinary unit of work, or the
    light SQLite reader (`persistence.sqlite_read`)."""

    @property
    def subjects(self) -> SubjectReads: ...

    @property
    def risks(self) -> RiskReads: ...

    def __enter__(self) -> ReadUnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...
