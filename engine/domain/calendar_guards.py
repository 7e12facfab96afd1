"""The calendar guards: freeze windows and earliest dates, judged on the command's
business day with the parameters of `[guards.NAME]` (pure; rules in `calendar_rules`).

Each takes the name it is used under: its own kind (`outside-freeze`), or a name
the workflow declares with `kind = "outside-freeze"`, whose table holds its
parameters, so two transitions can have two freezes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from engine.domain.calendar_rules import date_refusal, freeze_refusal, planned_refusal
from engine.domain.guard_context import OK, GuardContext, GuardResult
from engine.domain.schedule import planned_dates


def _result(missing: list[str]) -> GuardResult:
    return GuardResult(not missing, tuple(missing))


def outside_freeze(ctx: GuardContext, name: str = "outside-freeze") -> GuardResult:
    """`[guards.NAME]` of kind `outside-freeze` (workflow data): no transition on a day in a
    freeze window, an ISO week, a month or a period (e.g. no go-live in week 52 or July)."""
    if ctx.business_on is None:
        return OK
    return _result(freeze_refusal(ctx.definition.guard_params[name],
                                  ctx.business_on, ctx.definition.phase(ctx.target).name))


def not_before_planned(ctx: GuardContext, name: str = "not-before-planned") -> GuardResult:
    """`[guards.NAME] days` of kind `not-before-planned` (workflow data): a wave or unit
    leaves a phase no earlier than `days` before that phase's planned end (waves.toml,
    moved by replans and a unit's own pauses); the programme plans no dates."""
    if ctx.business_on is None:
        return OK
    d, s = ctx.definition, ctx.subject
    planned = planned_dates(s, ctx.own_wave if s.kind == "municipality" else None).get(s.phase)
    return _result(planned_refusal(int(d.guard_params[name]["days"]), planned,
                                   d.phase(s.phase).name, d.phase(ctx.target).name,
                                   ctx.business_on))


def not_before(ctx: GuardContext, name: str = "not-before") -> GuardResult:
    """`[guards.NAME] date` of kind `not-before` (workflow data): no transition before it."""
    if ctx.business_on is None:
        return OK
    return _result(date_refusal(str(ctx.definition.guard_params[name]["date"]),
                                ctx.business_on, ctx.definition.phase(ctx.target).name))


#: Guard kind -> guard, called with the name whose `[guards.NAME]` holds its parameters.
CALENDAR_GUARDS: Mapping[str, Callable[[GuardContext, str], GuardResult]] = {
    "outside-freeze": outside_freeze,
    "not-before-planned": not_before_planned,
    "not-before": not_before,
}
