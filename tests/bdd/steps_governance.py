"""Steps about roles, bodies and their members (§5.4, §5.8), shared by every feature.

Imported by tests/bdd/conftest.py so that every feature can use them.
"""

from __future__ import annotations

import re

from etapp_world import ACTORS, World, keys_in
from pytest_bdd import given, parsers, then, when

from engine.domain.commands import AddActor, ChangeRole
from engine.services import actors as actor_service
from engine.services import queries

WHO = r"(?P<aktor>" + "|".join(re.escape(a) for a in ACTORS) + ")"
#: The bodies of §5 as the scenarios name them.
BODY_NAMES = {"Chefsgruppen": "chefsgrupp", "programstyrgruppen": "programstyrgrupp",
              "programledningen": "programledning"}


@given(parsers.re(WHO + r" också sitter i (?P<organ>Chefsgruppen|programstyrgruppen|"
                  r"programledningen)"))
def also_member(world: World, aktor: str, organ: str) -> None:
    actor_service.change_role(world.app, ACTORS["administratören"],
                              ChangeRole(ACTORS[aktor], BODY_NAMES[organ]))


@when(parsers.re(r"(?P<vem>" + WHO[len("(?P<aktor>"):-1] + r") ger (?P<aktor>.+?) rollen "
                 r"(?P<roll>[\w-]+)"))
def grant(world: World, vem: str, aktor: str, roll: str) -> None:
    cmd = ChangeRole(ACTORS[aktor], roll)
    world.attempt(lambda: actor_service.change_role(world.app, ACTORS[vem], cmd))


@when(parsers.re(WHO + r" tar tillbaka rollen (?P<roll>[\w-]+) från (?P<vem>.+)"))
def revoke(world: World, aktor: str, roll: str, vem: str) -> None:
    cmd = ChangeRole(ACTORS[vem], roll, grant=False)
    world.attempt(lambda: actor_service.change_role(world.app, ACTORS[aktor], cmd))


@when(parsers.re(WHO + r" registrerar aktören \"(?P<namn>[^\"]+)\" med rollen (?P<roll>[\w-]+)"))
def register(world: World, aktor: str, namn: str, roll: str) -> None:
    cmd = AddActor(namn, roll)
    world.attempt(lambda: actor_service.add_actor(world.app, ACTORS[aktor], cmd))


def _actor(world: World, name: str) -> dict:
    return next(a for a in queries.actors(world.app) if a["name"] == name)


@then(parsers.re(r"har (?P<aktor>.+?) rollerna (?P<roller>\".+\")"))
def has_roles(world: World, aktor: str, roller: str) -> None:
    assert world.error is None, world.error
    assert sorted(_actor(world, ACTORS[aktor])["roles"]) == sorted(keys_in(roller))


@then(parsers.re(r"sitter (?P<aktor>.+?) i (?P<organ>Chefsgruppen|programstyrgruppen|"
                 r"programledningen)"))
def sits_in(world: World, aktor: str, organ: str) -> None:
    assert BODY_NAMES[organ] in _actor(world, ACTORS[aktor])["bodies"]


@then("stämmer aktörerna när loggen spelas upp på nytt")
def replay_agrees(world: World) -> None:
    from engine.services.audit import replay_log

    report = replay_log(world.app)
    assert report.ok, report.problems


@then(parsers.re(r"beslutet registrerades av (?P<aktor>.+?) som ledamot i (?P<organ>[\w-]+)"))
def recorded_by_member(world: World, aktor: str, organ: str) -> None:
    assert world.error is None, world.error
    [e] = world.result
    assert (e.actor, e.role, e.body) == (ACTORS[aktor], organ, organ)


@then(parsers.re(r"är beslutet registrerat med dokumentet \"(?P<ref>[^\"]+)\" från mötet "
                 r"(?P<datum>\d{4}-\d\d-\d\d)"))
def decision_documented(world: World, ref: str, datum: str) -> None:
    assert world.error is None, world.error
    e = world.result[0]
    assert (e.payload["ref"], e.payload["meeting_on"]) == (ref, datum)


@then(parsers.re(r"är \"(?P<nyckel>[^\"]+)\" registrerat för (?P<subjekt>.+?) med referensen "
                 r"\"(?P<ref>[^\"]+)\""))
def evidence_with_ref(world: World, nyckel: str, subjekt: str, ref: str) -> None:
    assert world.error is None, world.error
    recorded = world.subject(world.sid(subjekt)).evidence
    assert any(e["key"] == nyckel and e["ref"] == ref for e in recorded), recorded


@given(parsers.re(r"programstyrgruppen har beslutat (?P<beslut>go-live|no-go) "
                  r"för etapp (?P<n>\d+)"))
def has_decided_go(world: World, beslut: str, n: str) -> None:
    world.decide(f"etapp-{n}", beslut, rationale="Styrgruppens bedömning")


@when(parsers.re(WHO + r" beslutar (?P<beslut>go-live|no-go) för etapp (?P<n>\d+)"
                 r"(?P<namn> i programstyrgruppens namn)?"
                 r"(?: med motiveringen \"(?P<motiv>[^\"]+)\")?"
                 r"(?: (?:och|med) referensen \"(?P<ref>[^\"]+)\")?(?P<utanref> utan referens)?"))
def decides_go(world: World, aktor: str, beslut: str, n: str, namn: str | None,
               motiv: str | None, ref: str | None, utanref: str | None) -> None:
    from engine.domain.commands import RecordDecision
    from engine.services import decisions

    cmd = RecordDecision(f"etapp-{n}", beslut, "programstyrgrupp", rationale=motiv,
                         ref=None if utanref else (ref or "PSG-protokoll"))
    world.attempt(lambda: decisions.record_decision(world.app, ACTORS[aktor], cmd))


@then(parsers.re(r"är (?P<beslut>go-live|no-go) beslutat för etapp (?P<n>\d+) av "
                 r"(?P<organ>[\w-]+) med referensen \"(?P<ref>[^\"]+)\""))
def go_decided(world: World, beslut: str, n: str, organ: str, ref: str) -> None:
    assert world.error is None, world.error
    [e] = world.result
    assert (e.subject, e.body, e.payload["decision"], e.payload["ref"]) == (
        f"etapp-{n}", organ, beslut, ref)


@when(parsers.re(WHO + r" visar vad etapp (?P<n>\d+) saknar"))
def shows_missing(world: World, aktor: str, n: str) -> None:
    world.attempt(lambda: queries.show(world.app, f"etapp-{n}"))


@then(parsers.re(r"får (?P<roller>\".+\") registrera \"(?P<vad>[^\"]+)\""))
def may_record_it(world: World, roller: str, vad: str) -> None:
    assert world.error is None, world.error
    who = world.result["may_record"]
    entry = next(m for m in who if vad in m)
    assert who[entry] == keys_in(roller), who
