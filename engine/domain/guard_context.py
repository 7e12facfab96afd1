"""What a guard may look at (`GuardContext`) and what it answers (`GuardResult`).

Apart from `guards.py` so the calendar guards (`calendar_guards.py`) can share them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from engine.domain.definition import WorkflowDefinition
from engine.domain.risks import Risk
from engine.domain.subject import Subject


@dataclass(frozen=True, slots=True)
class GuardContext:
    """What a guard may look at: the subject and the subjects it depends on."""

    definition: WorkflowDefinition
    subject: Subject
    target: str
    programme: Subject
    waves: Mapping[str, Subject]
    members: tuple[Subject, ...] = ()
    #: Open risks of the subject, its municipalities and the programme (the go-live gate).
    risks: tuple[Risk, ...] = ()
    #: The command's business day in Stockholm (`--at`, else today); None where no day
    #: is judged (a report), and then the calendar guards hold.
    business_on: date | None = None

    @property
    def own_wave(self) -> Subject | None:
        s = self.subject
        if s.kind == "wave":
            return s
        return self.waves.get(s.wave or "")


@dataclass(frozen=True, slots=True)
class GuardResult:
    ok: bool
    missing: tuple[str, ...] = ()


OK = GuardResult(True)
