"""The §7.2 risk and problem register: a risk's score and level, input rules, and the pure fold.

A risk belongs to the programme, a wave or a municipality and is a stream of
its own (``risk:R-3``). Its score is probability × consequence; the levels
(and their colours) are data in the workflow. A problem is a risk that has
occurred: it keeps its register entry and gets its own action and deadline.
An acceptance by the body with the §1.6 mandate covers the score it was given
for: a later update that raises the score needs a new acceptance.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from engine.domain import events as ev
from engine.errors import InvalidInputError, LedgerIntegrityError
from engine.i18n import _

if TYPE_CHECKING:
    from engine.domain.definition import WorkflowDefinition

#: §1.6: the project's goals, in the order the directive weighs them.
GOALS = ("kvalitet", "tid", "kostnad")
STATUSES = ("open", "occurred", "closed")
#: Fields `risk update` may change; the payload of RiskUpdated carries only the changed ones.
UPDATABLE = ("title", "probability", "consequence", "owner", "action", "due_on", "ref")
#: Bidirectional overrides and isolates (category Cf) let a title read differently on
#: screen than in the log; they are refused with the control characters (Cc).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True, slots=True)
class RiskLevel:
    """One band of scores: ``low`` 1–5, ``medium`` 6–12, ``high`` 15–25 in the shipped data."""

    id: str
    name: str
    max_score: int
    colour: str
    blocks_go_live: bool = False


@dataclass(frozen=True, slots=True)
class RiskPolicy:
    """The register's rules from the workflow definition (``[risk]`` in the TOML)."""

    levels: tuple[RiskLevel, ...] = (
        RiskLevel("low", "Låg", 5, "#2e7d32"),
        RiskLevel("medium", "Medel", 12, "#f9a825"),
        RiskLevel("high", "Hög", 25, "#c62828", blocks_go_live=True),
    )
    scale: int = 5
    weights: Mapping[str, int] = field(
        default_factory=lambda: {"kvalitet": 30, "tid": 50, "kostnad": 20})
    title_max: int = 200
    text_max: int = 4000

    def level(self, score: int) -> RiskLevel:
        """The band `score` falls in (the last band catches anything above)."""
        return next((lv for lv in self.levels if score <= lv.max_score), self.levels[-1])


@dataclass(frozen=True, slots=True)
class Risk:
    """One entry of the register as its events make it."""

    id: str
    number: int
    subject: str
    title: str
    probability: int
    consequence: int
    owner: str
    version: int = 0
    status: str = "open"
    action: str | None = None
    due_on: str | None = None
    ref: str | None = None
    problem: Mapping[str, Any] | None = None
    acceptance: Mapping[str, Any] | None = None
    closed: Mapping[str, Any] | None = None
    added_at: str = ""
    changed_at: str = ""

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def stream(self) -> str:
        return f"{ev.RISK_STREAM_PREFIX}{self.id}"

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    @property
    def accepted(self) -> bool:
        """An acceptance is on record for at least the current score."""
        return self.acceptance is not None and int(self.acceptance["score"]) >= self.score

    def open_action(self) -> tuple[str, str] | None:
        """(kind, due date) of the action deadline on the alert ladder, if one is open."""
        if self.status == "occurred" and self.problem and self.problem.get("due_on"):
            return "problem-action", str(self.problem["due_on"])
        if self.status == "open" and self.due_on:
            return "risk-action", self.due_on
        return None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Risk:
        return cls(**{k: v for k, v in data.items() if k in _FIELDS})


_FIELDS: tuple[str, ...] = Risk.__slots__


#: The decision kind a body's mandate lists to accept a risk (`[[bodies]] decisions`).
RISK_ACCEPT = "risk-accept"


def mandate_bodies(d: WorkflowDefinition, day: str | None = None) -> list[str]:
    """The bodies that accept a risk: those whose mandate (`[[bodies]]`) lists
    ``risk-accept``, on `day` (ISO) when given, else those whose mandate has not ended
    (Chefsgruppen from directive v3.0 2024-04-23, SSVIT before it)."""
    return [b.id for b in d.bodies_for(RISK_ACCEPT)
            if (b.valid_on(day) if day else b.valid_until is None)]


def blocking(risks: Iterable[Risk], d: WorkflowDefinition) -> list[str]:
    """What stops a go-live: each open risk of a blocking level not accepted at its score,
    named with its subject, title, level and score (§7.2, §1.6)."""
    bodies = _(" or ").join(mandate_bodies(d)) or _("a body with the mandate")
    out = []
    for r in sorted(risks, key=lambda r: r.number):
        level = d.risk.level(r.score)
        if r.is_open and level.blocks_go_live and not r.accepted:
            text = (_("{risk} ({subject}): {title} — {level} risk, score {score}, not accepted "
                      "by {bodies} again (its score rose)") if r.acceptance
                    else _("{risk} ({subject}): {title} — {level} risk, score {score}, not "
                           "accepted by {bodies}"))
            out.append(text.format(risk=r.id, subject=r.subject, title=r.title, level=level.id,
                                   score=r.score, bodies=bodies))
    return out


def risk_id(number: int) -> str:
    return f"R-{number}"


def parse_risk_id(text: str) -> str:
    """The risk a user means: ``R-3``, ``r-3``, ``risk:R-3`` or ``3``.

    Raises:
        InvalidInputError: not a risk number.
    """
    raw = text.strip().removeprefix(ev.RISK_STREAM_PREFIX).upper().removeprefix("R-")
    if not raw.isdigit() or not raw.isascii() or int(raw) < 1:
        msg = f"{text[:40]!r} is not a risk id: use R-N as `etapp risk list` shows it"
        raise InvalidInputError(msg)
    return risk_id(int(raw))


def check_text(name: str, value: str | None, limit: int, *, required: bool = False,
               multiline: bool = False) -> str | None:
    """A free text as it will be recorded: stripped, within `limit`, no control characters.

    Raises:
        InvalidInputError: empty where required, too long, or holding control characters.
    """
    if value is None:
        if required:
            msg = f"{name} is required"
            raise InvalidInputError(msg)
        return None
    text = value.strip()
    if not text:
        if required:
            msg = f"{name} must not be empty"
            raise InvalidInputError(msg)
        return None
    if len(text) > limit:
        msg = f"{name} is {len(text)} characters long; at most {limit} are allowed"
        raise InvalidInputError(msg)
    allowed = "\n\t" if multiline else ""
    bad = next((c for c in text if c not in allowed
                and (unicodedata.category(c) == "Cc" or c in _BIDI)), None)
    if bad is not None:
        msg = f"{name} holds the control character U+{ord(bad):04X}: remove it"
        raise InvalidInputError(msg)
    return text


def check_scale(name: str, value: int, scale: int) -> int:
    """Probability and consequence are whole numbers 1..scale (§7.2 routine: 1–5).

    Raises:
        InvalidInputError: outside the scale.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= scale:
        msg = f"{name} must be a whole number from 1 to {scale}, not {value!r}"
        raise InvalidInputError(msg)
    return value


def parse_goals(text: str) -> tuple[str, ...]:
    """``kvalitet,kostnad`` → the §1.6 goals an acceptance puts at stake.

    Raises:
        InvalidInputError: empty, an unknown goal, or all three (nothing is traded for).
    """
    goals = tuple(dict.fromkeys(g.strip().casefold() for g in text.split(",") if g.strip()))
    unknown = [g for g in goals if g not in GOALS]
    if not goals or unknown:
        msg = f"--affects names the goals put at stake: {', '.join(GOALS)}"
        raise InvalidInputError(msg)
    if len(goals) == len(GOALS):
        msg = "--affects names every goal: an acceptance trades some goals for the others (§1.6)"
        raise InvalidInputError(msg)
    return tuple(g for g in GOALS if g in goals)


def parse_weights(text: str | None, default: Mapping[str, int]) -> dict[str, int]:
    """``kvalitet=30,tid=50,kostnad=20`` → the weighting used; the §1.6 one when None.

    Raises:
        InvalidInputError: not every goal once, a weight outside 0..100, or a sum other than 100.
    """
    if text is None:
        return {g: int(default[g]) for g in GOALS}
    weights: dict[str, int] = {}
    for part in text.split(","):
        goal, _, number = part.partition("=")
        goal = goal.strip().casefold()
        if goal not in GOALS or goal in weights or not number.strip().isdigit():
            msg = "--weights reads kvalitet=N,tid=N,kostnad=N (per cent, summing to 100)"
            raise InvalidInputError(msg)
        weights[goal] = int(number)
    if set(weights) != set(GOALS) or sum(weights.values()) != 100:
        msg = "--weights must weigh kvalitet, tid and kostnad once each, summing to 100"
        raise InvalidInputError(msg)
    return {g: weights[g] for g in GOALS}


def apply_risk(state: Risk | None, event: ev.StoredEvent) -> Risk:
    """Fold one recorded event into a risk. Never re-checks a rule.

    Raises:
        LedgerIntegrityError: the event cannot follow the state.
    """
    p = event.payload
    t = event.type
    if t == ev.RISK_ADDED:
        if state is not None:
            msg = f"{event.subject}: added twice (event {event.seq})"
            raise LedgerIntegrityError(msg, event.seq)
        return Risk(id=p["id"], number=int(p["number"]), subject=p["subject"], title=p["title"],
                    probability=int(p["probability"]), consequence=int(p["consequence"]),
                    owner=p["owner"], version=event.version, action=p.get("action"),
                    due_on=p.get("due_on"), ref=p.get("ref"), added_at=event.recorded_at,
                    changed_at=event.recorded_at)
    if state is None:
        msg = f"{event.subject}: {t} before RiskAdded (event {event.seq})"
        raise LedgerIntegrityError(msg, event.seq)
    changes: dict[str, Any] = {"version": event.version, "changed_at": event.recorded_at}
    if t == ev.RISK_UPDATED:
        changes.update({k: v for k, v in p["changes"].items() if k in UPDATABLE})
    elif t == ev.RISK_OCCURRED:
        changes.update(status="occurred", problem={
            "action": p["action"], "due_on": p.get("due_on"), "ref": p.get("ref"),
            "note": p.get("note"), "occurred_at": event.occurred_at, "seq": event.seq})
    elif t == ev.RISK_ACCEPTED:
        changes["acceptance"] = {
            "body": event.body, "rationale": p["rationale"], "ref": p["ref"],
            "meeting_on": p.get("meeting_on"),
            "weights": dict(p["weights"]), "affects": list(p["affects"]),
            "score": int(p["score"]), "actor": event.actor, "role": event.role,
            "occurred_at": event.occurred_at, "seq": event.seq}
    elif t == ev.RISK_CLOSED:
        changes.update(status="closed", closed={
            "ref": p["ref"], "note": p.get("note"), "actor": event.actor,
            "occurred_at": event.occurred_at, "seq": event.seq})
    elif t != ev.ALERT_FIRED:
        msg = f"{event.subject}: unknown event type {t!r} (event {event.seq})"
        raise LedgerIntegrityError(msg, event.seq)
    data = state.to_dict()
    data.update(changes)
    return Risk.from_dict(data)


def fold_risks(events: Iterable[ev.StoredEvent]) -> dict[str, Risk]:
    """Every risk from events alone (oldest first): the fold `--as-of` and the report share."""
    risks: dict[str, Risk] = {}
    for e in events:
        if ev.is_risk_stream(e.subject):
            risks[e.subject] = apply_risk(risks.get(e.subject), e)
    return risks
