"""Business time (`--at`): recorded after the fact, checked per subject, used for durations."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from click.testing import CliRunner
from etapp_testing import (
    add_timeline_actors,
    bring_pilot,
    count,
    decide,
    members,
    record_all,
    refused,
)

from cli.main import cli
from engine.domain.business_time import LOCAL_TZ
from engine.domain.commands import AdvanceSubject, PauseSubject, RecordEvidence, ResumeSubject
from engine.errors import InvalidInputError
from engine.ledger.codec import parse_instant
from engine.services import decisions, handlers
from engine.services.unit import App


def local(e: Any) -> datetime:
    return parse_instant(e.occurred_at).astimezone(LOCAL_TZ)


def test_history_is_entered_after_init_with_its_own_dates(app: App) -> None:
    # init ran "today" (2026-01-12); loading the subjects does not bound their history.
    [e] = handlers.record_evidence(app, "pia", RecordEvidence(
        "programme", "direktiv-beslutat", ref="Direktiv v1"), occurred_at=date(2019, 3, 1))
    assert local(e) == datetime(2019, 3, 1, tzinfo=LOCAL_TZ)
    assert e.recorded_at.startswith("2026-01-12")


def test_two_events_entered_for_the_same_day_keep_their_order(app: App) -> None:
    first_at = datetime(2024, 5, 2, 15, 30, tzinfo=LOCAL_TZ)
    [first] = handlers.record_evidence(app, "pia", RecordEvidence(
        "programme", "direktiv-beslutat", ref="D"), occurred_at=first_at)
    [second] = handlers.record_evidence(app, "pia", RecordEvidence(
        "programme", "projektplan-beslutad", ref="P"), occurred_at=date(2024, 5, 2))
    assert local(second) == first_at and second.seq > first.seq


def test_a_time_before_the_subjects_previous_event_is_refused(app: App) -> None:
    handlers.record_evidence(app, "pia", RecordEvidence("programme", "direktiv-beslutat", ref="D"),
                             occurred_at=date(2024, 5, 2))
    error = refused(app, InvalidInputError, lambda: handlers.record_evidence(
        app, "pia", RecordEvidence("programme", "projektplan-beslutad", ref="P"),
        occurred_at=date(2024, 5, 1)))
    assert str(error) == ("business time 2024-05-01 00:00 precedes programme's previous event "
                          "(2024-05-02 00:00): record a subject's events in the order they "
                          "happened")


def test_a_time_in_the_future_is_refused(app: App, clock: Any) -> None:
    error = refused(app, InvalidInputError, lambda: decisions.pause_subject(
        app, "pia", PauseSubject("etapp-4", "x", ref="P§1"), occurred_at=date(2026, 1, 13)))
    assert "lies in the future" in str(error) and "2026-01-13 00:00" in str(error)


def test_go_live_gives_every_municipality_the_same_business_time(app: App) -> None:
    bring_pilot(app, "godkanna")
    for sid in ("etapp-1", *members(app, "etapp-1")):
        record_all(app, sid)
    decide(app, "etapp-1", "go-live")
    stored = handlers.advance_subject(app, "anna", AdvanceSubject("etapp-1"),
                                      occurred_at=date(2026, 1, 12))
    assert len(stored) == 9 and len({e.occurred_at for e in stored}) == 1


def test_go_live_dated_before_one_municipalitys_last_event_is_refused_naming_it(
        app: App, clock: Any) -> None:
    bring_pilot(app, "godkanna")
    for sid in ("etapp-1", *members(app, "etapp-1")):
        if sid != "mark":
            record_all(app, sid)
    decide(app, "etapp-1", "go-live")
    clock.advance(days=2)
    record_all(app, "mark")  # Mark was ready two days later (2026-01-14 10:00)
    error = refused(app, InvalidInputError, lambda: handlers.advance_subject(
        app, "anna", AdvanceSubject("etapp-1"), occurred_at=date(2026, 1, 13)))
    assert "precedes mark's previous event (2026-01-14 10:00)" in str(error)


def test_resume_entered_afterwards_shifts_by_the_business_days(app: App, clock: Any) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("etapp-2", "Styrgruppsbeslut", ref="P§1"),
                            occurred_at=date(2026, 1, 20))
    add_timeline_actors(app)
    [resumed, shifted] = decisions.resume_subject(
        app, "regionstyrelsen", ResumeSubject("etapp-2", rationale="Klart", ref="P§1"),
        occurred_at=date(2026, 2, 19))
    assert resumed.payload["paused_days"] == 30 and shifted.payload["days"] == 30
    refused(app, InvalidInputError, lambda: decisions.pause_subject(
        app, "pia", PauseSubject("etapp-2", "igen", ref="P§1"), occurred_at=date(2026, 2, 18)))


def test_a_resume_dated_before_its_pause_is_refused(app: App, clock: Any) -> None:
    clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("etapp-2", "Paus", ref="P§1"),
                            occurred_at=date(2026, 2, 1))
    error = refused(app, InvalidInputError, lambda: decisions.resume_subject(
        app, "chefsgruppen", ResumeSubject("etapp-2", ref="P§1"), occurred_at=date(2026, 1, 31)))
    assert "precedes etapp-2's previous event (2026-02-01 00:00)" in str(error)


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--db", url, *args])


def test_cli_writing_commands_take_at_and_read_commands_refuse_it(
        sqlite_app: App, sqlite_url: str) -> None:
    done = run(sqlite_url, "evidence", "add", "programme", "direktiv-beslutat", "--ref", "D",
               "--at", "2024-11-15T14:00", "--actor", "pia", "--json")
    assert done.exit_code == 0, done.output
    assert '"occurred_at": "2024-11-15T13:00:00.000000Z"' in done.output
    before = count(sqlite_app)
    late = run(sqlite_url, "pause", "etapp-3", "--reason", "x", "--ref", "P", "--at", "2030-01-01",
               "--actor", "pia")
    assert late.exit_code == 2 and "lies in the future" in late.output
    read = run(sqlite_url, "status", "--at", "2024-11-15")
    assert read.exit_code == 2 and "--as-of" in read.output and "Traceback" not in read.output
    assert "etapp status takes no --at" in read.output
    early = run(sqlite_url, "--at", "2024-11-15", "pause", "etapp-3", "--reason", "x",
                "--actor", "pia")
    assert early.exit_code == 2 and "put --at after the command" in early.output
    bad = run(sqlite_url, "advance", "etapp-1", "--at", "15/11", "--actor", "anna")
    assert bad.exit_code == 2 and "is not a date or time" in bad.output
    assert count(sqlite_app) == before
