"""Which deadlines a subject has open, from its plan and its decisions (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engine.domain.subject import Subject


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date something must be done by. The id changes when the date moves, so a
    replanned or shifted deadline gets its own alerts."""

    subject: str
    kind: str
    due_on: date

    @property
    def id(self) -> str:
        return f"{self.subject}/{self.kind}@{self.due_on.isoformat()}"


def planned_dates(subject: Subject, wave: Subject | None) -> dict[str, date]:
    """Planned end date of each phase: a wave's own, a municipality's inherited from its wave."""
    if subject.kind == "wave":
        return {p: date.fromisoformat(d) for p, d in (subject.planned or {}).items()}
    if subject.kind == "municipality" and wave is not None:
        shift = timedelta(days=subject.offset_days)
        return {p: date.fromisoformat(d) + shift for p, d in (wave.planned or {}).items()}
    return {}


def open_deadlines(subject: Subject, wave: Subject | None) -> list[Deadline]:
    """Open deadlines: the end of the current phase, and any fix-by date of a rejection (R6)."""
    found = []
    due = planned_dates(subject, wave).get(subject.phase)
    if due is not None:
        found.append(Deadline(subject.id, f"phase:{subject.phase}", due))
    for d in subject.deadlines:
        if d.get("open"):
            found.append(Deadline(subject.id, d["kind"], date.fromisoformat(d["due_on"])))
    return sorted(found, key=lambda d: d.due_on)
