"""Deadline arithmetic: business days, the alert ladder, time zones and pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.domain.deadlines import (
    LADDER,
    AlertPolicy,
    BusinessCalendar,
    alert_level,
    ladder,
    level_rank,
    levels_reached,
    local_date,
    paused_days,
    shift_date,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Hand-built Swedish non-working days, so these tests need no holidays package.
SE = BusinessCalendar(
    holidays=frozenset(
        {
            date(2025, 12, 24),  # julafton
            date(2025, 12, 25),  # juldagen
            date(2025, 12, 26),  # annandag jul
            date(2025, 12, 31),  # nyårsafton
            date(2026, 1, 1),  # nyårsdagen
            date(2026, 1, 6),  # trettondedag jul
            date(2026, 4, 3),  # långfredagen
            date(2026, 4, 6),  # annandag påsk
            date(2026, 5, 1),  # första maj
            date(2026, 5, 14),  # Kristi himmelsfärdsdag
            date(2026, 6, 6),  # nationaldagen (a Saturday in 2026)
            date(2026, 6, 19),  # midsommarafton
        }
    )
)
NO_HOLIDAYS = BusinessCalendar()
DEFAULT = AlertPolicy()


def d(text: str) -> date:
    return date.fromisoformat(text)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def noon(text: str) -> datetime:
    # Noon UTC is the same calendar date in Stockholm all year round.
    return utc(f"{text}T12:00")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-02", True),  # Friday
        ("2026-01-03", False),  # Saturday
        ("2026-01-04", False),  # Sunday
        ("2026-01-06", False),  # trettondedag jul
        ("2026-04-03", False),  # långfredagen
        ("2026-06-19", False),  # midsommarafton
        ("2026-06-22", True),  # Monday after midsommar
    ],
)
def test_business_day_excludes_weekends_and_holidays(day: str, expected: bool) -> None:
    assert SE.is_business_day(d(day)) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-01-02", 1, "2026-01-05"),  # over a weekend
        ("2026-01-05", 1, "2026-01-07"),  # over trettondedag jul
        ("2025-12-23", 1, "2025-12-29"),  # over julafton, juldagen, annandag jul
        ("2025-12-30", 1, "2026-01-02"),  # over nyårsafton and nyårsdagen
        ("2026-04-02", 1, "2026-04-07"),  # over Easter
        ("2026-04-07", -1, "2026-04-02"),  # back over Easter
        ("2026-04-30", 2, "2026-05-05"),  # over första maj and a weekend
        ("2026-05-13", 1, "2026-05-15"),  # over Kristi himmelsfärd
        ("2026-06-18", 1, "2026-06-22"),  # over midsommarafton
        ("2026-01-07", 0, "2026-01-07"),
        ("2026-01-03", 0, "2026-01-03"),  # zero does not roll off a Saturday
        ("2026-01-03", 1, "2026-01-05"),
        ("2026-01-03", -1, "2026-01-02"),
        ("2026-01-02", 10, "2026-01-19"),  # two weeks less trettondedag jul
    ],
)
def test_add_business_days_skips_non_working_days(start: str, n: int, expected: str) -> None:
    assert SE.add_business_days(d(start), n) == d(expected)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-01-02", "2026-01-02", 0),
        ("2026-01-02", "2026-01-05", 1),
        ("2026-01-03", "2026-01-04", 0),  # a weekend alone
        ("2025-12-23", "2025-12-29", 1),
        ("2026-04-02", "2026-04-07", 1),
        ("2026-01-02", "2026-01-30", 19),  # four weeks less trettondedag jul
        ("2026-01-05", "2026-01-02", -1),  # end before start counts [end, start)
        ("2026-04-07", "2026-04-02", -1),
        ("2025-12-31", "2026-12-31", 254),  # 2026: 261 weekdays less 7 weekday holidays
    ],
)
def test_business_days_between_counts_after_start_through_end(
    start: str, end: str, expected: int
) -> None:
    assert SE.business_days_between(d(start), d(end)) == expected


@pytest.mark.parametrize("start", ["2025-12-20", "2025-12-24", "2026-04-04", "2026-06-17"])
@pytest.mark.parametrize("n", [-12, -5, -1, 0, 1, 2, 5, 12])
def test_business_days_between_inverts_add_business_days(start: str, n: int) -> None:
    assert SE.business_days_between(d(start), SE.add_business_days(d(start), n)) == n


DUE = "2026-06-22"  # the Monday after midsommar


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-05-22", None),  # 31 days before
        ("2026-05-23", "upcoming-30"),
        ("2026-06-07", "upcoming-30"),  # 15 days before
        ("2026-06-08", "upcoming-14"),
        ("2026-06-14", "upcoming-14"),  # 8 days before
        ("2026-06-15", "upcoming-7"),
        ("2026-06-21", "upcoming-7"),
        ("2026-06-22", "due"),
        ("2026-06-23", "overdue"),
        ("2026-06-28", "overdue"),  # 4 business days late, on a Sunday
        ("2026-06-29", "escalated"),  # 5 business days late
        ("2027-06-22", "escalated"),
    ],
)
def test_alert_level_climbs_the_default_ladder(today: str, expected: str | None) -> None:
    assert alert_level(d(DUE), noon(today), DEFAULT, SE) == expected


@pytest.mark.parametrize(
    ("due", "today", "calendar", "expected"),
    [
        ("2026-04-02", "2026-04-09", SE, "overdue"),  # Easter holds escalation back
        ("2026-04-02", "2026-04-09", NO_HOLIDAYS, "escalated"),
        ("2026-04-02", "2026-04-13", SE, "escalated"),
        ("2025-12-19", "2025-12-30", SE, "overdue"),  # Christmas holds it back
        ("2025-12-19", "2026-01-02", SE, "escalated"),
        ("2026-06-18", "2026-06-25", SE, "overdue"),  # midsommarafton
        ("2026-06-18", "2026-06-26", SE, "escalated"),
    ],
)
def test_escalation_counts_business_days_not_calendar_days(
    due: str, today: str, calendar: BusinessCalendar, expected: str
) -> None:
    assert alert_level(d(due), noon(today), DEFAULT, calendar) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-02-27", None),
        ("2026-02-28", "upcoming-10"),
        ("2026-03-07", "upcoming-3"),
        ("2026-03-10", "due"),
        ("2026-03-11", "escalated"),
    ],
)
def test_alert_level_follows_a_custom_policy(today: str, expected: str | None) -> None:
    policy = AlertPolicy(lead_days=(3, 10), escalate_after_business_days=1)
    assert alert_level(d("2026-03-10"), noon(today), policy, SE) == expected


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        # 23:30 UTC on the eve is already the due date in Stockholm (CET and CEST).
        ("2026-01-15", "2026-01-14T23:30", "due"),
        ("2026-01-15", "2026-01-14T22:59", "upcoming-7"),
        ("2026-06-22", "2026-06-21T23:30", "due"),
        ("2026-06-22", "2026-06-21T22:30", "due"),  # 00:30 CEST
        ("2026-06-22", "2026-06-21T21:59", "upcoming-7"),
        # Spring forward, 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        ("2026-03-29", "2026-03-28T23:30", "due"),  # 00:30 CET
        ("2026-03-29", "2026-03-29T01:30", "due"),  # 03:30 CEST
        ("2026-03-30", "2026-03-29T21:30", "upcoming-7"),  # 23:30 CEST
        ("2026-03-30", "2026-03-29T22:30", "due"),  # 00:30 CEST, two hours ahead now
        # Fall back, 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET.
        ("2026-10-25", "2026-10-24T22:30", "due"),  # 00:30 CEST
        ("2026-10-25", "2026-10-25T22:30", "due"),  # 23:30 CET, one hour ahead now
        ("2026-10-25", "2026-10-25T23:30", "overdue"),  # 00:30 CET on the 26th
    ],
)
def test_alert_level_uses_the_stockholm_date_across_dst(due: str, now: str, expected: str) -> None:
    assert alert_level(d(due), utc(now), DEFAULT, SE) == expected


def test_alert_level_accepts_any_aware_zone() -> None:
    new_york = datetime(2026, 6, 21, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert alert_level(d(DUE), new_york, DEFAULT, SE) == "due"


def test_alert_level_rejects_a_naive_now() -> None:
    naive = datetime(2026, 6, 22, 12, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        alert_level(d(DUE), naive, DEFAULT, SE)


def test_local_date_converts_to_the_given_zone() -> None:
    assert local_date(utc("2026-06-21T23:30"), "Europe/Stockholm") == d("2026-06-22")
    assert local_date(utc("2026-06-21T23:30"), "UTC") == d("2026-06-21")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-01-01", []),
        ("2026-06-08", ["upcoming-30", "upcoming-14"]),
        ("2026-06-22", ["upcoming-30", "upcoming-14", "upcoming-7", "due"]),
        ("2026-06-29", list(LADDER)),
    ],
)
def test_levels_reached_lists_every_passed_level_in_ladder_order(
    today: str, expected: list[str]
) -> None:
    assert levels_reached(d(DUE), noon(today), DEFAULT, SE) == expected


def test_ladder_orders_leads_from_earliest_warning_to_escalation() -> None:
    policy = AlertPolicy(lead_days=(7, 30, 14))
    assert policy.lead_days == (30, 14, 7)
    assert ladder(policy) == LADDER
    assert LADDER == ("upcoming-30", "upcoming-14", "upcoming-7", "due", "overdue", "escalated")


def test_level_rank_sorts_levels_in_ladder_order() -> None:
    levels = ladder(AlertPolicy(lead_days=(60, 3)))
    assert sorted(reversed(levels), key=level_rank) == list(levels)
    assert sorted(reversed(LADDER), key=level_rank) == list(LADDER)


@pytest.mark.parametrize("level", ["late", "upcoming-", "upcoming-0", "upcoming-x", "Due"])
def test_level_rank_rejects_unknown_levels(level: str) -> None:
    with pytest.raises(ValueError, match="unknown alert level"):
        level_rank(level)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lead_days": (30, 0)}, "positive"),
        ({"lead_days": (-7,)}, "positive"),
        ({"lead_days": (7, 7)}, "distinct"),
        ({"escalate_after_business_days": 0}, "escalate_after_business_days"),
        ({"escalate_to": " "}, "escalate_to"),
        ({"tz": "Mars/Olympus_Mons"}, "time zone"),
    ],
)
def test_alert_policy_rejects_invalid_settings(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AlertPolicy(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        ("2024-11-15", 108, "2025-03-03"),
        ("2026-03-28", 1, "2026-03-29"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2026-06-22", 0, "2026-06-22"),
    ],
)
def test_shift_date_moves_calendar_days(day: str, days: int, expected: str) -> None:
    assert shift_date(d(day), days) == d(expected)


@pytest.mark.parametrize(
    ("paused_at", "resumed_at", "expected"),
    [
        # The programme paused in November 2024 (seeds/003).
        (
            datetime(2024, 11, 15, 16, 0, tzinfo=STOCKHOLM),
            datetime(2025, 3, 3, 8, 0, tzinfo=STOCKHOLM),
            108,
        ),
        (utc("2026-03-01T23:30"), utc("2026-03-02T10:00"), 0),  # same Stockholm date
        (utc("2026-03-01T22:30"), utc("2026-03-01T23:30"), 1),  # over local midnight
        (utc("2026-03-28T12:00"), utc("2026-03-29T12:00"), 1),  # a 23-hour local day
        (utc("2026-06-10T12:00"), utc("2026-06-01T12:00"), 0),  # resumed before paused
    ],
)
def test_paused_days_counts_local_calendar_days(
    paused_at: datetime, resumed_at: datetime, expected: int
) -> None:
    assert paused_days(paused_at, resumed_at, "Europe/Stockholm") == expected


def test_paused_days_rejects_naive_times() -> None:
    naive = datetime(2026, 1, 1, 12, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        paused_days(naive, noon("2026-01-02"), "Europe/Stockholm")


def test_resume_shifts_a_deadline_by_the_paused_days() -> None:
    paused_at = datetime(2024, 11, 15, 16, 0, tzinfo=STOCKHOLM)
    resumed_at = paused_at + timedelta(days=30, hours=20)
    days = paused_days(paused_at, resumed_at, "Europe/Stockholm")
    assert days == 31
    assert shift_date(d("2024-12-01"), days) == d("2025-01-01")
