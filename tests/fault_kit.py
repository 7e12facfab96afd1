"""Shared by the fault-injection tests (issue 16): run the CLI, read the state, audit it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cli.errors import EXIT_CODES
from cli.main import cli

CONTRACT_CODES = frozenset(EXIT_CODES.values()) | {0}


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str

    def one_line_error(self, code: int) -> str:
        """The single line a failed command printed (stderr, or the JSON error's message)."""
        assert self.code == code, (self.code, self.stdout, self.stderr)
        assert "Traceback" not in self.stdout + self.stderr
        if self.stdout.strip().startswith("{"):
            message: str = json.loads(self.stdout)["error"]["message"]
            return message
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        return lines[0]


def etapp(url: str, *args: str, env: dict[str, str] | None = None) -> Outcome:
    """One in-process CLI invocation, as a user would type it."""
    result = CliRunner().invoke(cli, ["--db", url, *args], env=env)
    return Outcome(result.exit_code, result.stdout, result.stderr)


def state(url: str) -> tuple[int, dict[str, tuple[str, bool, int]]]:
    """Number of events, and every subject's (phase, paused, version), read with etapp."""
    import workflows
    from engine.bootstrap import bootstrap

    app = bootstrap(url, workflows.load())
    try:
        with app.uow(write=False) as uow:
            n = uow.events.head()[0]
            subjects = {s.id: (s.phase, s.paused, s.version) for s in uow.subjects.all()}
        return n, subjects
    finally:
        app.close()


def audit(url: str) -> tuple[bool, bool, list[Any]]:
    """(verify ok, replay ok, problems) of the database at `url`."""
    import workflows
    from engine.bootstrap import bootstrap
    from engine.services.audit import replay_log, verify_log

    app = bootstrap(url, workflows.load())
    try:
        verified, replayed = verify_log(app), replay_log(app)
        return verified.ok, replayed.ok, [*verified.problems, *replayed.problems]
    finally:
        app.close()


@contextmanager
def tmpfs(size: str, where: Path) -> Iterator[Path | None]:
    """A small tmpfs at `where`, or None where this machine does not let us mount one."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


# --- building the databases the crash loops start from ------------------------------------

def go_live_ready(url: str) -> None:
    """A database where `etapp --actor anna advance etapp-1` takes the pilot live: the wave
    and its 8 municipalities move together (R7), 9 events in one transaction."""
    from etapp_testing import bring_pilot, decide, make_app, members, record_all

    import workflows

    app = make_app(url, workflows.load(), _utc_now)
    try:
        bring_pilot(app, "godkanna")
        record_all(app, "etapp-1")
        for m in members(app, "etapp-1"):
            record_all(app, m)
        decide(app, "etapp-1", "go-live")
    finally:
        app.close()


def many_deadlines(url: str, extra: int) -> None:
    """An initialised database with `extra` more municipalities (in etapp-2, made through
    init's own SubjectCreated events), so one `deadlines check` fires thousands of alerts."""
    import dataclasses

    import workflows
    from engine.bootstrap import bootstrap
    from engine.domain.definition import MunicipalitySpec
    from engine.services.handlers import init_workflow

    base = workflows.load()
    more = tuple(MunicipalitySpec(f"prov-{i:05d}", f"8{i:05d}", f"Provkommun {i}", "Fyrbodal",
                                  "norra", "etapp-2") for i in range(extra))
    app = bootstrap(url, dataclasses.replace(base, municipalities=base.municipalities + more),
                    must_exist=False, clock=_utc_now)
    try:
        init_workflow(app)
    finally:
        app.close()


def _utc_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def copy_into(source_url: str, target_url: str) -> None:
    """Every etapp row of one database into a fresh one (tables by etapp's own migrations):
    a copy of a prepared state, much faster than making it again on PostgreSQL."""
    from sqlalchemy import create_engine

    import workflows
    from engine.bootstrap import bootstrap
    from engine.persistence.migrate import FOREIGN_TABLES
    from engine.persistence.tables import metadata

    app = bootstrap(target_url, workflows.load(), must_exist=False)
    source = create_engine(source_url)
    try:
        with app.uow(write=True, require_schema=False) as uow:
            uow.upgrade_schema()
            with source.connect() as src:
                for table in metadata.sorted_tables:
                    if table.name in FOREIGN_TABLES:
                        continue
                    rows = [dict(r._mapping) for r in src.execute(table.select())]
                    if rows:
                        uow.conn.execute(table.insert(), rows)
            uow.commit()
    finally:
        source.dispose()
        app.close()


# --- the process that is killed --------------------------------------------------------------

def forkserver() -> Any:
    """A multiprocessing context whose processes fork from a server that has imported etapp
    already: a process costs its command, not an interpreter start (~1 s here)."""
    import multiprocessing as mp

    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["fault_kit", "cli.main", "cli.commands", "workflows",
                                "engine.services.handlers", "engine.services.alerting",
                                "engine.persistence.unit_of_work", "engine.bootstrap",
                                "sqlalchemy.dialects.sqlite", "psycopg",
                                "sqlalchemy.dialects.postgresql.psycopg"])
    return ctx


def child_cli(argv: list[str], output: str | None = None, barrier: Any = None) -> None:
    """Run one etapp command in this (forked) process: its output to `output` (default
    /dev/null), after `barrier` if given, so many start at once; exits with its code."""
    import os

    sink = os.open(output or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    from cli.main import cli

    if barrier is not None:
        barrier.wait(120)
    code = cli.main(argv, standalone_mode=False)
    os._exit(code if isinstance(code, int) else 0)


def child_call(target: str, args: tuple[Any, ...], output: str, barrier: Any) -> None:
    """Call `module:function(*args)` in this process after `barrier` (the scheduler's job)."""
    import importlib
    import os

    sink = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(sink, 1)
    os.dup2(sink, 2)
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    barrier.wait(120)
    try:
        function(*args)
    except Exception as e:  # reported as the process's own line and exit code
        print(f"{type(e).__name__}: {e}")
        os._exit(1)
    os._exit(0)
