"""Scenarios of features/historik.feature: the programme's real history, entered afterwards.

The programme starts from an original plan (etapp 1 going live in spring 2021)
so that the replans of December 2019 and 2022-05-17 can be recorded as
decisions on VGR's timeline (Regionstyrelsen, seeds/004), ending in the shipped
default plan. Everything after the start is entered in April 2025 with its own
business time (`occurred_at`, the CLI's `--at`).
"""

from __future__ import annotations

import csv
import tomllib
from datetime import date
from importlib import resources
from typing import Any

from etapp_world import ACTORS, World, local
from plan_walk import Step, take
from pytest_bdd import given, parsers, scenarios, then, when

import workflows
from engine.bootstrap import bootstrap
from engine.domain import events as ev
from engine.domain.commands import (
    AddActor,
    PauseSubject,
    RecordEvidence,
    ReplanDate,
    ResumeSubject,
)
from engine.domain.definition import PROGRAMME_ID, build_definition
from engine.domain.guards import GUARD_NAMES, missing_evidence
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
    start(world, tmp_path)


def start(world: World, tmp_path: Any) -> None:
    world.app.close()
    app = bootstrap(f"sqlite:///{tmp_path}/historik.db", original_definition(),
                    must_exist=False, clock=world.clock)
    handlers.init_workflow(app)
    for name, (role, scope) in CAST.items():
        handlers.add_actor(app, None if name == "kansliet" else "kansliet",
                           AddActor(name, role, scope))
    world.app = app


#: A protocol the sources do not name: the decision is the rule's, its reference illustrative.
ILLUSTRATIVE = " (illustrativ: protokollet nämns inte i källorna)"
#: The 2019 milestones: only the directive's decision is in the sources (seeds/002).
UNDATED = " (projektplan och kommunikationsplan: datum saknas i källorna, förs in med direktivets)"
TIMELINE_2019 = ("2019-12-31", "Cerner underskattade anpassningen till patientdatalagen",
                 "Ny tidplan december 2019 (endast månad i källan); reklamation oktober 2019",
                 {"initiera": "2020-06-30", "designa-bygga-validera": "2021-06-30",
                  "acceptera": "2022-02-25", "godkanna": "2022-04-12", "stanga": "2022-08-31"})
TIMELINE_2022 = ("2022-05-17", "Ny tidplan efter fortsatt kritik av leveransen",
                 "RS 2022-05-17; reklamation februari 2022 (endast månad i källan)",
                 {"initiera": "2023-03-31", "designa-bygga-validera": "2024-03-28",
                  "acceptera": "2024-09-30", "godkanna": "2024-11-12", "stanga": "2025-02-28"})
PAUSE = ("2024-11-30", "Millennium pausat efter driftsättningen i södra",
         "Paus november 2024 (endast månad i källan, seeds/003)")


def milestones(world: World, datum: str, ref: str) -> None:
    """The programme's 2019 milestones (R12), entered with their business day."""
    programme = world.subject(PROGRAMME_ID)
    for key in missing_evidence(world.app.definition, programme, programme.phase):
        text = ref if key == "direktiv-beslutat" else ref + UNDATED
        handlers.record_evidence(world.app, ACTORS["projektägaren"],
                                 RecordEvidence(PROGRAMME_ID, key, ref=text),
                                 occurred_at=local(datum))


def timeline(world: World, wave: str, datum: str, motiv: str, ref: str,
             dates: dict[str, str]) -> None:
    """A new timeline for `wave` decided by Regionstyrelsen on `datum`, one replan per phase."""
    rows = [(phase, date.fromisoformat(day)) for phase, day in dates.items()]
    planned = world.subject(wave).planned or {}
    # Planned dates stay in phase order after every single replan: move later
    # dates from the last phase backwards, earlier ones from the first forwards.
    later = rows[-1][1].isoformat() > planned[rows[-1][0]]
    for phase, to in reversed(rows) if later else rows:
        decisions.replan_date(world.app, ACTORS["regionstyrelsen"],
                              ReplanDate(wave, phase, to, "regionstyrelse", motiv, ref),
                              occurred_at=local(datum))


def through_go_live(world: World, wave: str) -> None:
    """The wave and its municipalities through the plan's phases to its go-live, each step
    on the plan's day; decisions the sources do not document carry an illustrative ref."""
    planned = world.subject(wave).planned or {}
    for phase in ("initiera", "designa-bygga-validera", "acceptera", "godkanna"):
        take(world.app, Step(date.fromisoformat(planned[phase]), wave, phase), ILLUSTRATIVE)


def pause(world: World, aktor: str, datum: str, skal: str, ref: str) -> None:
    decisions.pause_subject(world.app, ACTORS[aktor], PauseSubject(PROGRAMME_ID, skal, ref),
                            occurred_at=local(datum))


@when(parsers.re(r"projektägaren i efterhand registrerar programmets milstolpar beslutade "
                 r"(?P<datum>[\d-]+) med referensen \"(?P<ref>[^\"]+)\""))
def milestones_after(world: World, datum: str, ref: str) -> None:
    milestones(world, datum, ref)


@when(parsers.re(r"regionstyrelsen i efterhand registrerar ny tidplan för etapp (?P<n>\d+) "
                 r"beslutad (?P<datum>[\d-]+) med motiveringen \"(?P<motiv>[^\"]+)\" och "
                 r"referensen \"(?P<ref>[^\"]+)\":"))
def new_timeline(world: World, n: str, datum: str, motiv: str, ref: str,
                 datatable: list[list[str]]) -> None:
    dates = {world.phase(fas): day for fas, day in datatable[1:]}
    timeline(world, f"etapp-{n}", datum, motiv, ref, dates)


@when(parsers.re(r"chefsgruppen i efterhand registrerar att kommunen Borås återupptogs "
                 r"(?P<datum>[\d-]+)"))
def chefsgrupp_resumes(world: World, datum: str) -> None:
    cmd = ResumeSubject("boras", rationale="Ny tidplan", ref="CG (fanns inte då)",
                        body="chefsgrupp")
    world.attempt(lambda: decisions.resume_subject(world.app, ACTORS["chefsgruppen"], cmd,
                                                   occurred_at=local(datum)))


@when(parsers.re(r"etapp (?P<n>\d+) och dess kommuner i efterhand förs genom planens faser "
                 r"till driftsättningen (?P<datum>[\d-]+)"))
def to_go_live(world: World, n: str, datum: str) -> None:
    wave = f"etapp-{n}"
    assert (world.subject(wave).planned or {})["godkanna"] == datum
    through_go_live(world, wave)


@then(parsers.re(r"lämnade etapp (?P<n>\d+) fasen (?P<fas>\S+) (?P<datum>[\d-]+) enligt "
                 r"verksamhetstiden men registrerades (?P<registrerad>[\d-]+)"))
def left_after_the_fact(world: World, n: str, fas: str, datum: str, registrerad: str) -> None:
    with world.app.uow(write=False) as uow:
        [e] = [e for e in uow.events.events() if e.subject == f"etapp-{n}"
               and e.type == ev.SUBJECT_ADVANCED and e.payload["from"] == world.phase(fas)]
    assert e.occurred_at.startswith(datum) and e.recorded_at.startswith(registrerad), e


@when(parsers.re(r"programstyrgruppen i efterhand registrerar att programmet pausades "
                 r"(?P<datum>[\d-]+) med skälet \"(?P<skal>[^\"]+)\" och referensen "
                 r"\"(?P<ref>[^\"]+)\""))
def paused_after(world: World, datum: str, skal: str, ref: str) -> None:
    pause(world, "programstyrgruppen", datum, skal, ref)


@given("den verkliga historiken till pausen i november 2024 är införd")
def real_history(world: World, tmp_path: Any) -> None:
    world.clock.set(local("2018-11-27"))
    start(world, tmp_path)
    world.clock.set(local("2025-04-15"))
    milestones(world, "2019-06-18", "VästKoms styrelse 2019-06-18 § 15")
    for datum, motiv, ref, dates in (TIMELINE_2019, TIMELINE_2022):
        timeline(world, "etapp-1", datum, motiv, ref, dates)
    through_go_live(world, "etapp-1")
    pause(world, "programstyrgruppen", *PAUSE)


@when(parsers.re(r"regionstyrelsen i efterhand registrerar att programmet återupptogs "
                 r"(?P<datum>[\d-]+) bortom programmets slut med motiveringen "
                 r"\"(?P<motiv>[^\"]+)\" och referensen \"(?P<ref>[^\"]+)\""))
def resumed_after(world: World, datum: str, motiv: str, ref: str) -> None:
    cmd = ResumeSubject(PROGRAMME_ID, rationale=motiv, ref=ref, body="regionstyrelse",
                        beyond_programme_end=True)
    world.attempt(lambda: decisions.resume_subject(world.app, ACTORS["regionstyrelsen"], cmd,
                                                   occurred_at=local(datum)))


@then(parsers.re(r"är etapp (?P<n>\d+):s tidplan densamma som i den levererade standardplanen"))
def default_plan(world: World, n: str) -> None:
    wave = f"etapp-{n}"
    assert world.show(wave)["planned"] == dict(workflows.load().wave(wave).planned)


@then(parsers.re(r"har etapp (?P<n>\d+) två omplaneringar av fasen (?P<fas>\S+) beslutade av "
                 r"(?P<organ>\w+) (?P<forsta>[\d-]+) och (?P<andra>[\d-]+)"))
def two_replans(world: World, n: str, fas: str, organ: str, forsta: str, andra: str) -> None:
    found = [d for d in world.subject(f"etapp-{n}").decisions
             if d["decision"] == "replan" and d["phase"] == world.phase(fas)]
    assert [d["body"] for d in found] == [organ, organ]
    assert [d["occurred_at"][:10] for d in found] == [forsta, andra]
