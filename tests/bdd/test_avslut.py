"""Scenarios of features/avslut.feature: closing a wave, and the final acceptance test (R10)."""

from __future__ import annotations

import re

from etapp_world import ACTORS, BODIES, World
from pytest_bdd import given, parsers, scenarios, then, when

from engine.domain.commands import RecordDecision
from engine.services import decisions

scenarios("avslut.feature")


@given(parsers.re(r"etapperna (?P<lista>[\d, och]+) och deras kommuner står i fasen "
                  r"(?P<fas>\S+)"))
def waves_at(world: World, lista: str, fas: str) -> None:
    for n in re.findall(r"\d+", lista):
        world.bring(f"etapp-{n}", world.phase(fas))


def _final(world: World, aktor: str, decision: str, ref: str | None = None) -> None:
    if decision == "prepare":
        ref = ref or "PL-protokoll §1"
    cmd = RecordDecision("programme", decision, BODIES[aktor], ref=ref)
    world.attempt(lambda: decisions.record_decision(world.app, ACTORS[aktor], cmd))


@given("programledningen har berett det slutliga acceptanstestet")
def final_prepared(world: World) -> None:
    _final(world, "programledningen", "prepare")
    assert world.error is None, world.error


@when(parsers.re(r"(?P<aktor>programledningen|programstyrgruppen) bereder det slutliga "
                 r"acceptanstestet"))
def final_prepare(world: World, aktor: str) -> None:
    _final(world, aktor, "prepare")


@when(parsers.re(r"(?P<aktor>programledningen|programstyrgruppen) godkänner det slutliga "
                 r"acceptanstestet(?: med referensen \"(?P<ref>[^\"]+)\")?"))
def final_accept(world: World, aktor: str, ref: str | None) -> None:
    _final(world, aktor, "accept", ref)


@then(parsers.re(r"är det slutliga acceptanstestet godkänt av (?P<organ>\w+) med referensen "
                 r"\"(?P<ref>[^\"]+)\""))
def final_accepted(world: World, organ: str, ref: str) -> None:
    assert world.error is None, world.error
    programme = world.subject("programme")
    assert programme.acceptance == "accepted"
    last = programme.decisions[-1]
    assert (last["decision"], last["body"], last["ref"], last["final"]) == (
        "accept", organ, ref, True)
