"""Freeze windows and earliest dates as pure rules, and the guards that use them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import workflows
from engine.domain.calendar_rules import (
    Window,
    date_refusal,
    freeze_refusal,
    freeze_windows,
    frozen_until,
    missing_params,
    param_problem,
    planned_refusal,
)
from engine.domain.definition import build_definition
from engine.domain.guard_params import known
from engine.domain.guards import (
    GUARD_NAMES,
    GuardContext,
    evaluate,
    not_before_planned,
    outside_freeze,
    run_guard,
)
from engine.domain.subject import Subject
from engine.errors import DefinitionError

WEEK_52_JULY = {"weeks": [52], "months": [7]}


def refusal(day: str, params: dict | None = None) -> list[str]:
    return freeze_refusal(params or WEEK_52_JULY, date.fromisoformat(day), "Live")


class TestFreezeWindows:
    def test_a_day_outside_every_window_is_free(self) -> None:
        assert refusal("2026-06-30") == []
        assert refusal("2026-08-01") == []

    def test_july_is_frozen_to_its_last_day_and_free_from_august(self) -> None:
        assert refusal("2026-07-01") == [
            "2026-07-01 is in a freeze window (July): not into Live before 2026-08-01"]
        assert refusal("2026-07-31") == [
            "2026-07-31 is in a freeze window (July): not into Live before 2026-08-01"]
        assert refusal("2026-07-14") == [
            "2026-07-14 is in a freeze window (July): not into Live before 2026-08-01"]

    def test_iso_week_52_runs_monday_to_sunday_across_the_month(self) -> None:
        # 2026-12-21 is the Monday of ISO week 52, 2026-12-27 its Sunday.
        assert refusal("2026-12-20") == []
        assert refusal("2026-12-21") == [
            "2026-12-21 is in a freeze window (week 52): not into Live before 2026-12-28"]
        assert refusal("2026-12-27")[0].endswith("before 2026-12-28")
        assert refusal("2026-12-28") == []

    def test_week_52_may_end_in_the_next_year(self) -> None:
        # 2027 has no week 53: its week 52 is 2027-12-27..2028-01-02.
        assert refusal("2028-01-02") == [
            "2028-01-02 is in a freeze window (week 52): not into Live before 2028-01-03"]

    def test_week_53_exists_only_in_long_years(self) -> None:
        week_53 = {"weeks": [53]}
        # 2026 has 53 ISO weeks: 2026-12-28..2027-01-03; 2027 has none.
        assert refusal("2027-01-03", week_53)[0].endswith("before 2027-01-04")
        assert refusal("2027-12-31", week_53) == []

    def test_windows_back_to_back_are_one_freeze(self) -> None:
        weeks = {"weeks": [52, 53, 1]}
        assert refusal("2026-12-22", weeks) == [
            "2026-12-22 is in a freeze window (week 52, week 53, week 1): "
            "not into Live before 2027-01-11"]

    def test_a_period_spanning_new_year_holds_both_ends(self) -> None:
        period = {"periods": [{"from": "2025-12-20", "to": "2026-01-06"}]}
        assert refusal("2025-12-19", period) == []
        assert refusal("2025-12-20", period) == [
            "2025-12-20 is in a freeze window (2025-12-20–2026-01-06): "
            "not into Live before 2026-01-07"]
        assert refusal("2026-01-06", period)[0].endswith("before 2026-01-07")
        assert refusal("2026-01-07", period) == []

    def test_december_ends_on_new_years_day(self) -> None:
        assert refusal("2026-12-31", {"months": [12]})[0].endswith("before 2027-01-01")

    def test_windows_that_leave_no_day_free_say_so(self) -> None:
        assert refusal("2026-03-03", {"months": list(range(1, 13))}) == [
            "2026-03-03 is in a freeze window (March, April, May, June, July, August, "
            "September, October, November, December, January, February) that leaves no "
            "day free"]

    @given(st.dates(date(2000, 1, 1), date(2090, 12, 31)),
           st.lists(st.integers(1, 53), max_size=5), st.lists(st.integers(1, 12), max_size=3))
    def test_the_first_free_day_is_free_and_every_day_before_it_frozen(
            self, day: date, weeks: list[int], months: list[int]) -> None:
        windows = freeze_windows({"weeks": weeks, "months": months})
        found = frozen_until(windows, day)
        frozen = lambda d: any(w.contains(d) for w in windows)  # noqa: E731 - a local test helper
        if found is None:
            assert not frozen(day)
            return
        assert found.free_on is not None and found.free_on > day
        assert not frozen(found.free_on)
        assert all(frozen(day + timedelta(days=n)) for n in range((found.free_on - day).days))


class TestEarliestDates:
    def test_a_transition_waits_until_days_before_the_planned_end(self) -> None:
        planned = date(2026, 6, 30)
        assert planned_refusal(14, planned, "Cutover", "Live", date(2026, 6, 15)) == [
            "not into Live before 2026-06-16 (14 days before the planned end of Cutover, "
            "2026-06-30)"]
        assert planned_refusal(14, planned, "Cutover", "Live", date(2026, 6, 16)) == []
        assert planned_refusal(0, planned, "Cutover", "Live", date(2026, 6, 29)) != []

    def test_no_planned_end_sets_no_limit(self) -> None:
        assert planned_refusal(14, None, "Prepare", "Cutover", date(2000, 1, 1)) == []

    def test_a_fixed_date_is_the_first_day_allowed(self) -> None:
        assert date_refusal("2026-03-02", date(2026, 3, 1), "Live") == [
            "not into Live before 2026-03-02"]
        assert date_refusal("2026-03-02", date(2026, 3, 2), "Live") == []


class TestParameters:
    @pytest.mark.parametrize(("kind", "value"), [
        ("weeks", [0]), ("weeks", [54]), ("weeks", []), ("weeks", 52), ("weeks", [True]),
        ("months", [13]), ("months", [0]), ("months", ["july"]),
        ("days", -1), ("days", 1.5), ("days", "14"),
        ("date", "2026-02-30"), ("date", 20260301), ("date", "next monday"),
        ("periods", [{"from": "2026-01-06", "to": "2025-12-20"}]),
        ("periods", [{"from": "2025-12-20"}]), ("periods", [{"from": "x", "to": "y"}]),
        ("periods", {"from": "2025-12-20", "to": "2026-01-06"}),
    ])
    def test_a_bad_value_is_a_problem(self, kind: str, value: object) -> None:
        assert param_problem(kind, value)

    @pytest.mark.parametrize(("kind", "value"), [
        ("weeks", [1, 52, 53]), ("months", [7, 12]), ("days", 0), ("days", 14),
        ("date", "2026-03-02"), ("periods", [{"from": "2025-12-20", "to": "2026-01-06"}]),
    ])
    def test_a_good_value_is_none(self, kind: str, value: object) -> None:
        assert param_problem(kind, value) is None

    def test_a_calendar_guard_needs_one_of_its_parameters(self) -> None:
        assert missing_params("outside-freeze", {}) == "weeks, months or periods"
        assert missing_params("outside-freeze", {"months": [7]}) is None
        assert missing_params("not-before-planned", {}) == "days"

    def test_windows_name_themselves(self) -> None:
        assert [w.label() for w in (Window(week=52), Window(month=7))] == ["week 52", "July"]


def eprescribe_ctx(phase_end: str, on: str | None) -> GuardContext:
    d = workflows.load("eprescribe")
    wave = Subject("pilot", "wave", "Pilot", "cutover", wave="pilot", variant="pilot", number=1,
                   planned={"prepare": "2026-03-27", "cutover": phase_end})
    site = Subject("are", "municipality", "Åre", "cutover", wave="pilot", variant="pilot",
                   offset_days=7)
    programme = Subject("programme", "programme", "P", "prepare")
    return GuardContext(d, wave, "live", programme, {"pilot": wave}, (site,),
                        business_on=date.fromisoformat(on) if on else None)


class TestGuards:
    def test_the_freeze_guard_reads_its_windows_from_the_definition(self) -> None:
        assert outside_freeze(eprescribe_ctx("2026-06-30", "2026-07-14")).missing == (
            "2026-07-14 is in a freeze window (July): not into Live before 2026-08-01",)
        assert outside_freeze(eprescribe_ctx("2026-06-30", "2026-08-03")).ok

    def test_without_a_business_day_the_calendar_guards_hold(self) -> None:
        ctx = eprescribe_ctx("2026-06-30", None)
        assert evaluate(("outside-freeze", "not-before-planned"), ctx).ok

    def test_a_wave_waits_for_its_own_plan(self) -> None:
        assert not not_before_planned(eprescribe_ctx("2026-06-30", "2026-06-15")).ok
        assert not_before_planned(eprescribe_ctx("2026-06-30", "2026-06-16")).ok

    def test_a_paused_unit_waits_for_its_plan_moved_by_the_pause(self) -> None:
        ctx = eprescribe_ctx("2026-06-30", "2026-06-20")
        site = replace(ctx.members[0])
        unit_ctx = replace(ctx, subject=site, target="live")
        assert not_before_planned(unit_ctx).missing == (
            "not into Live before 2026-06-23 (14 days before the planned end of Cutover, "
            "2026-07-07)",)

    def test_the_programme_has_no_plan_and_no_limit(self) -> None:
        ctx = eprescribe_ctx("2026-06-30", "2000-01-01")
        assert not_before_planned(replace(ctx, subject=ctx.programme, target="cutover")).ok


@pytest.mark.parametrize(("table", "expected"), [
    ({"weeks": [0]}, "[guards.outside-freeze] weeks: must be a list of ISO week numbers"),
    ({"month": [7]}, "[guards.outside-freeze] has unknown parameter 'month'"),
    ({}, "guard 'outside-freeze' needs [guards.outside-freeze] weeks, months or periods"),
])
def test_the_loader_refuses_a_bad_freeze(table: dict, expected: str) -> None:
    raw, waves, units = _eprescribe_raw()
    raw["guards"]["outside-freeze"] = table
    if not table:
        del raw["guards"]["outside-freeze"]
    with pytest.raises(DefinitionError, match=re.escape(expected)):
        build_definition(raw, waves, units, GUARD_NAMES)


class TestDeclaredGuards:
    """A workflow names a calendar guard of its own: `[guards.NAME] kind = …`."""

    def test_eprescribe_declares_a_new_year_freeze_for_its_cutover(self) -> None:
        d = workflows.load("eprescribe")
        site = Subject("are", "municipality", "Åre", "prepare", wave="pilot", variant="pilot")
        programme = Subject("programme", "programme", "P", "prepare")
        ctx = GuardContext(d, site, "cutover", programme, {}, business_on=date(2026, 12, 30))
        assert run_guard("no-cutover-over-new-year", ctx).missing == (
            "2026-12-30 is in a freeze window (week 53, week 1): not into Cutover before "
            "2027-01-11",)
        assert run_guard("no-cutover-over-new-year", replace(ctx, business_on=date(2027, 1, 11))).ok

    def test_every_guard_of_the_shipped_workflows_resolves(self) -> None:
        for name in ("millennium", "eprescribe"):
            d = workflows.load(name)
            for t in d.transitions:
                assert all(known(g, GUARD_NAMES, d.guard_params) for g in t.guards), t

    @pytest.mark.parametrize(("table", "expected"), [
        ({"kind": "quorum", "months": [7]}, "[guards.summer] kind must be one of outside-freeze, "
                                            "not-before-planned, not-before, not 'quorum'"),
        ({"kind": "outside-freeze", "days": 3}, "[guards.summer] has unknown parameter 'days'"),
        ({"kind": "outside-freeze", "months": [0]}, "[guards.summer] months: must be a list"),
        ({"kind": "outside-freeze"}, "guard 'summer' needs [guards.summer] weeks, months or "
                                     "periods"),
        ({"months": [7]}, "[guards.summer] parameterises unknown guard 'summer'"),
    ])
    def test_the_loader_checks_a_declared_guard_as_its_kind(self, table: dict,
                                                            expected: str) -> None:
        raw, waves, units = _eprescribe_raw()
        raw["guards"]["summer"] = table
        if table.get("kind") == "outside-freeze":  # else the transition's unknown guard is first
            raw["transitions"][1]["guards"].append("summer")
        with pytest.raises(DefinitionError, match=re.escape(expected)):
            build_definition(raw, waves, units, GUARD_NAMES)


def _eprescribe_raw() -> tuple[dict, list, list]:
    import tomllib

    folder = Path(workflows.__file__).parent / "eprescribe"
    raw = tomllib.loads((folder / "workflow.toml").read_text(encoding="utf-8"))
    waves = tomllib.loads((folder / "waves.toml").read_text(encoding="utf-8"))["waves"]
    d = workflows.load("eprescribe")
    units = [{"code": m.code, "name": m.name, "federation": m.federation, "area": m.area,
              "wave": m.wave} for m in d.municipalities]
    return raw, waves, units
