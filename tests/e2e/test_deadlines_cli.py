"""`etapp deadlines`, `etapp deadlines check` and `etapp scheduler run` through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
import time_machine
from click.testing import CliRunner, Result

from cli.main import cli

FAR = "2035-01-01T08:00:00+01:00"
ALL_DEADLINES = 53


@pytest.fixture(autouse=True)
def _fresh_structlog() -> Iterator[None]:
    # The CLI points structlog at the runner's stderr, which closes after each invoke.
    yield
    structlog.reset_defaults()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/etapp.db"
    assert invoke(url, "init").exit_code == 0
    return url


def invoke(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], env=env)


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def test_check_on_a_fresh_database_fires_each_alert_once(db: str) -> None:
    first = invoke(db, "--json", "deadlines", "check", "--now", FAR)
    second = invoke(db, "--json", "deadlines", "check", "--now", FAR)

    assert first.exit_code == 0, first.output
    fired = as_json(first)["fired"]
    assert len(fired) == ALL_DEADLINES
    assert {f["level"] for f in fired} == {"escalated"}
    assert {"subject", "deadline", "level"} <= set(fired[0])
    assert {f["subject"] for f in fired} >= {"etapp-1", "boras", "goteborg"}
    assert second.exit_code == 0
    assert as_json(second)["fired"] == []


def test_listing_shows_levels_and_all_shows_every_open_deadline(db: str) -> None:
    listed = as_json(invoke(db, "--json", "deadlines", "--now", "2025-03-10T09:00"))
    every = as_json(invoke(db, "--json", "deadlines", "--all", "--now", "2025-03-10T09:00"))

    assert {"subject", "kind", "due", "level"} <= set(listed["deadlines"][0])
    assert len(every["deadlines"]) == ALL_DEADLINES
    assert all(d["level"] for d in listed["deadlines"])
    levels = {d["subject"]: d["level"] for d in every["deadlines"]}
    assert (levels["etapp-1"], levels["etapp-2"], levels["etapp-4"]) == (
        "escalated", "upcoming-30", None)


def test_listing_shows_the_last_alert_fired(db: str) -> None:
    invoke(db, "deadlines", "check", "--now", FAR)

    rows = as_json(invoke(db, "--json", "deadlines", "--now", FAR))["deadlines"]

    assert {r["last_alert"] for r in rows} == {"escalated"}


def test_check_uses_the_clock_without_now(db: str) -> None:
    with time_machine.travel("2025-09-30 08:00 +02:00", tick=False):
        result = invoke(db, "--json", "deadlines", "check")

    levels = {f["subject"]: f["level"] for f in as_json(result)["fired"]}
    assert levels["etapp-4"] == "due"
    assert levels["etapp-1"] == "escalated"


def test_human_output_names_what_fired(db: str) -> None:
    result = invoke(db, "deadlines", "check", "--now", FAR)

    assert result.exit_code == 0
    assert "fired escalated" in result.stdout
    assert f"{ALL_DEADLINES} alert(s) fired" in result.stdout
    assert "etapp-1" in invoke(db, "deadlines", "--now", FAR).stdout


def test_config_file_sinks_receive_the_alerts(db: str, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    config = tmp_path / "etapp.toml"
    config.write_text(f'[alerts]\nescalate_to = "styrgrupp"\n[[alerts.sinks]]\n'
                      f'type = "jsonl"\npath = "{out}"\n', encoding="utf-8")

    result = invoke(db, "--json", "deadlines", "check", "--now", FAR,
                    env={"ETAPP_CONFIG": str(config)})

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == ALL_DEADLINES
    # The workflow names the owner of every phase date (W11, [[escalation]]); the configured
    # escalate_to is only the fallback for a deadline no entry covers.
    targets = {line["escalate_to"] for line in lines}
    assert "programledning" in targets and "styrgrupp" not in targets
    assert all(t == "programledning" or t.startswith("delprojektledare, koordinator i ")
               for t in targets), targets


@pytest.mark.parametrize(
    "args",
    [
        ("deadlines", "check", "--now", "yesterday"),
        ("deadlines", "--now", "2035-13-01"),
        ("scheduler", "run", "--at", "25:00"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(db: str, args: tuple[str, ...]) -> None:
    result = invoke(db, "--json", *args)

    assert result.exit_code == 2
    assert as_json(result)["error"]["code"] == "usage"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file"),
        ("alerts = [", "is not valid TOML"),
        ('[[alerts.sinks]]\ntype = "webhook"\n', "alerts.sinks[0]: webhook needs url"),
    ],
)
def test_bad_config_file_exits_2_with_one_line(db: str, tmp_path: Path, content: str | None,
                                               message: str) -> None:
    config = tmp_path / "etapp.toml"
    if content is not None:
        config.write_text(content, encoding="utf-8")

    for command in (("deadlines", "check"), ("scheduler", "run")):
        result = invoke(db, *command, "--config", str(config))
        assert result.exit_code == 2
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_check_on_an_uninitialised_database_exits_2(tmp_path: Path) -> None:
    result = invoke(f"sqlite:///{tmp_path}/none.db", "deadlines", "check")

    assert result.exit_code == 2
    assert "etapp init" in result.stderr
