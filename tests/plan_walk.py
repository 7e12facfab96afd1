"""Walk the shipped default plan in its own date order, the way the rules allow (R2, R10).

Every planned phase end of every wave, sorted by date (ties by wave number),
is one step: on that day the wave records what its phase needs and leaves it,
its municipalities follow (at go-live they move with it). The lessons of each
live wave are part of its Stänga evidence, so a rollout wave finds the pilot's
lessons when its own Initiera ends. If the plan could not be followed in date
order (the deadlock of W2), a step raises.

Every step is entered afterwards with its own business time (`--at`,
`occurred_at`), on a clock that reads the day after the plan's end: the
history is recorded as an office enters minutes, and each body's mandate is
checked on the day it decided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from engine.domain.commands import AdvanceSubject, RecordDecision, RecordEvidence
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition
from engine.domain.guards import missing_evidence
from engine.domain.machine import machine_for
from engine.errors import GuardRejected
from engine.services import decisions, handlers
from engine.services.unit import App

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: The programme milestones were decided with directive v1.0 (VästKoms styrelse 2019-06-18, § 15).
MILESTONES_ON = date(2019, 6, 18)
#: The system clock while the walk is entered: after the plan's last date.
ENTERED_ON = date(2027, 12, 1)
WORKER = "anna"


@dataclass(frozen=True)
class Step:
    day: date
    wave: str
    phase: str


def plan_steps(definition: WorkflowDefinition) -> list[Step]:
    """Every wave's planned phase ends, in date order (ties: wave order)."""
    steps = [(date.fromisoformat(day), w.number, Step(date.fromisoformat(day), w.id, phase))
             for w in definition.waves for phase, day in w.planned.items()]
    return [s for _, _, s in sorted(steps, key=lambda t: (t[0], t[1]))]


def at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), STOCKHOLM)


def _record_all(app: App, sid: str, when: datetime) -> None:
    s = handlers.resolve(app, sid)
    for key in missing_evidence(app.definition, s, s.phase):
        handlers.record_evidence(app, WORKER, RecordEvidence(sid, key, ref=f"{sid}/{key}"),
                                 occurred_at=when)


def _members(app: App, wave: str) -> list[str]:
    return [m.id for m in app.definition.municipalities if m.wave == wave]


def advance_programme(app: App, when: datetime | None = None) -> None:
    """The programme follows its waves: move it on as far as its guards allow."""
    machine = machine_for(app.definition)
    while machine.next_phase(handlers.resolve(app, PROGRAMME_ID).phase) is not None:
        try:
            handlers.advance_subject(app, WORKER, AdvanceSubject(PROGRAMME_ID),
                                     occurred_at=when)
        except GuardRejected:
            return


def take(app: App, step: Step, note: str = "") -> None:
    """The wave leaves `step.phase` on `step.day`, with what the phase needs; `note` is
    added to the decisions' references (say that a protocol is illustrative).

    Raises:
        GuardRejected: the plan cannot be followed here (naming what is missing).
    """
    wave = handlers.resolve(app, step.wave)
    assert wave.phase == step.phase, f"{step}: {wave.id} is in {wave.phase}"
    when = at(step.day)
    _record_all(app, step.wave, when)
    if step.phase == "godkanna":
        for m in _members(app, step.wave):
            _record_all(app, m, when)
        decisions.record_decision(app, "styrgruppen", RecordDecision(
            step.wave, "go-live", "programstyrgrupp", "Redo för driftsättning",
            ref=f"PSG {step.day} go {step.wave}{note}"), occurred_at=when)
    if step.phase == "acceptera":
        decisions.record_decision(app, "ledningen",
                                  RecordDecision(step.wave, "prepare", "programledning",
                                                 ref=f"PL {step.day} {step.wave}{note}"),
                                  occurred_at=when)
        decisions.record_decision(app, "styrgruppen", RecordDecision(
            step.wave, "accept", "programstyrgrupp", "Acceptanstest godkänt",
            ref=f"PSG {step.day} {step.wave}{note}"), occurred_at=when)
    handlers.advance_subject(app, WORKER, AdvanceSubject(step.wave), occurred_at=when)
    if step.phase != "godkanna":
        for m in _members(app, step.wave):
            _record_all(app, m, when)
            handlers.advance_subject(app, WORKER, AdvanceSubject(m), occurred_at=when)
    advance_programme(app, when)


def walk(app: App, set_clock: Callable[[datetime], None], until: date | None = None) -> list[Step]:
    """Follow the default plan from the 2019 milestones up to `until` (or its end).

    Returns:
        The steps taken, in the order taken.
    """
    set_clock(at(ENTERED_ON))
    _record_all(app, PROGRAMME_ID, at(MILESTONES_ON))
    taken = []
    for step in plan_steps(app.definition):
        if until is not None and step.day > until:
            break
        take(app, step)
        taken.append(step)
    return taken


def final_acceptance(app: App, ref: str, on: date | None = None) -> None:
    """The final acceptance test of the whole solution, prepared and decided (R10, §3.4),
    on `on` (business time; default: the clock's day)."""
    when = at(on) if on else None
    decisions.record_decision(app, "ledningen",
                              RecordDecision(PROGRAMME_ID, "prepare", "programledning",
                                             ref="PL slutligt acceptanstest"), occurred_at=when)
    decisions.record_decision(app, "styrgruppen", RecordDecision(
        PROGRAMME_ID, "accept", "programstyrgrupp", "Hela lösningen godkänd", ref=ref),
        occurred_at=when)
