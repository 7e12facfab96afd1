"""Shared helpers: statistics over repeated measurements, fresh databases, PostgreSQL schemas."""

from __future__ import annotations

import os
import statistics
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.services.unit import App

PG_ADMIN_URL = os.environ.get(
    "ETAPP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
#: The cast every benchmark database gets: the administrator and the one who records
#: (a huvudprojektledare may record programme, wave and municipality evidence and advance).
ADMIN, WRITER, WRITER_ROLE = "kansliet", "anna", "huvudprojektledare"


@dataclass
class Sample:
    """Repeated measurements of one quantity (seconds, events/s or MB)."""

    unit: str
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "n": len(self.values), "min": self.min,
                "median": self.median, "max": self.max, "values": self.values}


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def remove_db(path: Path) -> None:
    """Delete an SQLite file and its WAL companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def fresh_app(url: str) -> App:
    """An initialised etapp (the Millennium workflow) with an administrator and a writer."""
    import workflows
    from engine.bootstrap import bootstrap
    from engine.domain.commands import AddActor
    from engine.services.handlers import add_actor, init_workflow

    app = bootstrap(url, workflows.load(), must_exist=False)
    init_workflow(app)
    add_actor(app, None, AddActor(ADMIN, ("programkontor", "administrator")))
    add_actor(app, ADMIN, AddActor(WRITER, WRITER_ROLE))
    return app


def pg_dsn(url: str = PG_ADMIN_URL) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def pg_reason() -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(pg_dsn(), connect_timeout=3):
            return None
    except Exception as e:  # any failure means: no usable server
        return f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e) else ''}"


@contextmanager
def pg_schema() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL schema (SQLAlchemy URL, schema name), dropped afterwards."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}", schema
    finally:
        with psycopg.connect(pg_dsn(), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
