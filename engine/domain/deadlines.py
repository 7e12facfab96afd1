"""Pure deadline arithmetic: business calendar, alert ladder and pause shifts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from engine.i18n import _

__all__ = [
    "LADDER",
    "AlertPolicy",
    "BusinessCalendar",
    "alert_level",
    "ladder",
    "level_rank",
    "levels_reached",
    "local_date",
    "paused_days",
    "shift_date",
]

_SATURDAY: Final = 5
_UPCOMING: Final = "upcoming-"
_FINAL_LEVELS: Final = ("due", "overdue", "escalated")


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """
    Working days: Monday to Friday minus the given holidays.

    The holidays come from outside (see ``engine.calendar_se``) so that this
    module stays pure and tests can build a calendar by hand.
    """

    holidays: frozenset[date] = frozenset()

    def is_business_day(self, d: date) -> bool:
        """
        Tell whether ``d`` is a working day.

        Returns:
            False on Saturdays, Sundays and holidays; True otherwise.
        """
        return d.weekday() < _SATURDAY and d not in self.holidays

    def add_business_days(self, d: date, n: int) -> date:
        """
        Step ``n`` business days from ``d``.

        Args:
            d: the starting date; it need not be a business day itself.
            n: steps; positive moves forward, negative backward. Zero returns
                ``d`` unchanged (no rolling), so callers decide how to treat a
                start that falls on a holiday.

        Returns:
            A business day when ``n != 0``. It is the inverse of
            :meth:`business_days_between`: ``between(d, add(d, n)) == n``.
        """
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_business_day(current):
                remaining -= 1
        return current

    def business_days_between(self, start: date, end: date) -> int:
        """
        Count business days from ``start`` to ``end``.

        Args:
            start: the day counting starts after (it is never counted).
            end: the last day counted.

        Returns:
            The number of business days in ``(start, end]``; zero when the
            dates are equal; and, when ``end`` is before ``start``, minus the
            number in ``[end, start)`` so that it inverts
            :meth:`add_business_days`.
        """
        if end < start:
            return -self.business_days_between(end - timedelta(days=1), start - timedelta(days=1))
        weeks, rest = divmod((end - start).days, 7)
        # Whole weeks hold five weekdays whatever day they start on, so only
        # the remainder needs walking; that keeps year-long overdue spans cheap.
        weekdays = weeks * 5 + sum(
            1 for i in range(1, rest + 1) if (start + timedelta(days=i)).weekday() < _SATURDAY
        )
        closed = sum(1 for h in self.holidays if start < h <= end and h.weekday() < _SATURDAY)
        return weekdays - closed


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """
    When a deadline warns and when it escalates (DESIGN: alerts and escalation).

    ``lead_days`` is stored largest first whatever order it is given in, so the
    ladder reads from the earliest warning to the latest.

    Raises:
        ValueError: a lead day is not a positive integer or is repeated, the
            escalation threshold is below one business day, ``escalate_to`` is
            empty, or ``tz`` is not a known IANA zone.
    """

    lead_days: tuple[int, ...] = (30, 14, 7)
    escalate_after_business_days: int = 5
    #: Whom an escalated alert goes to when no `[[escalation]]` entry of the workflow covers it.
    escalate_to: str | None = None
    tz: str = "Europe/Stockholm"

    def __post_init__(self) -> None:
        leads = tuple(self.lead_days)
        if any(isinstance(n, bool) or not isinstance(n, int) or n <= 0 for n in leads):
            msg = _("lead_days must be positive integers, got {leads!r}").format(leads=leads)
            raise ValueError(msg)
        if len(set(leads)) != len(leads):
            msg = _("lead_days must be distinct, got {leads!r}").format(leads=leads)
            raise ValueError(msg)
        threshold = self.escalate_after_business_days
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
            msg = _("escalate_after_business_days must be an integer >= 1, got "
                    "{threshold!r}").format(
                      threshold=threshold)
            raise ValueError(msg)
        if self.escalate_to is not None and not self.escalate_to.strip():
            msg = _("escalate_to must not be empty")
            raise ValueError(msg)
        _zone(self.tz)
        # Frozen dataclasses allow normalisation only through object.__setattr__.
        object.__setattr__(self, "lead_days", tuple(sorted(leads, reverse=True)))


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as e:
        msg = _("unknown time zone {tz!r}").format(tz=tz)
        raise ValueError(msg) from e


def local_date(now: datetime, tz: str) -> date:
    """
    Give the calendar date of ``now`` in the zone ``tz``.

    Raises:
        ValueError: ``now`` is naive; a naive time has no single local date.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        msg = _("now must be timezone-aware, got naive {isoformat}").format(
                  isoformat=now.isoformat())
        raise ValueError(msg)
    return now.astimezone(_zone(tz)).date()


def ladder(policy: AlertPolicy) -> tuple[str, ...]:
    """
    List every alert level of ``policy`` from the first warning to escalation.

    Returns:
        ``upcoming-<n>`` for each lead day, largest first, then ``due``,
        ``overdue`` and ``escalated``.
    """
    return (*(f"{_UPCOMING}{n}" for n in policy.lead_days), *_FINAL_LEVELS)


LADDER: Final[tuple[str, ...]] = ladder(AlertPolicy())
"""The ladder of the default policy: upcoming-30, -14, -7, due, overdue, escalated."""


@cache  # a deadline check ranks the same few levels thousands of times
def level_rank(level: str) -> int:
    """
    Order alert levels by severity, independently of any policy.

    Returns:
        ``-n`` for ``upcoming-<n>`` (a nearer warning ranks higher), then 0 for
        ``due``, 1 for ``overdue`` and 2 for ``escalated``.

    Raises:
        ValueError: ``level`` is not an alert level.
    """
    if level in _FINAL_LEVELS:
        return _FINAL_LEVELS.index(level)
    days = level.removeprefix(_UPCOMING)
    if days != level and days.isdigit() and int(days) > 0:
        return -int(days)
    msg = _("unknown alert level {level!r}").format(level=level)
    raise ValueError(msg)


def alert_level(
    due_on: date, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar
) -> str | None:
    """
    Give the alert level a deadline has reached at ``now``.

    The day is the local date in ``policy.tz``, so 23:30 UTC on the eve of a
    deadline is already the due date in Stockholm.

    Args:
        due_on: the local date the deadline falls on.
        now: the current instant; must be timezone-aware.
        policy: lead days and escalation threshold.
        calendar: business days for counting how long it is overdue.

    Returns:
        ``upcoming-<n>`` for the smallest lead ``n`` with at most ``n``
        calendar days left; ``due`` on the day; ``overdue`` after it;
        ``escalated`` once ``escalate_after_business_days`` business days have
        passed since ``due_on``; None while further away than every lead.

    Raises:
        ValueError: ``now`` is naive.
    """
    today = local_date(now, policy.tz)
    if today == due_on:
        return "due"
    if today > due_on:
        late = calendar.business_days_between(due_on, today)
        return "escalated" if late >= policy.escalate_after_business_days else "overdue"
    days_left = (due_on - today).days
    for n in reversed(policy.lead_days):
        if days_left <= n:
            return f"{_UPCOMING}{n}"
    return None


def levels_reached(
    due_on: date, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar
) -> list[str]:
    """
    List every ladder level up to and including the current one.

    A scheduler that was down may find several levels passed at once. This
    returns them all in ladder order; the caller decides whether to send each
    one (with its uniqueness key) or only the last, which is the current level.

    Returns:
        An empty list while no level is reached.

    Raises:
        ValueError: ``now`` is naive.
    """
    current = alert_level(due_on, now, policy, calendar)
    if current is None:
        return []
    top = level_rank(current)
    return [level for level in ladder(policy) if level_rank(level) <= top]


def shift_date(d: date, days: int) -> date:
    """
    Move ``d`` by ``days`` calendar days (R13: resuming shifts open deadlines).
    """
    return d + timedelta(days=days)


def paused_days(paused_at: datetime, resumed_at: datetime, tz: str) -> int:
    """
    Count the whole calendar days a pause lasted in local time (R13).

    Deadlines are dates, so a pause is measured by local dates: paused on
    Monday evening and resumed Tuesday morning is one day.

    Returns:
        ``local(resumed_at) - local(paused_at)`` in days, never below zero.

    Raises:
        ValueError: either time is naive or ``tz`` is unknown.
    """
    days = (local_date(resumed_at, tz) - local_date(paused_at, tz)).days
    return max(days, 0)
