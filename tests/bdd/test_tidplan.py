"""Scenarios of features/tidplan.feature: the default plan walked in its own date order."""

from __future__ import annotations

from datetime import date

from etapp_world import World
from plan_walk import ENTERED_ON, at, final_acceptance, plan_steps, walk
from pytest_bdd import parsers, scenarios, then, when

from engine.domain import events as ev

scenarios("tidplan.feature")


@when(parsers.re(r"standardplanen följs i datumordning från milstolparna 2019 till "
                 r"(?:den sista etappens avslut|och med (?P<datum>[\d-]+))"))
def follow_plan(world: World, datum: str | None) -> None:
    world.result = walk(world.app, world.clock.set,
                        until=date.fromisoformat(datum) if datum else None)


@when(parsers.re(r"programledningen bereder det slutliga acceptanstestet och programstyrgruppen "
                 r"godkänner det(?: den (?P<dag>[\d-]+))? med referensen \"(?P<ref>[^\"]+)\""))
def final_test(world: World, ref: str, dag: str | None) -> None:
    on = date.fromisoformat(dag) if dag else None
    world.attempt(lambda: final_acceptance(world.app, ref, on))


@then("lämnade varje etapp varje fas den dag planen anger")
def left_on_plan(world: World) -> None:
    assert world.result == plan_steps(world.app.definition)
    with world.app.uow(write=False) as uow:
        left = {(e.subject, e.payload["from"]): e for e in uow.events.events()
                if e.type == ev.SUBJECT_ADVANCED and e.subject.startswith("etapp-")}
    for step in world.result:
        e = left[(step.wave, step.phase)]
        # Business time is the plan's day; recorded time is the day it was entered (--at).
        assert e.occurred_at.startswith(at(step.day).date().isoformat()), step
        assert e.recorded_at.startswith(ENTERED_ON.isoformat()), step


@then("står alla etapper och kommuner i fasen Avslutad")
def all_closed(world: World) -> None:
    assert all(r["phase"] == "avslutad" for r in world.status() if r["kind"] != "programme")
