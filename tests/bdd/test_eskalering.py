"""Scenarios of features/eskalering.feature (W11): an escalated deadline goes to its owner,
as the workflow's `[[escalation]]` says."""

from __future__ import annotations

import csv
import io
import tomllib
from importlib import resources
from typing import Any

import pytest
from etapp_world import World, local
from pytest_bdd import parsers, scenarios, then, when

import workflows
from engine.domain.definition import build_definition
from engine.domain.guards import GUARD_NAMES
from engine.services.alerting import FiredAlert, check_deadlines

scenarios("eskalering.feature")

PHASES = {"Initiera": "initiera", "Acceptera": "acceptera", "Godkänna": "godkanna"}


@pytest.fixture
def seen() -> dict[str, Any]:
    return {}


def _escalated(seen: dict[str, Any]) -> list[FiredAlert]:
    return [f for f in seen["fired"] if f.level == "escalated"]


@when(parsers.re(r"tidsfristerna kontrolleras (?P<datum>\d{4}-\d\d-\d\d)"))
def check(world: World, seen: dict[str, Any], datum: str) -> None:
    seen["fired"] = check_deadlines(world.app, local(datum)).fired


@then(parsers.re(r"eskaleras åtgärdsfristen för etapp (?P<n>\d) till \"(?P<till>[^\"]+)\""))
def fix_by_escalated(seen: dict[str, Any], n: str, till: str) -> None:
    [f] = [f for f in _escalated(seen) if f.subject == f"etapp-{n}" and f.kind == "fix-by"]
    assert f.escalate_to == till


@then(parsers.re(r"eskaleras fasen (?P<fas>\S+) för (?P<subjekt>etapp \d|kommunen \S+) till "
                 r"\"(?P<till>[^\"]+)\""))
def phase_escalated(world: World, seen: dict[str, Any], fas: str, subjekt: str,
                    till: str) -> None:
    sid = world.sid(subjekt)
    [f] = [f for f in _escalated(seen) if f.subject == sid and f.kind == f"phase:{PHASES[fas]}"]
    assert f.escalate_to == till


@then(parsers.re(r"ingen tidsfrist eskaleras till \"(?P<till>[^\"]+)\""))
def none_to(seen: dict[str, Any], till: str) -> None:
    assert _escalated(seen), "nothing escalated"
    assert not [f for f in _escalated(seen) if till in (f.escalate_to or "")]


@then(parsers.re(r"larmets text slutar med \"(?P<text>[^\"]+)\""))
def message_ends(world: World, seen: dict[str, Any], text: str) -> None:
    [f] = [f for f in _escalated(seen) if f.kind == "fix-by"]
    with world.app.uow(write=False) as uow:
        [e] = [e for e in uow.events.events() if e.seq == f.seq]
    assert e.payload["message"].endswith(text), e.payload["message"]


@when(parsers.re(r"arbetsflödet läses med en eskalering av fasdatum till \"(?P<till>[^\"]+)\""))
def load_with(world: World, till: str) -> None:
    folder = resources.files(workflows)
    raw = tomllib.loads(folder.joinpath("millennium.toml").read_text(encoding="utf-8"))
    raw["escalation"] = [{"deadline": "phase", "subject": "municipality", "to": [till],
                          "source": "§5.8"}, *raw.get("escalation", [])]
    waves = tomllib.loads(folder.joinpath("waves.toml").read_text(encoding="utf-8"))["waves"]
    rows = list(csv.DictReader(io.StringIO(
        folder.joinpath("municipalities.csv").read_text(encoding="utf-8"), newline="")))
    world.attempt(lambda: build_definition(raw, waves, rows, GUARD_NAMES))
