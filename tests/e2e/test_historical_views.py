"""Answers that do not mislead: business vs recorded as-of, historical headers, history's
head and reader, times in messages (issue 15)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.domain.commands import PauseSubject
from engine.services import decisions
from engine.services.unit import App


def cli_run(url: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exit_code == code, result.output
    return result.output


def as_json(url: str, *args: str, code: int = 0) -> Any:
    return json.loads(cli_run(url, "--json", *args, code=code))


@pytest.fixture
def url(sqlite_app: App, sqlite_url: str, clock: Any) -> str:
    """Initialised 2026-01-12; on Monday 19 January the office records that the steering
    group paused etapp-2 on Friday 16 January."""
    clock.set(datetime(2026, 1, 19, 8, tzinfo=UTC))
    decisions.pause_subject(sqlite_app, "pia",
                            PauseSubject("etapp-2", "Styrgruppen 16/1", ref="P§1"),
                            occurred_at=date(2026, 1, 16))
    return sqlite_url


def paused(rows: list[dict[str, Any]], sid: str) -> bool:
    return next(r["paused"] for r in rows if r["id"] == sid)


def test_as_of_is_what_was_decided_and_recorded_as_of_what_the_log_knew(url: str) -> None:
    decided = as_json(url, "status", "--as-of", "2026-01-17")
    assert paused(decided["subjects"], "etapp-2") is True
    known = as_json(url, "status", "--recorded-as-of", "2026-01-17")
    assert paused(known["subjects"], "etapp-2") is False
    assert known["recorded_as_of"].startswith("2026-01-17T22:59") and known["as_of"] is None
    both = as_json(url, "status", "--as-of", "2026-01-17", "--recorded-as-of", "2026-01-19")
    assert paused(both["subjects"], "etapp-2") is True
    assert as_json(url, "show", "etapp-2", "--as-of", "2026-01-15")["paused"] is False
    assert as_json(url, "show", "etapp-2", "--as-of", "2026-01-16")["paused"] is True


def test_status_before_the_first_event_answers_instead_of_crashing(url: str) -> None:
    text = cli_run(url, "status", "--as-of", "2019-01-01")
    assert "historical view: as of 2019-01-01 23:59 (business time)" in text
    assert "etapp-2" in text
    empty = cli_run(url, "status", "--recorded-as-of", "2019-01-01")
    assert "as recorded by 2019-01-01 23:59 (recorded time)" in empty
    assert "nothing was recorded by then" in empty
    assert as_json(url, "status", "--recorded-as-of", "2019-01-01")["subjects"] == []


def test_every_historical_view_says_so_in_its_header(url: str) -> None:
    header = "historical view: as of 2026-01-17 23:59 (business time)"
    assert cli_run(url, "show", "etapp-2", "--as-of", "2026-01-17").startswith(header)
    assert cli_run(url, "history", "--as-of", "2026-01-17").startswith(header)
    assert header in cli_run(url, "replay", "--as-of", "2026-01-17")
    recorded = "historical view: as recorded by 2026-01-12 23:59 (recorded time)"
    assert cli_run(url, "history", "--until", "2026-01-12").startswith(recorded)
    assert not cli_run(url, "show", "etapp-2").startswith("historical view")


def test_history_until_shows_the_head_of_that_day(url: str) -> None:
    now = as_json(url, "history")
    then = as_json(url, "history", "--until", "2026-01-12")
    assert then["head"]["seq"] == now["head"]["seq"] - 1  # the pause came later
    assert then["head"]["seq"] == then["events"][-1]["seq"]
    assert then["head"]["hash"] == then["events"][-1]["hash"] != now["head"]["hash"]
    text = cli_run(url, "history", "--until", "2026-01-12")
    assert f"head as of 2026-01-12 23:59: #{then['head']['seq']} " in text


def test_history_never_narrows_to_the_acting_actor(url: str) -> None:
    everything = as_json(url, "history")["events"]
    as_auditor = as_json(url, "history", "--actor", "revisorn")["events"]
    # The auditor recorded nothing, yet sees every event when saying who they are.
    assert as_auditor == everything and "revisorn" not in {e["actor"] for e in everything}
    assert {e["actor"] for e in as_json(url, "history", "--by", "pia")["events"]} == {"pia"}
    assert as_json(url, "history", "--actor", "nobody", code=4)["error"]["code"] == "forbidden"


def test_times_in_refusals_are_stockholm_time_without_microseconds(url: str) -> None:
    text = cli_run(url, "pause", "etapp-2", "--reason", "igen", "--ref", "P§1", "--actor", "pia",
                   code=5)
    assert "paused since 2026-01-16 00:00" in text
    assert "000000" not in text and "Z:" not in text
    moved = cli_run(url, "advance", "etapp-2", "--actor", "anna", code=3)
    assert "since 2026-01-16 00:00" in moved and "000000" not in moved


def test_show_dates_what_was_entered_afterwards_by_when_it_happened(url: str) -> None:
    text = cli_run(url, "show", "etapp-2")
    assert "decision: pause by" in text
    assert "2026-01-16 00:00 (recorded 2026-01-19 09:00)" in text
    cli_run(url, "evidence", "add", "programme", "direktiv-beslutat", "--ref", "Direktiv v3.0",
            "--at", "2024-04-23", "--actor", "pia")
    [entry] = as_json(url, "show", "programme")["evidence"]
    assert entry["occurred_at"] == "2024-04-22T22:00:00.000000Z"
    assert ("direktiv-beslutat (Projektdirektivet beslutat) ref Direktiv v3.0 — pia (projektagare) "
            "2024-04-23 00:00 (recorded") \
        in cli_run(url, "show", "programme")
    assert as_json(url, "replay")["ok"] is True


def test_a_business_time_report_says_so_and_the_issued_form_stays_unmarked(url: str) -> None:
    marked = "Historisk vy: det som hade hänt per 2026-01-17"
    assert marked in cli_run(url, "report", "--format", "md", "--as-of", "2026-01-17")
    assert "Historisk vy" not in cli_run(url, "report", "--format", "md")
    recorded = cli_run(url, "report", "--format", "md", "--recorded-as-of", "2026-01-17")
    assert "Historisk vy" not in recorded and "Per 2026-01-17" in recorded
