"""Deciding bodies, their §1.6 mandates and the dates no plan passes unannounced, as data.

A body (§5) is data in the workflow file: its members are the actors holding
its role; its mandate lists the §1.6 goals it may change and the kinds of
decision it takes; it decides only inside its validity period, because the
bodies changed over the years (SSVIT under directive v1.0 2019, Chefsgruppen
from directive v3.0 2024-04-23, Regionstyrelsen for VGR's timeline).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from engine.errors import DefinitionError, InvalidInputError
from engine.i18n import _

#: §1.6: the goals a change can affect, and so the goals a body's mandate covers.
GOALS = ("kvalitet", "tid", "kostnad")
#: The kinds of decision a body's mandate may list. The engine checks the first
#: group itself; `directive` and `financing` are recorded as milestones (§4.1, §6.1).
DECISION_KINDS = (
    "acceptance-prepare", "acceptance-accept", "acceptance-reject",
    "final-acceptance-prepare", "final-acceptance-accept", "final-acceptance-reject",
    "wave-dates", "municipality-dates", "resume", "beyond-programme-end",
    "risk-accept", "directive", "financing", "workflow-upgrade",
)


@dataclass(frozen=True, slots=True)
class BodySpec:
    """A deciding body (§5): its members hold `role`; it decides only what its mandate
    lists (`goals` of §1.6, `decisions` by kind), and only inside its validity period."""

    id: str
    name: str
    role: str
    goals: tuple[str, ...]
    decisions: tuple[str, ...]
    source: str
    valid_from: str | None = None
    valid_until: str | None = None

    def valid_on(self, day: str) -> bool:
        """Whether the body existed with this mandate on `day` (ISO date)."""
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))

    @property
    def period(self) -> str:
        """The validity period as people read it: `2019-06-18 to 2024-04-22`, `from 2024-04-23`."""
        if self.valid_from and self.valid_until:
            return _("{start} to {end}").format(start=self.valid_from, end=self.valid_until)
        if self.valid_from:
            return _("from {start}").format(start=self.valid_from)
        return (_("until {end}").format(end=self.valid_until) if self.valid_until
                else _("at any time"))


@dataclass(frozen=True, slots=True)
class GoalSpec:
    """One §1.6 goal and its weight when goals conflict."""

    id: str
    name: str
    weight: int


@dataclass(frozen=True, slots=True)
class LimitSpec:
    """A date no plan may pass without an explicit decision (§3.1 programme end, §6.1 financing)."""

    id: str
    label: str
    until: str
    source: str


_BODY_FIELDS = frozenset({"id", "name", "role", "goals", "decisions", "source", "valid_from",
                           "valid_until"})


def _body(index: int, entry: Mapping[str, Any]) -> BodySpec:
    """One [[bodies]] entry; a bad one fails naming the entry and the field."""
    where = f"body {entry['id']!r}" if isinstance(entry.get("id"), str) else f"bodies[{index}]"
    for key in ("id", "name", "role", "source"):
        if not isinstance(entry.get(key), str):
            _fail(f"{where} needs {key} (text)")
    unknown = sorted(set(entry) - _BODY_FIELDS)
    if unknown:
        _fail(f"{where} has unknown field {unknown[0]!r}")
    for key in ("goals", "decisions"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            _fail(f"{where}: {key} must be a list of ids")
    try:
        valid_from = _iso_date(entry.get("valid_from"), f"{where} valid_from")
        valid_until = _iso_date(entry.get("valid_until"), f"{where} valid_until")
    except ValueError as e:
        _fail(str(e))
    return BodySpec(entry["id"], entry["name"], entry["role"], tuple(entry.get("goals", ())),
                    tuple(entry.get("decisions", ())), entry["source"], valid_from, valid_until)


def _entries(value: Any, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        msg = f"{where} must be an array of tables ([[{where}]])"
        raise ValueError(msg)
    return value

def _iso_date(value: Any, where: str) -> str | None:
    """A TOML date or ISO text as ISO text; None stays None."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as e:
        msg = f"{where} is {value!r}, not a date (YYYY-MM-DD)"
        raise ValueError(msg) from e



def _fail(msg: str) -> NoReturn:
    raise DefinitionError(_("workflow definition: {msg}").format(msg=msg))


def parse_governance(
    raw: Mapping[str, Any],
) -> tuple[dict[str, BodySpec], tuple[GoalSpec, ...], tuple[LimitSpec, ...]]:
    """The [[bodies]], [[goals]] and [[limits]] of a parsed workflow file.

    The older form `bodies = { id = "role" }` still loads: each body is its
    members' role and nothing more, a body without a mandate (it records
    decisions the permissions give its role, and none that needs a mandate).

    Raises:
        DefinitionError: naming the first bad entry and field.
    """
    bodies: dict[str, BodySpec] = {}
    given = raw.get("bodies", [])
    if isinstance(given, Mapping):
        given = [{"id": k, "name": k, "role": v, "source": "bodies"} for k, v in given.items()]
    for i, entry in enumerate(_entries(given, "bodies")):
        body = _body(i, entry)
        if body.id in bodies:
            _fail(f"body {body.id!r} is declared twice")
        bodies[body.id] = body
    try:
        goals = tuple(GoalSpec(g["id"], g["name"], int(g["weight"]))
                      for g in _entries(raw.get("goals", []), "goals"))
        limits = tuple(
            LimitSpec(x["id"], x["label"], str(_iso_date(x["until"], f"limit {x['id']!r}")),
                      x["source"])
            for x in _entries(raw.get("limits", []), "limits"))
    except (KeyError, TypeError, ValueError) as e:
        _fail(f"goals or limits: malformed entry ({type(e).__name__}: {e})")
    return bodies, goals, limits


def validate_governance(bodies: Mapping[str, BodySpec], goals: Iterable[GoalSpec],
                        limits: Iterable[LimitSpec], role_ids: set[str]) -> None:
    """Check every body, goal and limit against the declared roles and vocabularies.

    Raises:
        DefinitionError: naming the first bad entry.
    """
    goals = tuple(goals)
    if goals and (sorted(g.id for g in goals) != sorted(GOALS)
                  or sum(g.weight for g in goals) != 100):  # per cent
        _fail(f"goals must be {', '.join(GOALS)} once each, with weights adding up to 100")
    for body in bodies.values():
        where = f"body {body.id!r}"
        if not body.name.strip() or not body.source.strip():
            _fail(f"{where} needs a name and a source (§ or seed)")
        if body.role not in role_ids:
            _fail(f"{where} needs undeclared role {body.role!r}")
        for g in body.goals:
            if g not in GOALS:
                _fail(f"{where} names unknown goal {g!r}; goals are {', '.join(GOALS)}")
        for kind in body.decisions:
            if kind not in DECISION_KINDS:
                _fail(f"{where} names unknown decision kind {kind!r}")
        if body.valid_from and body.valid_until and body.valid_until < body.valid_from:
            _fail(f"{where} is valid until {body.valid_until}, before {body.valid_from}")
    for limit in limits:
        if not limit.label.strip() or not limit.source.strip():
            _fail(f"limit {limit.id!r} needs a label and a source")


def check_mandate(bodies: Mapping[str, BodySpec], body_id: str, kind: str, day: str,
                  what: str, goals: Iterable[str] = ()) -> BodySpec:
    """The body `body_id`, once it is known to take decisions of `kind` on `day` (§5, §1.6).

    A body decides only what its mandate lists (the decision kind, and every
    §1.6 goal the decision affects) and only inside its validity period, on the
    decision's business date `day` (ISO).

    Raises:
        InvalidInputError: the body is unknown, lacks the mandate, or did not
            decide on that day; the message names the bodies that do.
    """
    body = bodies.get(body_id)
    if body is None:
        msg = _("unknown body {body!r}; bodies are {bodies}").format(
            body=body_id, bodies=", ".join(bodies))
        raise InvalidInputError(msg)
    deciders = [b for b in bodies.values() if kind in b.decisions]
    then = [b.id for b in deciders if b.valid_on(day)]
    if kind not in body.decisions:
        who = _(" or ").join(then or [b.id for b in deciders]) or _("no body")
        msg = _("{what} is decided by {deciders}, not {body}").format(
            what=what, deciders=who, body=body_id)
        raise InvalidInputError(msg)
    if not body.valid_on(day):
        other = (_("; on {day} it is decided by {deciders}").format(
                     day=day, deciders=_(" or ").join(then)) if then else "")
        msg = _("{body} decides {what} only {period} ({source}), not on {day}{other}").format(
            body=body_id, what=what, period=body.period, source=body.source, day=day,
            other=other)
        raise InvalidInputError(msg)
    beyond = [g for g in goals if g not in body.goals]
    if beyond:
        msg = _("{body}'s mandate does not cover {goals} (§1.6): it may change {allowed}").format(
            body=body_id, goals=", ".join(beyond),
            allowed=", ".join(body.goals) or _("no goal"))
        raise InvalidInputError(msg)
    return body
