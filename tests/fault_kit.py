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
