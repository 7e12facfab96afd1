"""Composition root: settings → database → unit of work → services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from engine.config import log_key_path
from engine.domain.definition import WorkflowDefinition
from engine.persistence.database import make_engine
from engine.persistence.unit_of_work import SqlUnitOfWork
from engine.services.ports import Clock
from engine.services.unit import App


def system_clock() -> datetime:
    return datetime.now(UTC)


def bootstrap(
    url: str, definition: WorkflowDefinition, *, must_exist: bool = True,
    clock: Clock = system_clock, key_file: str | None = None, log_key: str | None = None,
) -> App:
    """Wire the services to the database at `url`.

    Args:
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
    engine = make_engine(url, must_exist=must_exist)

    def uow(*, write: bool, require_schema: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, write=write, require_schema=require_schema)

    return App(definition, uow, clock, close=engine.dispose, key=key,
               log_key=log_key_path(url, log_key))
