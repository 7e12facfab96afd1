"""Commands: what a user asks etapp to do (imperative, frozen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AddActor:
    name: str
    role: str
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class RecordEvidence:
    subject: str
    key: str
    value: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AdvanceSubject:
    subject: str
    to: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RecordDecision:
    subject: str
    decision: str
    body: str
    rationale: str | None = None
    ref: str | None = None
    defects: int | None = None
    fix_by: date | None = None


@dataclass(frozen=True, slots=True)
class RecordRetest:
    subject: str
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PauseSubject:
    subject: str
    reason: str


@dataclass(frozen=True, slots=True)
class ResumeSubject:
    subject: str
    shift: bool = True
    rationale: str | None = None


@dataclass(frozen=True, slots=True)
class ReplanDate:
    subject: str
    phase: str
    to: date
    body: str
    rationale: str
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class BusinessTime:
    """When a command's facts happened, if not now (e.g. recording history after the fact)."""

    occurred_at: datetime | None = None
