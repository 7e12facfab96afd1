"""Commands: what a user asks etapp to do (imperative, frozen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AddActor:
    """Register an actor with one role or several (`roles` may be a single role id)."""

    name: str
    roles: tuple[str, ...] | str
    scope: str | None = None

    @property
    def role_ids(self) -> tuple[str, ...]:
        return (self.roles,) if isinstance(self.roles, str) else tuple(self.roles)


@dataclass(frozen=True, slots=True)
class ChangeRole:
    """Grant a role to a registered actor, or revoke one (`grant=False`)."""

    name: str
    role: str
    grant: bool = True
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
    meeting_on: date | None = None  # the body's meeting; default: the decision's business day


@dataclass(frozen=True, slots=True)
class RecordRetest:
    subject: str
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PauseSubject:
    subject: str
    reason: str
    ref: str | None = None
    meeting_on: date | None = None


@dataclass(frozen=True, slots=True)
class ResumeSubject:
    """Lift a pause; `body` decides (default: the body whose role the actor holds)."""

    subject: str
    shift: bool = True
    rationale: str | None = None
    ref: str | None = None
    meeting_on: date | None = None
    body: str | None = None
    beyond_programme_end: bool = False


@dataclass(frozen=True, slots=True)
class ReplanDate:
    subject: str
    phase: str
    to: date
    body: str
    rationale: str
    ref: str | None = None
    meeting_on: date | None = None
    affects: tuple[str, ...] = ("tid",)
    beyond_programme_end: bool = False


@dataclass(frozen=True, slots=True)
class BusinessTime:
    """When a command's facts happened, if not now (e.g. recording history after the fact)."""

    occurred_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AddRisk:
    """Enter a risk in the §7.2 register for the programme, a wave or a municipality."""

    subject: str
    title: str
    probability: int
    consequence: int
    owner: str
    action: str | None = None
    due_on: date | None = None
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class UpdateRisk:
    """Change what is known about a risk; fields left None stay as they are."""

    risk: str
    title: str | None = None
    probability: int | None = None
    consequence: int | None = None
    owner: str | None = None
    action: str | None = None
    due_on: date | None = None
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class OccurRisk:
    """The risk has occurred: it is now a problem with its own action and deadline."""

    risk: str
    action: str
    due_on: date | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AcceptRisk:
    """A body with the §1.6 mandate accepts a risk, weighing quality, time and cost."""

    risk: str
    body: str
    rationale: str
    ref: str
    affects: str
    weights: str | None = None
    meeting_on: date | None = None


@dataclass(frozen=True, slots=True)
class CloseRisk:
    risk: str
    ref: str
    note: str | None = None
