"""Business time (`--at`): how a date or a time is read, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from engine.domain.business_time import (
    FUTURE_TOLERANCE,
    LOCAL_TZ,
    Previous,
    business_day,
    business_instant,
    local_text,
)
from engine.errors import InvalidInputError

NOW = datetime(2024, 11, 18, 8, 30, tzinfo=UTC)  # Monday 09:30 in Stockholm


def test_a_friday_decision_entered_on_monday_keeps_friday() -> None:
    friday = datetime(2024, 11, 15, 14, 0, tzinfo=LOCAL_TZ)
    assert business_instant(friday, NOW, None) == datetime(2024, 11, 15, 13, 0, tzinfo=UTC)


def test_a_date_alone_is_the_start_of_that_day_in_stockholm() -> None:
    assert business_instant(date(2024, 11, 15), NOW, None) == datetime(
        2024, 11, 14, 23, 0, tzinfo=UTC)


def test_a_date_alone_comes_after_what_is_already_recorded_that_day() -> None:
    earlier = Previous("etapp-1", datetime(2024, 11, 15, 13, 0, tzinfo=UTC))
    assert business_instant(date(2024, 11, 15), NOW, earlier) == earlier.occurred_at


def test_a_naive_time_is_stockholm_time() -> None:
    assert business_instant(datetime(2024, 11, 15, 14, 0), NOW, None).hour == 13


def test_no_time_given_is_now() -> None:
    assert business_instant(None, NOW, None) == NOW


def test_before_the_previous_event_is_refused_naming_both_times_in_stockholm() -> None:
    previous = Previous("boras", datetime(2024, 11, 16, 9, 0, tzinfo=UTC))
    with pytest.raises(InvalidInputError) as e:
        business_instant(date(2024, 11, 15), NOW, previous)
    message = str(e.value)
    assert "2024-11-15 00:00" in message and "2024-11-16 10:00" in message
    assert "boras" in message and "Z" not in message and ".000000" not in message


def test_a_later_day_after_the_previous_event_is_accepted() -> None:
    previous = Previous("boras", datetime(2024, 11, 15, 9, 0, tzinfo=UTC))
    assert business_instant(date(2024, 11, 16), NOW, previous).date() == date(2024, 11, 15)


def test_the_future_beyond_the_tolerance_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="future"):
        business_instant(NOW + FUTURE_TOLERANCE + timedelta(seconds=1), NOW, None)
    with pytest.raises(InvalidInputError, match="future"):
        business_instant(date(2024, 11, 19), NOW, None)
    assert business_instant(NOW + FUTURE_TOLERANCE, NOW, None) == NOW + FUTURE_TOLERANCE


def test_now_never_falls_behind_a_time_entered_a_little_ahead() -> None:
    ahead = Previous("etapp-1", NOW + timedelta(minutes=3))
    assert business_instant(None, NOW, ahead) == ahead.occurred_at


def test_the_business_day_is_the_stockholm_day() -> None:
    assert business_day(None, datetime(2024, 11, 14, 23, 30, tzinfo=UTC)) == date(2024, 11, 15)
    assert business_day(date(2024, 1, 2), NOW) == date(2024, 1, 2)
    assert business_day(datetime(2024, 11, 14, 23, 30, tzinfo=UTC), NOW) == date(2024, 11, 15)


def test_times_for_people_are_stockholm_without_microseconds() -> None:
    assert local_text("2024-11-15T09:00:00.000000Z") == "2024-11-15 10:00"
    assert local_text("2024-11-15T09:00:07.250000Z") == "2024-11-15 10:00:07"
    assert local_text(None) == ""
