"""Deadline check over the real database: levels, firing once, pauses, delivery and retries."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import structlog
from local_servers import LOCALHOST, Hook, Inbox, free_port, serve_hook, serve_smtp
from sqlalchemy import select

from engine.alerts import EmailSink, JsonLinesSink, Sink, WebhookSink
from engine.bootstrap import bootstrap
from engine.domain import events as ev
from engine.domain.deadlines import AlertPolicy, BusinessCalendar
from engine.domain.definition import WorkflowDefinition
from engine.persistence.tables import alert_table
from engine.services.alerting import check_deadlines, list_deadlines
from engine.services.queries import fold
from engine.services.unit import App, run_write

POLICY = AlertPolicy()
# Sweden's holidays around the etapp-4 Initiera deadline (2025-09-30): none in
# that fortnight, so weekdays are business days.
CALENDAR = BusinessCalendar(frozenset({date(2025, 12, 25), date(2025, 12, 26)}))
FAR = datetime(2035, 1, 1, 7, 0, tzinfo=UTC)
ALL_SUBJECTS_WITH_DEADLINES = 53  # 4 waves and 49 municipalities, all in Initiera


def noon(day: str) -> datetime:
    # Noon UTC is the same calendar date in Stockholm all year round.
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


def check(app: App, now: datetime, sinks: list[Sink] | None = None) -> Any:
    with structlog.testing.capture_logs():
        return check_deadlines(app, now, policy=POLICY, calendar=CALENDAR, sinks=sinks or [])


def alert_rows(app: App) -> list[tuple[str, str, str]]:
    with app.uow(write=False) as uow:
        rows = uow.conn.execute(select(alert_table.c.deadline, alert_table.c.level,
                                       alert_table.c.pending)).all()
    return sorted((r[0], r[1], r[2]) for r in rows)


def fired_events(app: App) -> list[ev.StoredEvent]:
    with app.uow(write=False) as uow:
        return [e for e in uow.events.events() if e.type == ev.ALERT_FIRED]


def record(app: App, *events: ev.NewEvent) -> None:
    """Append events as the programme office would, bypassing the decision services."""
    run_write(app, "anna", lambda _ctx: list(events))


def levels_of(result: Any, subject: str) -> list[str]:
    return [f.level for f in result.fired if f.subject == subject]


# -- listing -----------------------------------------------------------------


def test_lists_deadlines_that_have_a_level_and_all_with_all(app: App) -> None:
    now = noon("2025-03-10")

    listed = list_deadlines(app, now, policy=POLICY, calendar=CALENDAR)
    every = list_deadlines(app, now, policy=POLICY, calendar=CALENDAR, include_all=True)

    by_subject = {r["subject"]: r for r in every}
    assert len(every) == ALL_SUBJECTS_WITH_DEADLINES
    assert by_subject["etapp-1"]["level"] == "escalated"
    assert by_subject["etapp-2"] | {"level": "upcoming-30", "due": "2025-03-31",
                                    "kind": "phase:initiera"} == by_subject["etapp-2"]
    # Municipalities inherit their wave's planned dates.
    assert by_subject["bengtsfors"]["due"] == "2025-03-31"
    assert by_subject["etapp-4"]["level"] is None
    assert {r["subject"] for r in listed} == {r["subject"] for r in every if r["level"]}
    assert "etapp-4" not in {r["subject"] for r in listed}
    assert [r["due"] for r in every] == sorted(r["due"] for r in every)


# -- the ladder ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "level"),
    [
        ("2025-08-31", "upcoming-30"),
        ("2025-09-16", "upcoming-14"),
        ("2025-09-23", "upcoming-7"),
        ("2025-09-30", "due"),
        ("2025-10-01", "overdue"),
        ("2025-10-06", "overdue"),  # four business days late
        ("2025-10-07", "escalated"),  # the fifth business day
    ],
)
def test_level_follows_the_ladder(sqlite_app: App, day: str, level: str) -> None:
    [row] = [r for r in list_deadlines(sqlite_app, noon(day), policy=POLICY, calendar=CALENDAR)
             if r["subject"] == "etapp-4"]
    assert row["level"] == level


def test_each_level_fires_once_as_time_passes(sqlite_app: App) -> None:
    seen = []
    for day in ("2025-08-31", "2025-09-01", "2025-09-16", "2025-09-23", "2025-09-30",
                "2025-10-01", "2025-10-03", "2025-10-07", "2025-12-01"):
        seen += levels_of(check(sqlite_app, noon(day)), "etapp-4")

    assert seen == ["upcoming-30", "upcoming-14", "upcoming-7", "due", "overdue", "escalated"]
    [escalated] = [e for e in fired_events(sqlite_app)
                   if e.subject == "etapp-4" and e.payload["level"] == "escalated"]
    # A wave's phase date is the programme's timeline: its owner is programledningen (W11).
    assert escalated.payload["escalate_to"] == "programledning"


def test_after_a_downtime_only_the_highest_level_fires_naming_the_skipped(
        sqlite_app: App) -> None:
    check(sqlite_app, noon("2025-09-01"))

    result = check(sqlite_app, noon("2025-10-02"))

    [fired] = [f for f in result.fired if f.subject == "etapp-4"]
    assert (fired.level, fired.skipped) == ("overdue", ("upcoming-14", "upcoming-7", "due"))
    [event] = [e for e in fired_events(sqlite_app) if e.seq == fired.seq]
    assert event.payload["skipped"] == ["upcoming-14", "upcoming-7", "due"]


def test_a_lower_level_never_fires_after_a_higher_one(sqlite_app: App) -> None:
    check(sqlite_app, FAR)

    assert check(sqlite_app, noon("2025-09-20")).fired == ()


# -- firing once -------------------------------------------------------------------


def test_check_records_one_alert_and_one_event_each_and_never_again(
        app: App, db_url: str, definition: WorkflowDefinition) -> None:
    first = check(app, FAR)
    again = check(app, FAR)
    restarted = bootstrap(db_url, definition, clock=app.clock)
    try:
        after_restart = check(restarted, FAR)
    finally:
        restarted.close()

    assert len(first.fired) == ALL_SUBJECTS_WITH_DEADLINES
    assert {f.level for f in first.fired} == {"escalated"}
    assert again.fired == () and after_restart.fired == ()
    assert len(alert_rows(app)) == ALL_SUBJECTS_WITH_DEADLINES
    events = fired_events(app)
    assert sorted((e.payload["deadline"], e.payload["level"]) for e in events) == [
        (d, lvl) for d, lvl, _ in alert_rows(app)]
    assert {(e.actor, e.role) for e in events} == {("scheduler", "system")}
    e = events[0]
    assert set(e.payload) >= {"deadline", "kind", "due", "level", "escalate_to"}


def test_alert_events_keep_projections_consistent_with_the_log(app: App) -> None:
    check(app, FAR)

    with app.uow(write=False) as uow:
        rebuilt = fold(uow.events.events())
        stored = {s.id: s for s in uow.subjects.all()}
    assert rebuilt == stored


def _concurrent(apps: list[App], sinks: list[Sink]) -> list[Any]:
    barrier = threading.Barrier(len(apps))
    results: list[Any] = [None] * len(apps)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = check_deadlines(apps[i], FAR, policy=POLICY, calendar=CALENDAR,
                                         sinks=sinks)
        except BaseException as e:  # handed to the test thread below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(apps))]
    with structlog.testing.capture_logs():
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.slow
def test_two_concurrent_checks_fire_and_deliver_each_alert_once(
        app: App, db_url: str, definition: WorkflowDefinition, tmp_path: Path) -> None:
    out = tmp_path / "alerts.jsonl"
    others = [bootstrap(db_url, definition, clock=app.clock) for _ in range(2)]
    try:
        results = _concurrent(others, [JsonLinesSink(out)])
    finally:
        for other in others:
            other.close()

    fired = [(f.deadline, f.level) for r in results for f in r.fired]
    assert len(fired) == len(set(fired)) == ALL_SUBJECTS_WITH_DEADLINES
    assert len(fired_events(app)) == ALL_SUBJECTS_WITH_DEADLINES
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["key"] for line in lines) == sorted(f"{d}/{lvl}" for d, lvl in fired)
    assert {p for _, _, p in alert_rows(app)} == {""}


# -- pauses, final phases and moved deadlines -----------------------------------


def test_paused_wave_freezes_itself_and_its_municipalities(app: App) -> None:
    record(app, ev.NewEvent("etapp-2", ev.SUBJECT_PAUSED, {"reason": "avtalsförhandling"}))

    result = check(app, FAR)
    listed = {r["subject"]: r for r in list_deadlines(app, FAR, policy=POLICY,
                                                      calendar=CALENDAR, include_all=True)}

    frozen = {"etapp-2", "bengtsfors", "amal", "uddevalla"}
    assert not frozen & {f.subject for f in result.fired}
    assert result.frozen == 15
    assert len(result.fired) == ALL_SUBJECTS_WITH_DEADLINES - 15
    assert listed["amal"] | {"level": None, "paused": True, "paused_by": "etapp-2"} == \
        listed["amal"]

    record(app, ev.NewEvent("etapp-2", ev.SUBJECT_RESUMED, {}))
    assert len(check(app, FAR).fired) == 15


def test_paused_programme_fires_nothing(sqlite_app: App) -> None:
    record(sqlite_app, ev.NewEvent("programme", ev.SUBJECT_PAUSED, {"reason": "paus 2024-11"}))

    result = check(sqlite_app, FAR)

    assert result.fired == ()
    assert result.frozen == ALL_SUBJECTS_WITH_DEADLINES
    assert list_deadlines(sqlite_app, FAR, policy=POLICY, calendar=CALENDAR) == []


def test_subject_in_the_final_phase_has_no_deadlines(sqlite_app: App) -> None:
    record(sqlite_app, ev.NewEvent("boras", ev.SUBJECT_ADVANCED,
                                   {"from": "stanga", "to": "avslutad"}))

    listed = list_deadlines(sqlite_app, FAR, policy=POLICY, calendar=CALENDAR, include_all=True)

    assert "boras" not in {r["subject"] for r in listed}
    assert "boras" not in {f.subject for f in check(sqlite_app, FAR).fired}


def test_fix_by_deadline_of_a_rejection_alerts_on_its_own(sqlite_app: App) -> None:
    record(sqlite_app, ev.NewEvent("etapp-3", ev.DECISION_RECORDED, {
        "decision": "reject", "fix_by": "2025-04-15", "defects": 3}, body="programstyrgrupp"))

    result = check(sqlite_app, noon("2025-04-15"))

    kinds = {(f.kind, f.level) for f in result.fired if f.subject == "etapp-3"}
    assert kinds == {("fix-by", "due"), ("phase:initiera", "escalated")}
    assert "etapp-3/fix-by@2025-04-15" in {f.deadline for f in result.fired}


def test_a_replanned_date_is_a_new_deadline_with_its_own_alerts(sqlite_app: App) -> None:
    check(sqlite_app, noon("2025-10-01"))
    record(sqlite_app, ev.NewEvent("etapp-4", ev.DATE_REPLANNED,
                                   {"phase": "initiera", "to": "2025-10-20"}, body="chefsgrupp"))

    result = check(sqlite_app, noon("2025-10-01"))

    assert [(f.deadline, f.level) for f in result.fired if f.subject == "etapp-4"] == [
        ("etapp-4/phase:initiera@2025-10-20", "upcoming-30")]
    # Its municipalities inherit the new date too.
    assert "ale/phase:initiera@2025-10-20" in {f.deadline for f in result.fired}


# -- delivery through real servers ------------------------------------------------


@pytest.fixture
def hook() -> Iterator[Hook]:
    with serve_hook("/etapp") as state:
        yield state


@pytest.fixture
def inbox() -> Iterator[tuple[int, Inbox]]:
    with serve_smtp() as server:
        yield server


def _pause_all_but_the_pilot(app: App) -> None:
    """Freeze every wave but the pilot, so only its nine deadlines alert (small mail counts)."""
    for w in ("etapp-2", "etapp-3", "etapp-4"):
        record(app, ev.NewEvent(w, ev.SUBJECT_PAUSED, {"reason": "test"}))


@pytest.mark.slow
def test_failing_webhook_is_retried_at_the_next_check_and_mail_is_sent_once(
        sqlite_app: App, hook: Hook, inbox: tuple[int, Inbox]) -> None:
    port, box = inbox
    _pause_all_but_the_pilot(sqlite_app)
    hook.statuses = [500]
    sinks: list[Sink] = [
        WebhookSink(hook.url, retries=1, backoff_s=0),
        EmailSink(LOCALHOST, port, "etapp@vastkom.example", ("pmo@vastkom.example",)),
    ]

    first = check(sqlite_app, FAR, sinks)

    assert len(first.fired) == 9  # etapp-1 and its 8 municipalities
    assert len(box.messages) == 9
    assert hook.bodies == []
    assert len(first.failed) == 9
    assert all(sinks == ["webhook"] for sinks in first.failed.values())
    assert {p for _, _, p in alert_rows(sqlite_app)} == {"webhook"}

    second = check(sqlite_app, FAR, sinks)

    assert second.fired == ()
    assert second.failed == {}
    assert sorted(b["subject"] for b in hook.bodies) == sorted(f.subject for f in first.fired)
    assert len(box.messages) == 9  # mail was not sent again
    assert {p for _, _, p in alert_rows(sqlite_app)} == {""}
    assert len(fired_events(sqlite_app)) == 9
    subject = box.messages[0]["Subject"]
    # A municipality's phase escalates to its owners in the workflow data (W11, §5.8).
    assert subject.startswith("[etapp] ")
    assert "eskalerad till delprojektledare, koordinator i Sjuhärad" in subject


@pytest.mark.slow
def test_an_alert_leased_by_another_check_waits_for_the_lease(
        sqlite_app: App, hook: Hook, clock: Any) -> None:
    _pause_all_but_the_pilot(sqlite_app)
    check(sqlite_app, FAR)  # no sinks: nothing owed
    lease_until = (clock() + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with sqlite_app.uow(write=True) as uow:
        uow.conn.execute(alert_table.update().values(pending=f"@{lease_until}|webhook"))
        uow.commit()
    sinks: list[Sink] = [WebhookSink(hook.url, retries=1, backoff_s=0)]

    check(sqlite_app, FAR, sinks)
    assert hook.bodies == []

    clock.advance(minutes=16)
    check(sqlite_app, FAR, sinks)
    assert len(hook.bodies) == 9


def test_a_sink_no_longer_configured_is_dropped_from_pending(sqlite_app: App,
                                                             tmp_path: Path) -> None:
    _pause_all_but_the_pilot(sqlite_app)
    with structlog.testing.capture_logs():
        check_deadlines(sqlite_app, FAR, policy=POLICY, calendar=CALENDAR,
                        sinks=[WebhookSink(f"http://{LOCALHOST}:{free_port()}/", retries=1,
                                           backoff_s=0, name="old")])
    assert {p for _, _, p in alert_rows(sqlite_app)} == {"old"}

    with structlog.testing.capture_logs() as logs:
        check_deadlines(sqlite_app, FAR, policy=POLICY, calendar=CALENDAR,
                        sinks=[JsonLinesSink(tmp_path / "a.jsonl")])

    assert {p for _, _, p in alert_rows(sqlite_app)} == {""}
    assert any(e["event"] == "alert_sink_dropped" for e in logs)

