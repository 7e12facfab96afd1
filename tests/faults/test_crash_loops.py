"""Crash mid-write (issue 16): kill -9 an etapp process at a random moment while it takes a
wave live, fires thousands of deadline alerts, or initialises a database, RUNS times per
kind, on SQLite and on PostgreSQL. After every kill `verify` and `replay` are clean and the
state is exactly the one before the command or the one after it, never in between.

The processes come from a fork server that has imported etapp already, so a run costs the
command, not an interpreter start; the kill lands anywhere from the fork to the exit
(uniform over one uninterrupted run's duration, seeded: the seed is printed).
The import loop records a CSV of IMPORT_ROWS evidence rows in one transaction.
"""

from __future__ import annotations

import os
import random
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_kit import (
    audit,
    child_cli,
    copy_into,
    forkserver,
    go_live_ready,
    many_deadlines,
    state,
)

pytestmark = [pytest.mark.slow, pytest.mark.faults]

RUNS = int(os.environ.get("ETAPP_CRASH_RUNS", "50"))
EXTRA_MUNICIPALITIES = 2000
IMPORT_ROWS = 600
FAR = "2035-01-01T08:00:00+01:00"
SEED = int(os.environ.get("ETAPP_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
KINDS: dict[str, list[str]] = {
    "go-live": ["--actor", "anna", "advance", "etapp-1"],
    "deadlines": ["--log-level", "error", "deadlines", "check", "--now", FAR],
    "init": ["init"],
    "import": ["--actor", "anna", "import", "{rows}"],
}


class Place:
    """Where one loop's databases live: SQLite files, or schemas of the PostgreSQL server."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend, self.tmp = backend, tmp_path
        self.schemas: list[str] = []

    def fresh(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp}/run-{uuid.uuid4().hex[:8]}.db"
        import psycopg
        from etapp_testing import PG_ADMIN_URL

        schema = f"t_crash_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        return f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"

    def drop_all(self) -> None:
        if not self.schemas:
            return
        import psycopg
        from etapp_testing import PG_ADMIN_URL

        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), autocommit=True) as conn:
            for schema in self.schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Place]:
    if request.param == "postgresql":
        from etapp_testing import require_postgres

        require_postgres()
    p = Place(request.param, tmp_path)
    yield p
    p.drop_all()


def _template(kind: str, tmp_path: Path) -> Path | None:
    """The SQLite file every run of `kind` starts from (None: init starts from nothing)."""
    if kind == "init":
        return None
    path = tmp_path / f"template-{kind}.db"
    url = f"sqlite:///{path}"
    if kind == "go-live":
        go_live_ready(url)
    elif kind == "import":
        from etapp_testing import make_app

        import workflows
        from bench.bulk_import import write_rows

        make_app(url, workflows.load(), _now).close()
        write_rows(tmp_path / "rows.csv", IMPORT_ROWS)
    else:
        many_deadlines(url, EXTRA_MUNICIPALITIES)
    return path


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _starter(place: Place, template: Path | None) -> Callable[[], str]:
    """A function that makes a database in the state the command starts from."""
    def start() -> str:
        url = place.fresh()
        if template is None:
            return url
        if place.backend == "sqlite":
            shutil.copy(template, url.removeprefix("sqlite:///"))
        else:
            copy_into(f"sqlite:///{template}", url)
        return url
    return start


def _state_or_none(url: str) -> Any:
    from engine.errors import DatabaseError

    try:
        return state(url)
    except DatabaseError:
        return None  # not initialised (init's "before")


def _run(ctx: Any, url: str, argv: list[str], kill_after: float | None) -> tuple[float, Any]:
    started = time.perf_counter()
    proc = ctx.Process(target=child_cli, args=(["--db", url, *argv],))
    proc.start()
    if kill_after is not None:
        time.sleep(kill_after)
        # Process.kill sends SIGKILL and ignores a child that ended in between: a write
        # that finished before its kill is the 'after' outcome, not an error.
        proc.kill()
    proc.join(120)
    assert proc.exitcode is not None, "the command did not end"
    return time.perf_counter() - started, proc.exitcode


@pytest.mark.parametrize("kind", list(KINDS))
def test_kill_9_mid_write_leaves_before_or_after(kind: str, place: Place,
                                                 tmp_path: Path) -> None:
    ctx = forkserver()
    rng = random.Random(f"{SEED}-{kind}-{place.backend}")
    start = _starter(place, _template(kind, tmp_path))
    argv = [a.format(rows=tmp_path / "rows.csv") for a in KINDS[kind]]

    warm = ctx.Process(target=time.sleep, args=(0,))  # the fork server starts and preloads
    warm.start()
    warm.join(120)
    url = start()
    before = _state_or_none(url)
    duration, code = _run(ctx, url, argv, None)
    assert code == 0, f"the uninterrupted {kind} failed ({code})"
    after = _state_or_none(url)
    assert after is not None and after != before
    moved = after[0] - (before[0] if before else 0)

    outcomes = {"before": 0, "after": 0}
    url = start()
    for i in range(RUNS):
        _, code = _run(ctx, url, argv, rng.uniform(0, duration))
        now = _state_or_none(url)
        where = f"{kind} on {place.backend}, run {i + 1}/{RUNS} (seed {SEED}), exit {code}"
        assert now in (before, after), f"state between before and after: {where}"
        if now is not None:
            verified, replayed, problems = audit(url)
            assert verified and replayed, f"{where}: {problems}"
        if now == after:
            outcomes["after"] += 1
            url = start()
        else:
            outcomes["before"] += 1
    if kind == "init":  # a killed init is simply run again
        _, code = _run(ctx, url, argv, None)
        assert code == 0 and _state_or_none(url) == after
    print(f"\ncrash loop {kind} on {place.backend}: {RUNS} kill -9 runs "
          f"(seed {SEED}, uninterrupted {duration:.2f} s, {moved} events per command): "
          f"{outcomes['before']} before, {outcomes['after']} after, 0 between, "
          f"verify and replay clean, events lost 0")
    assert outcomes["before"] + outcomes["after"] == RUNS
