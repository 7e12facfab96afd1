"""Scenarios of features/risker.feature (§7.2, §1.6): the risk register and the go-live gate.

The shared steps are in tests/bdd/conftest.py; the register's own steps are here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

import pytest
from etapp_world import ACTORS, STOCKHOLM, World, local
from pytest_bdd import given, parsers, scenarios, then, when

from engine.domain.commands import AcceptRisk, AddRisk, CloseRisk, OccurRisk
from engine.ledger.codec import format_instant
from engine.services.alerting import check_deadlines
from engine.services.risk_queries import list_risks, show_risk
from engine.services.risks import accept_risk, add_risk, close_risk, occur_risk

scenarios("risker.feature")

WHO = "(?P<aktor>" + "|".join(re.escape(a) for a in ACTORS) + ")"
OWNER = "(?P<agare>" + "|".join(re.escape(a) for a in ACTORS) + ")"
RISK = r"(?P<risk>R-\d+)"
DATE = r"(?P<datum>\d{4}-\d\d-\d\d)"
TITLE = r"(?P<titel>\"[^\"]*\"|en titel på \d+ tecken|en titel med ett styrtecken)"
SUBJECT = r"(?P<subjekt>programmet|etapp \d+|kommunen [A-ZÅÄÖ][\w-]*)"
BODY = {"Chefsgruppens": "chefsgrupp", "programstyrgruppens": "programstyrgrupp",
        "SSVIT:s": "ssvit"}


@pytest.fixture
def seen() -> dict[str, Any]:
    """What the last reading or deadline check gave, for the `Så` steps."""
    return {}


def _title(text: str) -> str:
    if m := re.fullmatch(r"en titel på (\d+) tecken", text):
        return "R" * int(m.group(1))
    if text == "en titel med ett styrtecken":
        return "Larm\x07 i titeln"
    return text.strip('"')


def _add(world: World, aktor: str, titel: str, subjekt: str, s: str, k: str, agare: str,
         datum: str | None) -> Any:
    cmd = AddRisk(world.sid(subjekt), _title(titel), int(s), int(k), ACTORS[agare],
                  action="Åtgärdsplan" if datum else None,
                  due_on=date.fromisoformat(datum) if datum else None)
    return add_risk(world.app, ACTORS[aktor], cmd)


ADD = (WHO + r" (?P<hur>har registrerat|registrerar) risken " + TITLE + " för " + SUBJECT
       + r" med sannolikhet (?P<s>\d+) och konsekvens (?P<k>\d+), ägare " + OWNER
       + r"(?: och åtgärdsfrist " + DATE + ")?")


@given(parsers.re(ADD))
@when(parsers.re(ADD))
def adds(world: World, aktor: str, hur: str, titel: str, subjekt: str, s: str, k: str,
         agare: str, datum: str | None) -> None:
    if hur == "har registrerat":
        _add(world, aktor, titel, subjekt, s, k, agare, datum)
    else:
        world.attempt(lambda: _add(world, aktor, titel, subjekt, s, k, agare, datum))


ACCEPT = (WHO + r" i (?P<organ>Chefsgruppens|programstyrgruppens|SSVIT:s) namn "
          r"(?P<hur>har accepterat|accepterar) risken " + RISK
          + r" med insatsen \"(?P<insats>[^\"]+)\", motiveringen "
          r"\"(?P<motivering>[^\"]+)\" och referensen \"(?P<ref>[^\"]+)\"")


@given(parsers.re(ACCEPT))
@when(parsers.re(ACCEPT))
def accepts(world: World, aktor: str, organ: str, hur: str, risk: str, insats: str,
            motivering: str, ref: str) -> None:
    def act() -> Any:
        return accept_risk(world.app, ACTORS[aktor],
                           AcceptRisk(risk, BODY[organ], motivering, ref, insats))

    if hur == "har accepterat":
        act()
    else:
        world.attempt(act)


CLOSE = (WHO + r" (?P<hur>har stängt|stänger) risken " + RISK
         + r" med referensen \"(?P<ref>[^\"]+)\"")


@given(parsers.re(CLOSE))
@when(parsers.re(CLOSE))
def closes(world: World, aktor: str, hur: str, risk: str, ref: str) -> None:
    def act() -> Any:
        return close_risk(world.app, ACTORS[aktor], CloseRisk(risk, ref))

    if hur == "har stängt":
        act()
    else:
        world.attempt(act)


@when(parsers.re(WHO + r" registrerar att risken " + RISK + r" har inträffat med åtgärden "
                 r"\"(?P<atgard>[^\"]+)\" och åtgärdsfrist " + DATE))
def occurs(world: World, aktor: str, risk: str, atgard: str, datum: str) -> None:
    world.attempt(lambda: occur_risk(world.app, ACTORS[aktor],
                                     OccurRisk(risk, atgard, date.fromisoformat(datum))))
    assert world.error is None, world.error


@when(parsers.re(WHO + r" läser riskregistret(?: som det såg ut " + DATE + ")?"))
def reads(world: World, seen: dict[str, Any], aktor: str, datum: str | None) -> None:
    as_of = None
    if datum:
        as_of = format_instant(datetime.combine(date.fromisoformat(datum), time.max, STOCKHOLM))
    seen["register"] = list_risks(world.app, as_of=as_of)


@when(parsers.re(r"tidsfristerna kontrolleras " + DATE))
def check(world: World, seen: dict[str, Any], datum: str) -> None:
    seen["fired"] = check_deadlines(world.app, local(datum)).fired


def _register(world: World, seen: dict[str, Any]) -> dict[str, dict[str, Any]]:
    rows = seen.get("register")
    return {r["id"]: r for r in (rows if rows is not None else list_risks(world.app))}


@then(parsers.re(r"har risken " + RISK + r" poängen (?P<poang>\d+) och nivån \"(?P<niva>\w+)\""))
def scored(world: World, seen: dict[str, Any], risk: str, poang: str, niva: str) -> None:
    assert world.error is None, world.error
    r = _register(world, seen)[risk]
    assert (r["score"], r["level"]) == (int(poang), niva)


@then(parsers.re(r"ägs risken " + RISK + " av " + OWNER))
def owned(world: World, seen: dict[str, Any], risk: str, agare: str) -> None:
    assert _register(world, seen)[risk]["owner"] == ACTORS[agare]


@then(parsers.re(r"är risken " + RISK + r" (?P<lage>öppen|stängd) i registret"))
def standing(world: World, seen: dict[str, Any], risk: str, lage: str) -> None:
    status = _register(world, seen)[risk]["status"]
    assert (status == "closed") == (lage == "stängd"), status


@then(parsers.re(r"finns inte risken " + RISK + " i registret"))
def absent(world: World, seen: dict[str, Any], risk: str) -> None:
    assert risk not in _register(world, seen)


@then(parsers.re(r"är risken " + RISK + r" ett problem med åtgärdsfrist " + DATE))
def problem(world: World, risk: str, datum: str) -> None:
    r = show_risk(world.app, risk)
    assert (r["status"], r["kind"]) == ("occurred", "problem")
    assert r["open_action"] == {"kind": "problem-action", "due": datum}


@then(parsers.re(r"bär acceptansen av risken " + RISK + r" vikterna kvalitet (?P<kv>\d+), tid "
                 r"(?P<t>\d+) och kostnad (?P<ko>\d+) med (?P<insats>\w+) som insats"))
def weighted(world: World, risk: str, kv: str, t: str, ko: str, insats: str) -> None:
    a = show_risk(world.app, risk)["acceptance"]
    assert a["weights"] == {"kvalitet": int(kv), "tid": int(t), "kostnad": int(ko)}
    assert (a["affects"], a["body"]) == ([insats], "chefsgrupp")
    assert a["rationale"] and a["ref"]


@then(parsers.re(r"är risken " + RISK + r" accepterad av (?P<organ>\w+) med referensen "
                 r"\"(?P<ref>[^\"]+)\""))
def accepted_by(world: World, risk: str, organ: str, ref: str) -> None:
    a = show_risk(world.app, risk)["acceptance"]
    assert (a["body"], a["ref"]) == (organ, ref), a


def _fired(seen: dict[str, Any], risk: str) -> list[Any]:
    return [f for f in seen["fired"] if f.subject == f"risk:{risk}"]


@then(parsers.re(r"larmar risken " + RISK + r" på nivån \"(?P<niva>[\w-]+)\""
                 r"(?: till \"(?P<till>[^\"]+)\")?"))
def alerted(seen: dict[str, Any], risk: str, niva: str, till: str | None) -> None:
    [f] = _fired(seen, risk)
    assert (f.level, f.escalate_to) == (niva, till)


@then(parsers.re(r"larmar risken " + RISK + " inte"))
def silent(seen: dict[str, Any], risk: str) -> None:
    assert _fired(seen, risk) == []


@then(parsers.re(r"har risken " + RISK + r" larmat (?P<antal>\d+) gånger"))
def alert_count(world: World, risk: str, antal: str) -> None:
    events = show_risk(world.app, risk)["events"]
    assert sum(1 for e in events if e["type"] == "AlertFired") == int(antal)
