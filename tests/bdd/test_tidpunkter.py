"""Scenarios of features/tidpunkter.feature: business time (`--at`) and the two as-of views.

The shared steps are in tests/bdd/conftest.py; the steps about time are here.
"""

from __future__ import annotations

from datetime import date

from etapp_world import ACCEPTANCE, ACTORS, STOCKHOLM, World, local
from pytest_bdd import given, parsers, scenarios, then, when

from engine.domain import events as ev
from engine.domain.commands import AdvanceSubject, PauseSubject, RecordDecision, ResumeSubject
from engine.ledger.codec import format_instant, parse_instant
from engine.services import decisions, handlers, queries

scenarios("tidpunkter.feature")

WHEN = r"(?P<när>\d{4}-\d\d-\d\d \d\d:\d\d)"
DAY = r"(?P<dag>\d{4}-\d\d-\d\d)"


def shown(instant: str) -> str:
    return parse_instant(instant).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def end_of(day: str) -> str:
    from datetime import datetime, time

    return format_instant(datetime.combine(date.fromisoformat(day), time.max, STOCKHOLM))


@given(parsers.re(r"(?P<aktor>programledningen) i efterhand har registrerat att acceptansen för "
                  r"etapp (?P<n>\d) bereddes " + WHEN))
def prepared_after_the_fact(world: World, aktor: str, n: str, när: str) -> None:
    cmd = RecordDecision(f"etapp-{n}", "prepare", "programledning", "Berett", "PL-protokoll")
    decisions.record_decision(world.app, ACTORS[aktor], cmd, occurred_at=local(när))


@when(parsers.re(r"(?P<aktor>programstyrgruppen) i efterhand registrerar att etapp (?P<n>\d) "
                 r"accepterades (?:dagen " + DAY + "|" + WHEN + ")"))
def accepted_after_the_fact(world: World, aktor: str, n: str, dag: str | None,
                            när: str | None) -> None:
    cmd = RecordDecision(f"etapp-{n}", "accept", "programstyrgrupp",
                         "Acceptanstest godkänt", "PSG-protokoll")
    at = date.fromisoformat(dag) if dag else local(när or "")
    world.attempt(lambda: decisions.record_decision(world.app, ACTORS[aktor], cmd,
                                                    occurred_at=at))


@when(parsers.re(r"(?P<aktor>huvudprojektledaren) i efterhand registrerar att etapp (?P<n>\d) "
                 r"driftsattes " + WHEN))
def live_after_the_fact(world: World, aktor: str, n: str, när: str) -> None:
    cmd = AdvanceSubject(f"etapp-{n}")
    world.attempt(lambda: handlers.advance_subject(world.app, ACTORS[aktor], cmd,
                                                   occurred_at=local(när)))


@given(parsers.re(r"(?P<aktor>projektägaren) har registrerat att etapp (?P<n>\d) pausades dagen "
                  + DAY + r" med skälet \"(?P<skal>[^\"]+)\""))
def has_paused_on(world: World, aktor: str, n: str, dag: str, skal: str) -> None:
    decisions.pause_subject(world.app, ACTORS[aktor], PauseSubject(f"etapp-{n}", skal, ref="P§1"),
                            occurred_at=date.fromisoformat(dag))


@when(parsers.re(r"(?P<aktor>projektägaren) registrerar att etapp (?P<n>\d) pausades dagen "
                 + DAY + r" med skälet \"(?P<skal>[^\"]+)\""))
def pauses_on(world: World, aktor: str, n: str, dag: str, skal: str) -> None:
    cmd = PauseSubject(f"etapp-{n}", skal, ref="P§1")
    world.attempt(lambda: decisions.pause_subject(world.app, ACTORS[aktor], cmd,
                                                  occurred_at=date.fromisoformat(dag)))


@when(parsers.re(r"(?P<aktor>regionstyrelsen) registrerar att etapp (?P<n>\d) återupptogs dagen "
                 + DAY))
def resumes_on(world: World, aktor: str, n: str, dag: str) -> None:
    cmd = ResumeSubject(f"etapp-{n}", rationale="Styrgruppens beslut", ref="P§1")
    world.attempt(lambda: decisions.resume_subject(world.app, ACTORS[aktor], cmd,
                                                   occurred_at=date.fromisoformat(dag)))


@then(parsers.re(r"beslutet hände " + WHEN + r" och registrerades (?P<reg>[\d\- :]+)"))
def happened_and_recorded(world: World, när: str, reg: str) -> None:
    assert world.error is None, world.error
    [e] = world.result
    assert (shown(e.occurred_at), shown(e.recorded_at)) == (när, reg)


@then(parsers.re(r"hände driftsättningen " + WHEN + r" för etappen och alla dess kommuner"))
def went_live_at(world: World, när: str) -> None:
    stored = world.result
    assert len(stored) == 9 and all(e.type == ev.SUBJECT_ADVANCED for e in stored)
    assert {shown(e.occurred_at) for e in stored} == {när}


@then(parsers.re(r"är acceptansen för etapp (?P<n>\d) (?P<tillstand>[\wåäö ]+?) enligt det som "
                 r"(?P<vy>hade hänt|loggen visste) " + DAY))
def acceptance_as_of(world: World, n: str, tillstand: str, vy: str, dag: str) -> None:
    cut = end_of(dag)
    detail = (queries.show(world.app, f"etapp-{n}", as_of=cut) if vy == "hade hänt"
              else queries.show(world.app, f"etapp-{n}", recorded_as_of=cut))
    assert detail["acceptance"] == ACCEPTANCE[tillstand]
