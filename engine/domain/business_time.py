"""Business time (`occurred_at`): when a recorded fact happened, as the recorder says.

The office records on Monday what the steering group decided on Friday: every
writing command takes a business time (default: now), while the recorded time
stays the system clock. Pure rules, no clock reads: `now` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from engine.errors import InvalidInputError
from engine.i18n import _

#: Times are stored in UTC and shown in the programme's own zone (CONTRACT.md).
LOCAL_TZ = ZoneInfo("Europe/Stockholm")
#: How far a business time may lie ahead of the clock: a time typed a minute
#: early, or a clock a little behind, is not a claim about the future.
FUTURE_TOLERANCE = timedelta(minutes=5)


def local_text(instant: str | datetime | None) -> str:
    """An instant as a person reads it: Stockholm time, to the minute (seconds only when
    they are not zero), never microseconds or a UTC suffix."""
    if instant is None:
        return ""
    moment = (datetime.fromisoformat(instant.replace("Z", "+00:00"))
              if isinstance(instant, str) else instant)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    local = moment.astimezone(LOCAL_TZ)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class Previous:
    """The latest business time already recorded for one subject a command writes to."""

    subject: str
    occurred_at: datetime


def business_instant(given: date | None, now: datetime,
                     previous: Previous | None) -> datetime:
    """The business time to record for a command, checked against the clock and the past.

    `given` is what the user typed with `--at`: a `datetime` is that instant
    (aware); a plain `date` is that day in Stockholm, read as its start, or, when
    one of the written subjects already has an event later that same day, as
    that event's time, so several events entered for one day keep the order
    they were entered in. Nothing given means now (never before `previous`:
    a business time typed a few minutes ahead stays the subject's latest).

    Args:
        given: the `--at` value, or None.
        now: the system clock (recorded time).
        previous: the latest business time among the subjects written to.

    Raises:
        InvalidInputError: the time precedes the subject's previous event, or lies
            in the future beyond `FUTURE_TOLERANCE`.
    """
    if given is None:
        return max(now, previous.occurred_at) if previous else now
    if isinstance(given, datetime):
        if given.tzinfo is None:
            given = given.replace(tzinfo=LOCAL_TZ)
        moment = given
    else:
        moment = datetime.combine(given, time.min, LOCAL_TZ)
        if previous is not None and previous.occurred_at.astimezone(LOCAL_TZ).date() == given:
            moment = max(moment, previous.occurred_at)
    moment = moment.astimezone(UTC)
    if moment > now + FUTURE_TOLERANCE:
        msg = (_("business time {moment} lies in the future (now {now}): --at records what has "
                 "already happened").format(moment=local_text(moment), now=local_text(now)))
        raise InvalidInputError(msg)
    if previous is not None and moment < previous.occurred_at:
        msg = (_("business time {moment} precedes {previous_subject}'s previous event "
                 "({previous_occurred_at}): record a subject's events in the order they "
                 "happened").format(
                   moment=local_text(moment), previous_subject=previous.subject,
                   previous_occurred_at=local_text(previous.occurred_at)))
        raise InvalidInputError(msg)
    return moment


def business_day(given: date | None, now: datetime) -> date:
    """The Stockholm calendar day of a business time as given (`--at`), or of now."""
    if given is None:
        return now.astimezone(LOCAL_TZ).date()
    if isinstance(given, datetime):
        return (given if given.tzinfo else given.replace(tzinfo=LOCAL_TZ)).astimezone(
            LOCAL_TZ).date()
    return given
