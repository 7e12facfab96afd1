"""Hostile input (issue 16): thousands of generated invocations over every command, in
process through click's runner. Zero tracebacks, zero exit codes outside the contract, with
--json exactly one JSON document on stdout, and zero writes by a command that was refused
(the event count before and after is compared for every invocation).

The commands and their options are read from the CLI itself, so a command added later is
fuzzed too. Values come from the domain (subjects, keys, roles, actors, phases, dates) and
from hostile text; file options only ever name paths under the test's own folder.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.errors import EXIT_CODES
from cli.main import cli

pytestmark = [pytest.mark.slow, pytest.mark.faults]

EXAMPLES = int(os.environ.get("ETAPP_FUZZ_EXAMPLES", "1000"))  # per test; three tests
CONTRACT = frozenset(EXIT_CODES.values()) | {0}
# Commands that run for long or on their own database: fuzzed only with a broken option.
ONLY_REFUSED = {("demo",), ("scheduler", "run")}

HOSTILE = ["", " ", "-", "--", "-x", "ÅÄÖ åäö", "x" * 3000, "'; DROP TABLE event; --",
           "../../etc/passwd", "%s%s%n", "\u202e\u0000", "null", "{}", "[]", "NaN",
           "-1", "0", "1e309", "99999999999999999999", "\t\n"]
DOMAIN = ["boras", "Borås", "1490", "BORÅS", "etapp-1", "etapp-2", "etapp-9", "programme",
          "goteborg", "nowhere", "initiera", "designa-bygga-validera", "acceptera",
          "godkanna", "stanga", "avslutad", "genomforandeplan", "styrning-upprattad",
          "inforandeansvarig-utsedd", "cutover-plan", "programkontor", "administrator",
          "huvudprojektledare", "projektledare", "revisor", "chefsgrupp", "programstyrgrupp",
          "programledning", "anna", "kansliet", "ghost", "chefsgruppen", "styrelsen",
          "programkontoret", "Chefsgruppen 2026-12-10", "doc:1", "SubjectAdvanced"]
DATES = ["2026-01-12", "2025-06-30", "2024-11-12T10:00", "2026-12-03T08:00:00+01:00",
         "2030-01-01", "2035-01-01T08:00:00+01:00", "1900-01-01", "9999-12-31",
         "2026-13-45", "2026-02-30", "yesterday", "now", "2026-01-12T25:61", ""]
ACTORS = [None, "anna", "kansliet", "revisorn", "pl-boras", "chefsgruppen", "ghost", ""]


def _commands() -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(cmd, click.Group):
            if cmd.invoke_without_command:
                found.append((path, cmd))
            ctx = click.Context(cmd)
            for name in cmd.list_commands(ctx):  # the root loads its commands when asked
                sub = cmd.get_command(ctx, name)
                assert sub is not None, name
                walk(sub, (*path, name))
        else:
            found.append((path, cmd))

    walk(cli, ())
    return found


COMMANDS = _commands()


def _paths(folder: Path) -> list[str]:
    return [str(folder / "out.html"), str(folder / "report.md"), str(folder / "x.json"),
            str(folder / "missing" / "deep" / "f.txt"), str(folder), str(folder / "cfg.toml"),
            str(folder / "garbage.toml"), str(folder / "report-issued.html")]


def _value(param: click.Parameter, folder: Path) -> st.SearchStrategy[str]:
    name = (param.name or "").lower()
    kind = type(param.type).__name__
    junk = st.sampled_from(HOSTILE) | st.text(max_size=40)
    if isinstance(param.type, click.Path) or any(
            w in name for w in ("out", "file", "config", "key", "checkpoint", "workflow",
                                "dir", "proof", "pubkey")):
        return st.sampled_from(_paths(folder)) | st.sampled_from(HOSTILE[:6])
    if isinstance(param.type, click.Choice):
        return st.sampled_from([str(c) for c in param.type.choices]) | junk
    if kind in ("IntParamType", "FloatParamType"):
        return st.integers(-10**12, 10**12).map(str) | junk
    if kind in ("Instant", "BusinessTime", "IsoDate", "DateTime") or name in (
            "as_of", "since", "until", "at", "now", "fix_by", "to"):
        return st.sampled_from(DATES) | st.sampled_from(DOMAIN) | junk
    if kind == "ClockTime":
        return st.sampled_from(["07:00", "23:59", "24:00", "7", "x"]) | junk
    return st.sampled_from(DOMAIN) | junk


@st.composite
def invocations(draw: st.DrawFn, folder: Path, commands: list[Any]) -> list[str]:
    path, cmd = draw(st.sampled_from(commands))
    argv: list[str] = []
    if draw(st.booleans()):
        argv.append("--json")
    actor = draw(st.sampled_from(ACTORS))
    if actor is not None:
        argv += ["--actor", actor]
    argv += list(path)
    parts: list[list[str]] = []
    for param in cmd.params:
        if isinstance(param, click.Argument):
            if draw(st.integers(0, 9)) > 0:  # mostly given, sometimes missing
                parts.append([draw(_value(param, folder))])
        elif isinstance(param, click.Option) and draw(st.booleans()):
            flag = max(param.opts, key=len)
            if param.is_flag:
                parts.append([flag])
            else:
                parts.append([flag, draw(_value(param, folder))])
    parts = draw(st.permutations(parts)) if parts else parts
    for part in parts:
        argv += part
    if path in ONLY_REFUSED or draw(st.integers(0, 14)) == 0:
        argv.append(draw(st.sampled_from(["--no-such-option", "extra-argument", "-Z"])))
    return argv


def _event_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        n: int = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    conn.close()
    return n


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "garbage.toml").write_text("[alerts\nnot = toml = at all", encoding="utf-8")
    (tmp_path / "cfg.toml").write_text('[alerts]\nlead_days = [30, 14, 7]\n', encoding="utf-8")
    yield tmp_path


def _database(folder: Path) -> tuple[str, Path]:
    from etapp_testing import make_app, start_pilot_wave

    import workflows

    db = folder / "fuzz.db"
    app = make_app(f"sqlite:///{db}", workflows.load(), _now)
    start_pilot_wave(app)
    app.close()
    return f"sqlite:///{db}", db


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _fuzz(folder: Path, commands: list[Any]) -> dict[str, int]:
    url, db = _database(folder)
    tally = {"invocations": 0, "refused": 0, "done": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(invocations(folder, commands))
    def one(argv: list[str]) -> None:
        before = _event_count(db)
        result = CliRunner().invoke(cli, ["--db", url, *argv])
        tally["invocations"] += 1
        shown = f"etapp {' '.join(argv)!r} -> {result.exit_code}: {result.output[-400:]!r}"
        assert result.exit_code in CONTRACT, shown
        assert result.exc_info is None or isinstance(result.exc_info[1], SystemExit), shown
        assert "Traceback" not in result.output, shown
        if "--json" in argv:
            json.loads(result.stdout)  # exactly one JSON document, also for errors
        if result.exit_code != 0:
            tally["refused"] += 1
            assert _event_count(db) == before, f"a refused command wrote: {shown}"
        else:
            tally["done"] += 1

    cwd = os.getcwd()
    os.chdir(folder)  # anything a command writes by default lands in the test's folder
    try:
        one()
    finally:
        os.chdir(cwd)
    print(f"\nfuzz: {tally['invocations']} invocations, {tally['refused']} refused, "
          f"{tally['done']} done, 0 tracebacks, 0 codes outside the contract, 0 writes "
          f"by a refused command")
    return tally


def _third(i: int) -> list[Any]:
    return [c for n, c in enumerate(COMMANDS) if n % 3 == i]


@pytest.mark.parametrize("part", [0, 1, 2])
def test_fuzzed_invocations_keep_the_contract(folder: Path, part: int) -> None:
    tally = _fuzz(folder, _third(part))
    assert tally["invocations"] >= EXAMPLES
