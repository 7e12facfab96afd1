"""Scenarios of features/historik.feature: the programme's real history, replayed.

The programme starts from an original plan (etapp 1 going live in spring 2021)
so that the replans of December 2019 and 2022-05-17 can be recorded as
decisions on VGR's timeline (Regionstyrelsen, seeds/004), ending in the shipped
default plan.
"""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from importlib import resources
from typing import Any

from etapp_world import ACTORS, World
from pytest_bdd import given, parsers, scenarios, then, when

import workflows
from engine.bootstrap import bootstrap
from engine.domain.commands import AddActor, ReplanDate
from engine.domain.definition import build_definition
from engine.domain.guards import GUARD_NAMES
from engine.services import decisions, handlers

scenarios("historik.feature")

#: An illustrative original plan for etapp 1: go-live in spring 2021 (seeds/004).
ORIGINAL_ETAPP_1 = {
    "initiera": "2019-06-28", "designa-bygga-validera": "2020-06-30",
    "acceptera": "2021-02-26", "godkanna": "2021-04-13", "stanga": "2021-08-31",
}
CAST: dict[str, Any] = {
    "kansliet": (("programkontor", "administrator"), None), "anna": ("huvudprojektledare", None),
    "pia": ("projektagare", None), "ledningen": ("programledning", None),
    "styrgruppen": ("programstyrgrupp", None), "chefsgruppen": ("chefsgrupp", None),
    "regionstyrelsen": ("regionstyrelse", None)}


def original_definition() -> Any:
    folder = resources.files(workflows)
    raw = tomllib.loads(folder.joinpath("millennium.toml").read_text(encoding="utf-8"))
    waves = tomllib.loads(folder.joinpath("waves.toml").read_text(encoding="utf-8"))["waves"]
    for w in waves:
        if w["id"] == "etapp-1":
            w["planned"] = dict(ORIGINAL_ETAPP_1)
    with folder.joinpath("municipalities.csv").open(encoding="utf-8", newline="") as fh:
        municipalities = list(csv.DictReader(fh))
    return build_definition(raw, waves, municipalities, GUARD_NAMES)


@given(parsers.re(r"programmet startades med den ursprungliga tidplanen där etapp 1 slutar "
                  r"fasen Godkänna (?P<datum>[\d-]+)"))
def original_programme(world: World, tmp_path: Any, datum: str) -> None:
    assert ORIGINAL_ETAPP_1["godkanna"] == datum
    world.app.close()
    app = bootstrap(f"sqlite:///{tmp_path}/historik.db", original_definition(),
                    must_exist=False, clock=world.clock)
    handlers.init_workflow(app)
    for name, (role, scope) in CAST.items():
        handlers.add_actor(app, None if name == "kansliet" else "kansliet",
                           AddActor(name, role, scope))
    world.app = app


@when(parsers.re(r"regionstyrelsen beslutar ny tidplan för etapp (?P<n>\d+) med motiveringen "
                 r"\"(?P<motiv>[^\"]+)\" och referensen \"(?P<ref>[^\"]+)\":"))
def new_timeline(world: World, n: str, motiv: str, ref: str, datatable: list[list[str]]) -> None:
    wave = f"etapp-{n}"
    rows = [(world.phase(fas), date.fromisoformat(datum)) for fas, datum in datatable[1:]]
    planned = world.subject(wave).planned or {}
    # Planned dates stay in phase order after every single replan: move later
    # dates from the last phase backwards, earlier ones from the first forwards.
    later = rows[-1][1].isoformat() > planned[rows[-1][0]]
    for phase, to in reversed(rows) if later else rows:
        decisions.replan_date(world.app, ACTORS["regionstyrelsen"],
                              ReplanDate(wave, phase, to, "regionstyrelse", motiv, ref))


@then(parsers.re(r"är etapp (?P<n>\d+):s tidplan densamma som i den levererade standardplanen"))
def default_plan(world: World, n: str) -> None:
    wave = f"etapp-{n}"
    assert world.show(wave)["planned"] == dict(workflows.load().wave(wave).planned)


@then(parsers.re(r"har etapp (?P<n>\d+) två omplaneringar av fasen (?P<fas>\S+) beslutade av "
                 r"(?P<organ>\w+)"))
def two_replans(world: World, n: str, fas: str, organ: str) -> None:
    found = [d for d in world.subject(f"etapp-{n}").decisions
             if d["decision"] == "replan" and d["phase"] == world.phase(fas)]
    assert [d["body"] for d in found] == [organ, organ]
    assert [d["occurred_at"][:10] for d in found] == ["2019-12-17", "2022-05-17"]
