"""Calendar conditions of a transition, read from `[guards.NAME]`: freeze windows and
earliest dates (pure: the day is passed in).

A programme says in its data when a step may not happen (no go-live in week 52
or in July) and how early it may (not before two weeks ahead of the plan), so a
new programme's calendar needs no code. The guards in `guards.py` call these
rules; the loader and `workflow validate` use `param_problem` to check the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from engine.i18n import N_, _

MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
               N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
               N_("November"), N_("December"))
#: The parameters of each calendar guard and the kind of value each takes.
CALENDAR_PARAMS: Mapping[str, Mapping[str, str]] = {
    "outside-freeze": {"weeks": "weeks", "months": "months", "periods": "periods"},
    "not-before-planned": {"days": "days"},
    "not-before": {"date": "date"},
}
#: How far `frozen_until` looks for a free day before it says there is none.
_HORIZON = timedelta(days=3 * 366)


@dataclass(frozen=True, slots=True)
class Window:
    """One freeze window: an ISO week or a month of any year, or a period (both ends in)."""

    week: int = 0
    month: int = 0
    first: date | None = None
    last: date | None = None

    def contains(self, day: date) -> bool:
        if self.week:
            return day.isocalendar().week == self.week
        if self.month:
            return day.month == self.month
        assert self.first is not None and self.last is not None
        return self.first <= day <= self.last

    def end_after(self, day: date) -> date:
        """The first day after this window's stretch that contains `day`."""
        if self.week:
            return day + timedelta(days=8 - day.isoweekday())
        if self.month:
            return date(day.year + day.month // 12, day.month % 12 + 1, 1)
        assert self.last is not None
        return self.last + timedelta(days=1)

    def label(self) -> str:
        if self.week:
            return _("week {week}").format(week=self.week)
        if self.month:
            return _(MONTH_NAMES[self.month - 1])
        assert self.first is not None and self.last is not None
        return f"{self.first.isoformat()}–{self.last.isoformat()}"


def freeze_windows(params: Mapping[str, Any]) -> tuple[Window, ...]:
    """The windows of a checked `[guards.outside-freeze]` table."""
    return (*(Window(week=int(w)) for w in params.get("weeks", ())),
            *(Window(month=int(m)) for m in params.get("months", ())),
            *(Window(first=date.fromisoformat(p["from"]), last=date.fromisoformat(p["to"]))
              for p in params.get("periods", ())))


@dataclass(frozen=True, slots=True)
class Freeze:
    """Why a day is frozen: the windows it lies in, one after another, and the first
    free day after them (None when the windows leave no day free)."""

    windows: tuple[Window, ...]
    free_on: date | None


def frozen_until(windows: Iterable[Window], day: date) -> Freeze | None:
    """None when `day` lies in no window; else the windows that hold it, back to back
    (week 52 then week 1, July then a period in August), and the first day in none."""
    ordered = tuple(windows)
    passed: list[Window] = []
    here = day
    while here - day <= _HORIZON:
        holding = next((w for w in ordered if w.contains(here)), None)
        if holding is None:
            return Freeze(tuple(passed), here) if passed else None
        if holding not in passed:
            passed.append(holding)
        here = holding.end_after(here)
    return Freeze(tuple(passed), None)


def freeze_refusal(params: Mapping[str, Any], day: date, into: str) -> list[str]:
    """Why a transition into phase `into` (its name) may not be taken on `day`: the
    freeze windows of `params` that hold it and the first day it may, or nothing."""
    freeze = frozen_until(freeze_windows(params), day)
    if freeze is None:
        return []
    names = ", ".join(w.label() for w in freeze.windows)
    if freeze.free_on is None:
        return [_("{day} is in a freeze window ({windows}) that leaves no day free").format(
            day=day.isoformat(), windows=names)]
    return [_("{day} is in a freeze window ({windows}): not into {phase} before "
              "{free_on}").format(day=day.isoformat(), windows=names, phase=into,
                                  free_on=freeze.free_on.isoformat())]


def planned_refusal(days: int, planned_end: date | None, leaving: str, into: str,
                    day: date) -> list[str]:
    """Why a transition from phase `leaving` into `into` (their names) may not be taken
    on `day`: it is earlier than `days` before the planned end of `leaving`. Nothing
    when the subject plans no end for that phase."""
    if planned_end is None:
        return []
    first = planned_end - timedelta(days=days)
    if day >= first:
        return []
    return [_("not into {phase} before {first} ({days} days before the planned end of "
              "{leaving}, {planned})").format(phase=into, first=first.isoformat(), days=days,
                                               leaving=leaving, planned=planned_end.isoformat())]


def date_refusal(first: str, day: date, into: str) -> list[str]:
    """Why a transition into `into` may not be taken on `day`: it is before `first`."""
    if day >= date.fromisoformat(first):
        return []
    return [_("not into {phase} before {first}").format(phase=into, first=first)]


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _int_list(value: Any, low: int, high: int) -> bool:
    return isinstance(value, list) and bool(value) and all(
        type(v) is int and low <= v <= high for v in value)


def param_problem(kind: str, value: Any) -> str | None:
    """What is wrong with a calendar guard parameter of `kind`, or None when it is fine."""
    if kind == "weeks" and not _int_list(value, 1, 53):
        return _("must be a list of ISO week numbers 1..53, not {value!r}").format(value=value)
    if kind == "months" and not _int_list(value, 1, 12):
        return _("must be a list of month numbers 1..12, not {value!r}").format(value=value)
    if kind == "days" and not (type(value) is int and value >= 0):
        return _("must be a whole number of days, 0 or more, not {value!r}").format(value=value)
    if kind == "date" and _iso_date(value) is None:
        return _("must be a date written \"YYYY-MM-DD\", not {value!r}").format(value=value)
    if kind == "periods":
        return _period_problem(value)
    return None


def _period_problem(value: Any) -> str | None:
    shape = _("must be a list of {{ from = \"YYYY-MM-DD\", to = \"YYYY-MM-DD\" }}, not "
              "{value!r}")
    if not isinstance(value, list) or not value:
        return shape.format(value=value)
    for p in value:
        if not isinstance(p, dict) or set(p) != {"from", "to"}:
            return shape.format(value=p)
        first, last = _iso_date(p["from"]), _iso_date(p["to"])
        if first is None or last is None:
            return _("{value!r} is not a date written \"YYYY-MM-DD\"").format(
                value=p["from"] if first is None else p["to"])
        if last < first:
            return _("period {first} to {last} ends before it begins").format(
                first=first.isoformat(), last=last.isoformat())
    return None


def missing_params(name: str, params: Mapping[str, Any]) -> str | None:
    """The parameters a used calendar guard lacks, as `weeks, months or periods`, or None."""
    wanted = CALENDAR_PARAMS.get(name)
    if wanted is None or any(p in params for p in wanted):
        return None
    names = list(wanted)
    return names[0] if len(names) == 1 else _("{some} or {last}").format(
        some=", ".join(names[:-1]), last=names[-1])
