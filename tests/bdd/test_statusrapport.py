"""Scenarios of features/statusrapport.feature (§7.1): issuing, recording and checking reports.

The shared steps are in tests/bdd/conftest.py; the report's own steps are here.
"""

from __future__ import annotations

from typing import Any

from etapp_world import ACTORS, World
from pytest_bdd import given, parsers, scenarios, then, when

from engine.domain.commands import PauseSubject
from engine.errors import LedgerIntegrityError
from engine.services import decisions
from engine.services.reports import issue_report, render_report, verify_report

scenarios("statusrapport.feature")

ISSUE = (r"(?P<aktor>[\w ]+?) utfärdar statusrapporten till \"(?P<till>[^\"]+)\" "
         r"inför mötet \"(?P<mote>[^\"]*)\"")


def _issue(world: World, aktor: str, till: str, mote: str) -> Any:
    return issue_report(world.app, ACTORS[aktor], till, mote, "html")


@given(parsers.re(r"(?P<aktor>[\w ]+?) har utfärdat statusrapporten till \"(?P<till>[^\"]+)\" "
                  r"inför mötet \"(?P<mote>[^\"]*)\""))
def issued(world: World, aktor: str, till: str, mote: str) -> None:
    world.result = _issue(world, aktor, till, mote)
    world.clock.advance(days=1)


@given(parsers.re(r"etapp (?P<n>\d) har pausats med skälet \"(?P<skal>[^\"]+)\""))
def paused(world: World, n: str, skal: str) -> None:
    decisions.pause_subject(world.app, "pia", PauseSubject(f"etapp-{n}", skal, "Protokoll §1"))
    world.clock.advance(days=1)


@when(parsers.re(ISSUE))
def issue(world: World, aktor: str, till: str, mote: str) -> None:
    world.attempt(lambda: _issue(world, aktor, till, mote))


@when(parsers.re(r"(?P<dagar>\d+) dagar går utan ny rapport till \"(?P<till>[^\"]+)\""))
def days_pass(world: World, dagar: str, till: str) -> None:
    from engine.services.alerting import check_deadlines

    world.clock.advance(days=int(dagar))
    world.attempt(lambda: check_deadlines(world.app, world.clock()))


@when("den utfärdade rapporten ändras och kontrolleras")
def tamper(world: World) -> None:
    rendered, _ = world.result
    changed = rendered.text.replace("Inga larm.", "Inga larm alls.").encode()
    world.attempt(lambda: verify_report(world.app, changed))


@then(parsers.re(r"är rapporten registrerad till \"(?P<till>[^\"]+)\" med mallversion och "
                 r"kontrollsumma"))
def registered(world: World, till: str) -> None:
    assert world.error is None, world.error
    rendered, event = world.result
    assert world.events() == world.count_before + 1
    assert event.type == "ReportIssued" and event.payload["recipient"] == till
    assert event.payload["template"] and event.payload["sha256"] == rendered.sha256


@then("ger statusrapporten som den var vid utfärdandet samma innehåll")
def same_content(world: World) -> None:
    rendered, event = world.result
    world.clock.advance(days=2)
    again = render_report(world.app, event.payload["recipient"], "html",
                          recorded_as_of=event.payload["as_of"])
    assert again.text == rendered.text


@then("godtas den utfärdade rapporten av kontrollen")
def verified(world: World) -> None:
    rendered, event = world.result
    assert verify_report(world.app, rendered.text.encode())["seq"] == event.seq


@then(parsers.re(r"omfattar rapporten tiden sedan den förra rapporten till \"(?P<till>[^\"]+)\""))
def period(world: World, till: str) -> None:
    assert world.error is None, world.error
    rendered, event = world.result
    assert event.payload["period_since"] is not None
    assert rendered.figures["period"]["since"] == event.payload["period_since"]
    assert rendered.figures["recipient"]["id"] == till


@then(parsers.re(r"tar rapporten upp beslutet \"(?P<beslut>\w+)\" för etapp (?P<n>\d)"))
def lists_decision(world: World, beslut: str, n: str) -> None:
    rendered, _ = world.result
    assert [(d["decision"], d["subject"]) for d in rendered.figures["decisions"]] == [
        (beslut, f"etapp-{n}")]


@then("tar rapporten bara upp programmet, etapp 1 och kommunen Borås")
def own_report(world: World) -> None:
    assert world.error is None, world.error
    rendered, _ = world.result
    assert {s["id"] for s in rendered.figures["subjects"]} == {"programme", "etapp-1", "boras"}


@then(parsers.re(r"larmar tidsfristen för nästa rapport till \"(?P<till>[^\"]+)\""))
def alarms(world: World, till: str) -> None:
    assert world.error is None, world.error
    assert any(f.kind == f"report:{till}" for f in world.result.fired)


@then("underkänns rapporten som ändrad")
def rejected(world: World) -> None:
    assert isinstance(world.error, LedgerIntegrityError), world.error
