"""Ports the services depend on, satisfied structurally by the adapters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from engine.persistence.unit_of_work import SqlUnitOfWork

Clock = Callable[[], datetime]


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, write: bool, require_schema: bool = True) -> SqlUnitOfWork: ...
