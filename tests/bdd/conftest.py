"""Shared steps for features/*.feature, in the programme's own words; they drive the services."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from etapp_world import ACCEPTANCE, ACTORS, BDD_CAST, BODIES, STOCKHOLM, World, keys_in, local
from pytest_bdd import given, parsers, then, when
from steps_governance import *  # noqa: F403  # the steps about roles and bodies, for every feature

from engine.domain import events as ev
from engine.domain.commands import (
    AdvanceSubject,
    PauseSubject,
    RecordDecision,
    RecordEvidence,
    RecordRetest,
    ReplanDate,
    ResumeSubject,
)
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    InvalidInputError,
    NotFoundError,
    RuleViolation,
)
from engine.ledger.codec import format_instant, parse_instant
from engine.services import decisions, handlers, queries

FEATURES = Path(__file__).resolve().parents[2] / "features"

ACTOR = r"(?P<aktor>" + "|".join(re.escape(a) for a in ACTORS) + ")"
SUBJ = r"(?P<subjekt>programmet|etapp \d+|kommunen [A-ZÅÄÖ][\w-]*(?: [A-ZÅÄÖ][\w-]*)?)"
PHASE = r"(?P<fas>Initiera|Designa-bygga-validera|Acceptera|Godkänna|Stänga|Avslutad)"
DATE = r"(?P<datum>\d{4}-\d\d-\d\d)"
#: A decision or document step may say it lacks its document (§3.4, W4).
NO_DOC = r"(?P<utanref> utan referens)?"
#: The document a step records when the scenario is about something else.
SOME_DOC = "Protokoll §1"


def doc(ref: str | None, utanref: str | None) -> str | None:
    """The step's document: the one it names, none when it says "utan referens", else SOME_DOC."""
    return None if utanref else (ref or SOME_DOC)


def pytest_configure(config: pytest.Config) -> None:
    """Register every tag used in features/ as a marker (the run uses --strict-markers)."""
    tags = set()
    for feature in FEATURES.glob("*.feature"):
        tags |= set(re.findall(r"(?<!\S)@([\w.\-]+)", feature.read_text(encoding="utf-8")))
    for tag in sorted(tags):
        config.addinivalue_line("markers", f"{tag}: tag from features/")


def re_step(text: str) -> Any:
    return parsers.re(text)


@pytest.fixture(autouse=True)
def _swedish() -> None:
    """The scenarios read the programme office's language: every message in Swedish."""
    from engine import i18n

    i18n.activate("sv")


@pytest.fixture
def world(sqlite_app: Any, clock: Any) -> World:
    from engine.domain.commands import AddActor

    for name, role in BDD_CAST:
        handlers.add_actor(sqlite_app, "kansliet", AddActor(name, role))
    return World(sqlite_app, clock)


# --- Givet: where the programme stands ----------------------------------------

@given("programmet är uppstartat med alla etapper och kommuner")
def started(world: World) -> None:
    assert len(world.status()) == 54


@given(re_step(r"dagens datum är (?P<när>[\d\- :]+)"))
@when(re_step(r"dagens datum är (?P<när>[\d\- :]+)"))
def clock_at(world: World, när: str) -> None:
    world.clock.set(local(när))


@given("programmets milstolpar är beslutade")
def milestones(world: World) -> None:
    world.milestones()


@given(re_step(SUBJ + r" har registrerat (?P<nycklar>\".+\")"))
@when(re_step(SUBJ + r" har registrerat (?P<nycklar>\".+\")"))
def has_recorded(world: World, subjekt: str, nycklar: str) -> None:
    for key in keys_in(nycklar):
        world.record(world.sid(subjekt), key, ref=f"Underlag {key}")


@given(re_step(SUBJ + r" har allt underlag för fasen " + PHASE
               + r"(?: utom (?P<utom>\".+\"))?"))
def has_all_evidence(world: World, subjekt: str, fas: str, utom: str | None) -> None:
    sid = world.sid(subjekt)
    assert world.subject(sid).phase == world.phase(fas)
    skip = set(keys_in(utom or ""))
    s = world.subject(sid)
    from engine.domain.guards import missing_evidence

    for key in missing_evidence(world.app.definition, s, s.phase):
        if key not in skip:
            world.record(sid, key)


@given(re_step(r"alla kommuner i etapp (?P<n>\d+)(?: utom (?P<utom>.+?))? har allt underlag för "
               r"fasen " + PHASE))
def members_have_all_evidence(world: World, n: str, utom: str | None, fas: str) -> None:
    skip = {world.sid(p) for p in re.findall(r"kommunen [^\s]+", utom or "")}
    for m in world.members(f"etapp-{n}"):
        if m not in skip:
            assert world.subject(m).phase == world.phase(fas)
            world.record_all(m)


@given(re_step(r"etapp (?P<n>\d+) och dess kommuner står i fasen " + PHASE))
def wave_at(world: World, n: str, fas: str) -> None:
    world.bring(f"etapp-{n}", world.phase(fas))


@given(re_step(r"etapp (?P<n>\d+) har lämnat fasen " + PHASE))
def wave_left(world: World, n: str, fas: str) -> None:
    assert world.subject(f"etapp-{n}").phase == world.phase(fas)
    world.leave(f"etapp-{n}")


@when(re_step(r"etapp (?P<n>\d+) och dess kommuner förs fram till fasen " + PHASE))
def wave_brought(world: World, n: str, fas: str) -> None:
    world.bring(f"etapp-{n}", world.phase(fas))


@when(re_step(r"etapp (?P<n>\d+) och alla dess kommuner registrerar allt underlag och förs till "
              r"fasen " + PHASE))
def wave_brought_with_evidence(world: World, n: str, fas: str) -> None:
    wave = f"etapp-{n}"
    world.bring(wave, world.phase(fas))
    for sid in (wave, *world.members(wave)):
        world.record_all(sid)


@given(re_step(r"etapp (?P<n>\d+) står i fasen " + PHASE + r" men " + SUBJ
               + r" står kvar i fasen (?P<kvar>\S+)"))
def wave_at_with_laggard(world: World, n: str, fas: str, subjekt: str, kvar: str) -> None:
    world.bring(f"etapp-{n}", world.phase(fas), hold={world.sid(subjekt): world.phase(kvar)})


@given(re_step(r"acceptansen för etapp (?P<n>\d+) är beslutad"))
def accepted(world: World, n: str) -> None:
    world.accept(f"etapp-{n}")


@given(re_step(r"programledningen har berett acceptansen för etapp (?P<n>\d+)"))
def prepared(world: World, n: str) -> None:
    world.decide(f"etapp-{n}", "prepare")


@given(re_step(r"etapp (?P<n>\d+) har fått avslag med (?P<fel>\d+) fel och åtgärdsfrist " + DATE))
def rejected(world: World, n: str, fel: str, datum: str) -> None:
    from datetime import date

    world.decide(f"etapp-{n}", "prepare")
    world.decide(f"etapp-{n}", "reject", ref="Skriftligt meddelande till leverantören",
                 defects=int(fel), fix_by=date.fromisoformat(datum))


@given(re_step(r"omtestet för etapp (?P<n>\d+) är registrerat"))
def retested(world: World, n: str) -> None:
    decisions.record_retest(world.app, "anna", RecordRetest(f"etapp-{n}", ref="Omtestrapport"))


@given(re_step(ACTOR + r" har pausat " + SUBJ + r" med skälet \"(?P<skal>[^\"]*)\""))
def has_paused(world: World, aktor: str, subjekt: str, skal: str) -> None:
    decisions.pause_subject(world.app, ACTORS[aktor],
                            PauseSubject(world.sid(subjekt), skal, SOME_DOC))


# --- När: what someone does (refusals are kept for the Så steps) ----------------

@when(re_step(ACTOR + r" för " + SUBJ + r" vidare(?: till fasen " + PHASE + ")?"))
def advance(world: World, aktor: str, subjekt: str, fas: str | None) -> None:
    cmd = AdvanceSubject(world.sid(subjekt), world.phase(fas) if fas else None)
    world.attempt(lambda: handlers.advance_subject(world.app, ACTORS[aktor], cmd))


@when(re_step(ACTOR + r" registrerar \"(?P<nyckel>[^\"]+)\" för " + SUBJ
              + r"(?: med referensen \"(?P<ref>[^\"]+)\")?" + NO_DOC))
def record_evidence(world: World, aktor: str, nyckel: str, subjekt: str, ref: str | None,
                    utanref: str | None) -> None:
    cmd = RecordEvidence(world.sid(subjekt), nyckel, ref=doc(ref, utanref))
    world.attempt(lambda: handlers.record_evidence(world.app, ACTORS[aktor], cmd))


def _decide(world: World, aktor: str, decision: str, subjekt: str, body: str | None = None,
            **extra: Any) -> None:
    default = "programledning" if decision == "prepare" else "programstyrgrupp"
    extra.setdefault("ref", SOME_DOC)
    cmd = RecordDecision(world.sid(subjekt), decision, body or BODIES.get(aktor, default),
                         **extra)
    world.attempt(lambda: decisions.record_decision(world.app, ACTORS[aktor], cmd))


@when(re_step(ACTOR + r" bereder acceptansen för " + SUBJ + NO_DOC))
def prepare(world: World, aktor: str, subjekt: str, utanref: str | None) -> None:
    _decide(world, aktor, "prepare", subjekt, ref=doc(None, utanref))


@when(re_step(ACTOR + r"(?: i (?P<organ>programstyrgruppens) namn)? accepterar " + SUBJ
              + r"(?: med motiveringen \"(?P<motiv>[^\"]+)\" och referensen \"(?P<ref>[^\"]+)\")?"
              + r"(?: med motiveringen \"(?P<motiv2>[^\"]+)\")?" + NO_DOC))
def accept(world: World, aktor: str, organ: str | None, subjekt: str, motiv: str | None,
           ref: str | None, motiv2: str | None, utanref: str | None) -> None:
    _decide(world, aktor, "accept", subjekt, "programstyrgrupp" if organ else None,
            rationale=motiv or motiv2, ref=doc(ref, utanref))


@when(re_step(ACTOR + r" avslår acceptansen för " + SUBJ + r" med meddelandet \"(?P<ref>[^\"]+)\""
              r" till leverantören, (?P<fel>\d+) fel och åtgärd senast " + DATE))
def reject(world: World, aktor: str, subjekt: str, ref: str, fel: str, datum: str) -> None:
    from datetime import date

    _decide(world, aktor, "reject", subjekt, ref=ref, defects=int(fel),
            fix_by=date.fromisoformat(datum), rationale="Fel i acceptanstestet")


@when(re_step(ACTOR + r" avslår acceptansen för " + SUBJ + r" utan (?P<uppgift>.+)"))
def reject_without(world: World, aktor: str, subjekt: str, uppgift: str) -> None:
    from datetime import date

    full: dict[str, Any] = {"ref": "Reklamation", "defects": 3, "fix_by": date(2026, 3, 2)}
    field = {"skriftligt meddelande till leverantör": "ref", "antal fel": "defects",
             "åtgärdsfrist": "fix_by"}[uppgift]
    full[field] = None
    _decide(world, aktor, "reject", subjekt, **full)


@when(re_step(ACTOR + r" registrerar omtestet för " + SUBJ
              + r"(?: med referensen \"(?P<ref>[^\"]+)\")?" + NO_DOC))
def retest(world: World, aktor: str, subjekt: str, ref: str | None, utanref: str | None) -> None:
    cmd = RecordRetest(world.sid(subjekt), ref=doc(ref, utanref))
    world.attempt(lambda: decisions.record_retest(world.app, ACTORS[aktor], cmd))


@when(re_step(ACTOR + r" pausar " + SUBJ + r" med skälet \"(?P<skal>[^\"]*)\"" + NO_DOC))
def pause(world: World, aktor: str, subjekt: str, skal: str, utanref: str | None) -> None:
    cmd = PauseSubject(world.sid(subjekt), skal, doc(None, utanref))
    world.attempt(lambda: decisions.pause_subject(world.app, ACTORS[aktor], cmd))


@when(re_step(ACTOR + r" i efterhand registrerar att " + SUBJ + r" pausades " + DATE
              + r" med skälet \"(?P<skal>[^\"]*)\""))
def pause_after_the_fact(world: World, aktor: str, subjekt: str, datum: str, skal: str) -> None:
    cmd = PauseSubject(world.sid(subjekt), skal, SOME_DOC)
    world.attempt(lambda: decisions.pause_subject(world.app, ACTORS[aktor], cmd,
                                                  occurred_at=local(datum)))
    assert world.error is None, world.error


@when(re_step(ACTOR + r"(?: i (?P<namn>Regionstyrelsens|Chefsgruppens) namn)? återupptar "
              + SUBJ + r"(?P<utan> utan att flytta tidsfristerna)?"
              r"(?P<bortom> bortom programmets slut)?"
              r"(?: med motiveringen \"(?P<motiv>[^\"]+)\")?"
              r"(?: och referensen \"(?P<ref>[^\"]+)\")?" + NO_DOC))
def resume(world: World, aktor: str, namn: str | None, subjekt: str, utan: str | None,
           bortom: str | None, motiv: str | None, ref: str | None, utanref: str | None) -> None:
    body = NAMED_BODIES[namn] if namn else BODIES.get(aktor)
    cmd = ResumeSubject(world.sid(subjekt), shift=not utan, rationale=motiv,
                        ref=doc(ref, utanref), body=body, beyond_programme_end=bool(bortom))
    world.attempt(lambda: decisions.resume_subject(world.app, ACTORS[aktor], cmd))


NAMED_BODIES = {"Regionstyrelsens": "regionstyrelse", "Chefsgruppens": "chefsgrupp"}


def _goal_list(text: str | None) -> tuple[str, ...]:
    """`tid och kostnad` or `kvalitet, tid och kostnad` to goal ids (§1.6); `ingen`: none."""
    if not text:
        return ("tid",)
    if text.strip() == "ingen":
        return ()
    return tuple(w.strip() for w in re.split(r",| och ", text) if w.strip())


@when(re_step(ACTOR + r"(?: i (?P<namn>Regionstyrelsens|Chefsgruppens) namn)? flyttar slutet av "
              r"fasen " + PHASE + r" för " + SUBJ + r" till " + DATE
              + r"(?P<bortom> bortom programmets slut)?"
              + r"(?: med motiveringen \"(?P<motiv>[^\"]+)\")?(?: och referensen "
                r"\"(?P<ref>[^\"]+)\")?(?: utan motivering)?"
                r"(?: och påverkan på (?P<mal>[\wåäö, ]+))?" + NO_DOC))
def replan(world: World, aktor: str, namn: str | None, fas: str, subjekt: str, datum: str,
           bortom: str | None, motiv: str | None, ref: str | None, mal: str | None,
           utanref: str | None) -> None:
    from datetime import date

    body = NAMED_BODIES[namn] if namn else BODIES.get(aktor, "regionstyrelse")
    cmd = ReplanDate(world.sid(subjekt), fas, date.fromisoformat(datum), body, motiv or "",
                     doc(ref, utanref), affects=_goal_list(mal),
                     beyond_programme_end=bool(bortom))
    world.attempt(lambda: decisions.replan_date(world.app, ACTORS[aktor], cmd))


@when(re_step(ACTOR + r" i efterhand registrerar att slutet av fasen " + PHASE + r" för " + SUBJ
              + r" flyttades (?P<beslut>\d{4}-\d\d-\d\d) till " + DATE
              + r" med motiveringen \"(?P<motiv>[^\"]+)\""))
def replan_after_the_fact(world: World, aktor: str, fas: str, subjekt: str, beslut: str,
                          datum: str, motiv: str) -> None:
    from datetime import date

    cmd = ReplanDate(world.sid(subjekt), fas, date.fromisoformat(datum), BODIES[aktor], motiv,
                     SOME_DOC)
    world.attempt(lambda: decisions.replan_date(world.app, ACTORS[aktor], cmd,
                                                occurred_at=local(beslut)))
    assert world.error is None, world.error


@when(re_step(r"revisorn tar fram statusrapporten(?: för etapp (?P<n>\d+))?"
              r"(?: som den var (?P<datum>\d{4}-\d\d-\d\d))?"))
def status_report(world: World, n: str | None, datum: str | None) -> None:
    as_of = None
    if datum:
        from datetime import date, datetime, time

        end = datetime.combine(date.fromisoformat(datum), time.max, STOCKHOLM)
        as_of = format_instant(end)
    wave = f"etapp-{n}" if n else None
    world.attempt(lambda: queries.status(world.app, wave, as_of))
    world.report = world.result or []


# --- Så: outcomes ----------------------------------------------------------------

REFUSALS = {
    "eftersom villkor saknas": RuleViolation,
    "eftersom aktören saknar behörighet": DecisionNotPermitted,
    "eftersom det redan är gjort": ConcurrencyError,
    "som felaktig uppgift": InvalidInputError,
}


@then(re_step(r"nekas det (?P<hur>eftersom villkor saknas|eftersom aktören saknar behörighet|"
              r"eftersom det redan är gjort|som felaktig uppgift)"))
def refused(world: World, hur: str) -> None:
    assert world.error is not None, f"expected a refusal, got {world.result!r}"
    assert isinstance(world.error, REFUSALS[hur]), f"{type(world.error).__name__}: {world.error}"


@then(re_step(r"nekas det eftersom \"(?P<vad>[^\"]+)\" är okänt"))
def refused_unknown(world: World, vad: str) -> None:
    assert isinstance(world.error, NotFoundError), world.error
    assert vad in str(world.error)


def _said(world: World) -> str:
    assert world.error is not None, "no refusal to read"
    return " | ".join([str(world.error), *getattr(world.error, "missing", [])])


@then(re_step(r"beskedet nämner (?P<texter>\".+\")"))
def message_names(world: World, texter: str) -> None:
    said = _said(world)
    for text in keys_in(texter):
        assert text in said, f"{text!r} not in {said!r}"


@then(re_step(r"beskedet nämner inte \"(?P<text>[^\"]+)\""))
def message_does_not_name(world: World, text: str) -> None:
    assert world.error is None or text not in _said(world)


@then(re_step(r"beskedet nämner bara " + SUBJ))
def message_names_only(world: World, subjekt: str) -> None:
    # Entries that name a subject start with its id ("mark: cutover-plan").
    named = {m.split(":")[0] for m in getattr(world.error, "missing", [])
             if re.match(r"[\w-]+: ", m)}
    assert named == {world.sid(subjekt)}, named


@then("ingenting registreras")
def nothing_recorded(world: World) -> None:
    assert world.error is not None
    assert world.events() == world.count_before


@then(re_step(r"står " + SUBJ + r" i fasen " + PHASE + r"(?P<rapport> i rapporten)?"))
def stands_in(world: World, subjekt: str, fas: str, rapport: str | None) -> None:
    sid = world.sid(subjekt)
    if rapport:
        phase = next(r["phase"] for r in world.report if r["id"] == sid)
    else:
        phase = world.subject(sid).phase
    assert phase == world.phase(fas)


@then(re_step(r"står etapp (?P<n>\d+) och alla dess kommuner i fasen " + PHASE))
def wave_and_members_stand_in(world: World, n: str, fas: str) -> None:
    wave = f"etapp-{n}"
    for sid in (wave, *world.members(wave)):
        assert world.subject(sid).phase == world.phase(fas), sid


@then("flyttades de i en och samma transaktion")
def moved_together(world: World) -> None:
    stored = world.result
    assert len(stored) == 9 and all(e.type == ev.SUBJECT_ADVANCED for e in stored)
    assert len({e.recorded_at for e in stored}) == 1
    assert [e.seq for e in stored] == list(range(stored[0].seq, stored[0].seq + 9))


@then(re_step(r"(?:är acceptansen för etapp (?P<n>\d+) (?P<tillstand>[\wåäö ]+)|"
              r"acceptansen för etapp (?P<m>\d+) är (?P<tillstand2>[\wåäö ]+))"))
def acceptance_is(world: World, n: str | None, tillstand: str | None, m: str | None,
                  tillstand2: str | None) -> None:
    wave = f"etapp-{n or m}"
    assert world.subject(wave).acceptance == ACCEPTANCE[(tillstand or tillstand2 or "").strip()]


@then("beslutet är registrerat med aktör, roll, organ, motivering, referens och tidpunkt")
def decision_recorded(world: World) -> None:
    [e] = world.result
    assert (e.actor, e.role, e.body) == ("styrgruppen", "programstyrgrupp", "programstyrgrupp")
    assert e.payload["rationale"] and e.payload["ref"]
    assert parse_instant(e.recorded_at) == world.clock()


@then(re_step(r"har etapp (?P<n>\d+) en öppen åtgärdsfrist " + DATE))
def open_fix_by(world: World, n: str, datum: str) -> None:
    deadlines = world.show(f"etapp-{n}")["deadlines"]
    assert {"kind": "fix-by", "due": datum} in [{k: d[k] for k in ("kind", "due")}
                                                for d in deadlines], deadlines


@then(re_step(r"har etapp (?P<n>\d+) ingen öppen åtgärdsfrist"))
def no_fix_by(world: World, n: str) -> None:
    assert all(d["kind"] != "fix-by" for d in world.show(f"etapp-{n}")["deadlines"])


@then(re_step(r"avslaget är registrerat med meddelandet \"(?P<ref>[^\"]+)\", (?P<fel>\d+) fel "
              r"och åtgärd senast " + DATE))
def rejection_recorded(world: World, ref: str, fel: str, datum: str) -> None:
    [e] = world.result
    assert (e.payload["ref"], e.payload["defects"], e.payload["fix_by"]) == (ref, int(fel), datum)


@then(re_step(r"är " + SUBJ + r" pausad genom programmet"))
def paused_by_programme(world: World, subjekt: str) -> None:
    row = next(r for r in world.status() if r["id"] == world.sid(subjekt))
    assert row["paused"] and row["paused_by"] == "programme"


@then("är varje rad pausad genom programmet")
def every_row_paused(world: World) -> None:
    assert world.report and all(r["paused_by"] == "programme" for r in world.report)


@then("finns bara en paushändelse")
def one_pause_event(world: World) -> None:
    with world.app.uow(write=False) as uow:
        paused = [e for e in uow.events.events() if e.type == ev.SUBJECT_PAUSED]
    assert [e.subject for e in paused] == ["programme"]


@then(re_step(r"är återupptagandet registrerat med (?P<dagar>\d+) pausade dagar "
              r"(?P<hur>och flyttade tidsfrister|men utan flyttade tidsfrister)"))
def resume_recorded(world: World, dagar: str, hur: str) -> None:
    assert world.error is None, world.error
    first, *shifts = world.result
    shifted = hur.startswith("och")
    assert first.type == ev.SUBJECT_RESUMED
    assert first.payload["paused_days"] == int(dagar)
    assert first.payload["shifted"] is shifted
    assert first.payload["shift_days"] == (int(dagar) if shifted else 0)
    assert bool(shifts) is shifted
    assert all(e.type == ev.DEADLINES_SHIFTED and e.payload["days"] == int(dagar) for e in shifts)


@then(re_step(r"slutar fasen " + PHASE + r" för " + SUBJ + r"(?P<still> fortfarande)? " + DATE))
def planned_end(world: World, fas: str, subjekt: str, still: str | None, datum: str) -> None:
    planned = world.show(world.sid(subjekt))["planned"]
    assert planned[world.phase(fas)] == datum, planned


@then(re_step(r"omplaneringen är registrerad från " + DATE + r" till (?P<till>[\d-]+) av "
              r"(?P<organ>\w+) med motiveringen \"(?P<motiv>[^\"]+)\""))
def replan_recorded(world: World, datum: str, till: str, organ: str, motiv: str) -> None:
    [e] = world.result
    assert e.type == ev.DATE_REPLANNED and e.body == organ
    assert (e.payload["from"], e.payload["to"], e.payload["rationale"]) == (datum, till, motiv)


@then(re_step(r"(?P<vad>omplaneringen|återupptagandet) påverkar (?:målet|målen) "
              r"(?P<mal>[\wåäö, ]+)"))
def decision_affects(world: World, vad: str, mal: str) -> None:
    assert world.error is None, world.error
    e = world.result[0]
    assert e.payload["affects"] == list(_goal_list(mal)), e.payload
    assert "priorities" not in e.payload


@then(re_step(r"(?P<vad>omplaneringen|återupptagandet) är registrera[dt] med varningen "
              r"\"(?P<text>[^\"]+)\""))
def decision_warns(world: World, vad: str, text: str) -> None:
    assert world.error is None, world.error
    warnings = world.result[0].payload["warnings"]
    assert any(text in w for w in warnings), warnings


@then(re_step(r"är tidsfristen (?P<frist>[\w:-]+) för " + SUBJ + r" registrerad som flyttad "
              r"från (?P<fran>[\d-]+) till (?P<till>[\d-]+)"))
def deadline_shift_recorded(world: World, frist: str, subjekt: str, fran: str,
                            till: str) -> None:
    assert world.error is None, world.error
    sid = world.sid(subjekt)
    moved = [m for e in world.result if e.type == ev.DEADLINES_SHIFTED and e.subject == sid
             for m in e.payload["dates"]]
    assert {"deadline": frist, "from": fran, "to": till} in moved, moved


@then(re_step(r"omplaneringen gäller från " + DATE))
def replan_occurred(world: World, datum: str) -> None:
    [e] = world.result
    assert parse_instant(e.occurred_at).astimezone(STOCKHOLM).date().isoformat() == datum


@then(re_step(r"är \"(?P<nyckel>[^\"]+)\" registrerat för " + SUBJ))
def evidence_recorded(world: World, nyckel: str, subjekt: str) -> None:
    assert world.error is None, world.error
    assert nyckel in world.subject(world.sid(subjekt)).recorded_keys("initiera")


@then(re_step(r"rapporterar programmet att det (?P<inte>inte )?är driftsatt"))
def driftsatt(world: World, inte: str | None) -> None:
    programme = next(r for r in world.status() if r["id"] == "programme")
    assert programme["driftsatt"] is (not inte)


@then(re_step(r"har statusrapporten (?P<antal>\d+) rader(?P<resten>.*)"))
def report_rows(world: World, antal: str, resten: str) -> None:
    assert world.error is None, world.error
    assert len(world.report) == int(antal)
    if resten:
        kinds = [r["kind"] for r in world.report]
        assert (kinds.count("programme"), kinds.count("wave"), kinds.count("municipality")) \
            == (1, 4, 49)


@then(re_step(r"har varje rad fälten (?P<falt>\".+\")"))
def report_fields(world: World, falt: str) -> None:
    for row in world.report:
        assert set(keys_in(falt)) <= set(row), row
