"""The BDD scenarios' world: one programme on SQLite, its cast, and how to bring it somewhere.

Steps speak the programme's language; this module turns it into service calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from engine.domain.commands import AdvanceSubject, RecordDecision, RecordEvidence
from engine.domain.definition import PROGRAMME_ID, slugify
from engine.domain.guards import gone_live, lessons_key, missing_evidence
from engine.domain.subject import Subject
from engine.errors import EngineError
from engine.services import decisions, handlers, queries
from engine.services.unit import App

STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: Who the scenarios call by their title, and the registered test actor behind it
#: (tests/etapp_testing.py ROLES_FOR_TESTS, and `BDD_CAST` below).
ACTORS = {
    "administratören": "adam",
    "programkontoret": "kontoret",
    "huvudprojektledaren": "anna",
    "delprojektledaren": "dan",
    "projektägaren": "pia",
    "programledningen": "ledningen",
    "programstyrgruppen": "styrgruppen",
    "chefsgruppen": "chefsgruppen",
    "regionstyrelsen": "regionstyrelsen",
    "SSVIT": "ssvit",
    "revisorn": "revisorn",
    "projektledaren i Borås": "pl-boras",
    "en okänd person": "okand",
}
#: Registered for the scenarios besides the shared cast: an administrator who does nothing
#: else, and a programme office that only receives reports (§5.8, W8).
BDD_CAST = (("adam", "administrator"), ("kontoret", "programkontor"),
            ("regionstyrelsen", "regionstyrelse"), ("ssvit", "ssvit"))
#: The body a speaker decides for when it is one (§5).
BODIES = {"programledningen": "programledning", "programstyrgruppen": "programstyrgrupp",
          "chefsgruppen": "chefsgrupp", "regionstyrelsen": "regionstyrelse", "SSVIT": "ssvit"}
ACCEPTANCE = {"beredd": "prepared", "beslutad": "accepted", "avslagen": "rejected",
              "omtestad": "retested", "inte påbörjad": "none"}
#: Who records evidence and moves subjects when the scenario does not say.
WORKER = "anna"


def local(text: str) -> datetime:
    """`2024-11-15` (09:00) or `2024-11-15 14:30`, Stockholm time."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(9, 0), STOCKHOLM)
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def keys_in(text: str) -> list[str]:
    """The quoted items of a step: `"a", "b" och "c"` gives a, b, c."""
    return re.findall(r'"([^"]+)"', text)


@dataclass
class World:
    app: App
    clock: Any
    error: EngineError | None = None
    result: Any = None
    count_before: int = 0
    report: list[dict[str, Any]] = field(default_factory=list)

    # --- names -------------------------------------------------------------
    def sid(self, phrase: str) -> str:
        """`programmet`, `etapp 2`, `kommunen Borås` (or a bare name) to a subject id."""
        phrase = phrase.strip()
        if phrase == "programmet":
            return PROGRAMME_ID
        if m := re.fullmatch(r"etapp (\d+)", phrase):
            return f"etapp-{m.group(1)}"
        return handlers.resolve(self.app, phrase.removeprefix("kommunen ")).id

    def phase(self, name: str) -> str:
        pid = slugify(name)
        self.app.definition.phase(pid)
        return pid

    def subject(self, subject_id: str) -> Subject:
        return handlers.resolve(self.app, subject_id)

    def members(self, wave_id: str) -> list[str]:
        return [m.id for m in self.app.definition.municipalities if m.wave == wave_id]

    # --- outcomes ------------------------------------------------------------
    def events(self) -> int:
        with self.app.uow(write=False) as uow:
            return uow.events.count()

    def attempt(self, action: Callable[[], Any]) -> None:
        """Run a user's action; keep its result or its refusal for the `Så` steps."""
        self.count_before = self.events()
        self.error, self.result = None, None
        try:
            self.result = action()
        except EngineError as e:
            self.error = e

    # --- bringing the programme somewhere ------------------------------------
    def record(self, subject_id: str, key: str, ref: str | None = None,
               actor: str = WORKER) -> None:
        handlers.record_evidence(self.app, actor, RecordEvidence(subject_id, key,
                                                                 ref=ref or f"Underlag {key}"))

    def record_all(self, subject_id: str) -> None:
        """Every evidence key the subject's current phase requires (not programme milestones)."""
        s = self.subject(subject_id)
        for key in missing_evidence(self.app.definition, s, s.phase):
            self.record(subject_id, key)

    def milestones(self) -> None:
        self.record_all(PROGRAMME_ID)

    def advance(self, subject_id: str, actor: str = WORKER) -> None:
        handlers.advance_subject(self.app, actor, AdvanceSubject(subject_id))

    def decide(self, wave_id: str, decision: str, **extra: Any) -> None:
        actor = "ledningen" if decision == "prepare" else "styrgruppen"
        body = "programledning" if decision == "prepare" else "programstyrgrupp"
        extra.setdefault("ref", f"Protokoll {body} {wave_id}")
        decisions.record_decision(self.app, actor, RecordDecision(wave_id, decision, body,
                                                                  **extra))

    def go_live(self, wave_id: str) -> None:
        """Programstyrgruppen's go decision for the wave, unless it is taken already."""
        if not any(d["decision"] == "go-live" for d in self.subject(wave_id).decisions):
            self.decide(wave_id, "go-live", rationale="Redo för driftsättning")

    def accept(self, wave_id: str) -> None:
        if self.subject(wave_id).acceptance != "accepted":
            self.decide(wave_id, "prepare")
            self.decide(wave_id, "accept", rationale="Acceptanstest godkänt",
                        ref=f"PSG-{wave_id}")

    def bring(self, wave_id: str, target: str, hold: dict[str, str] | None = None) -> None:
        """Move a wave and its municipalities to phase `target` the way the rules allow.

        `hold` keeps a municipality back in the given phase. A rollout wave first
        needs its predecessor in Stänga with lessons learned (R2).
        """
        d = self.app.definition
        order = d.phase_ids()
        hold = hold or {}
        while order.index(self.subject(wave_id).phase) < order.index(target):
            phase = self.leave(wave_id)
            if phase != "godkanna":  # go-live moves the municipalities with their wave (R7)
                for m in self.members(wave_id):
                    if self.subject(m).phase == phase and hold.get(m) != phase:
                        self.record_all(m)
                        self.advance(m)

    def leave(self, wave_id: str) -> str:
        """Record what the wave's phase needs and move the wave on; returns the phase left.

        Municipalities follow their wave (the follows-wave guard); at go-live
        they must be ready as the wave leaves, so their evidence comes first.
        """
        wave = self.subject(wave_id)
        self._prerequisites(wave)
        self.record_all(wave_id)
        if wave.phase == "godkanna":
            for m in self.members(wave_id):
                self.record_all(m)
            self.go_live(wave_id)
        if wave.phase == "acceptera":
            self.accept(wave_id)
        self.advance(wave_id)
        return wave.phase

    def _prerequisites(self, wave: Subject) -> None:
        """R12 for the pilot; for a rollout wave the lessons of the pilot and of every wave
        already live (R2), the pilot brought live first if need be."""
        if wave.phase != "initiera":
            return
        if wave.number == 1:
            self.milestones()
            return
        key = lessons_key(self.app.definition)
        for w in self.app.definition.waves:
            other = self.subject(w.id)
            if w.variant == "pilot" and not gone_live(self.app.definition, other):
                self.bring(w.id, "stanga")
                other = self.subject(w.id)
            if gone_live(self.app.definition, other) and not any(
                    e["key"] == key for e in other.evidence):
                self.record(w.id, key, ref=f"Lärdomar {w.id}")

    def status(self, wave: str | None = None) -> list[dict[str, Any]]:
        return queries.status(self.app, wave)

    def show(self, subject_id: str) -> dict[str, Any]:
        return queries.show(self.app, subject_id)
