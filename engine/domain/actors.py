"""Actors, the roles they hold, and the permission rules of the definition (§5).

A person holds several roles and so sits in several bodies (§5.4: the
huvudprojektledare is a member of Chefsgruppen; §5.8). Membership of a body
is holding the role the body names. An actor acts in one of its roles at a
time: the role that permits the action is the one the event records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.domain import events as ev
from engine.domain.definition import WorkflowDefinition
from engine.domain.subject import Subject
from engine.errors import DecisionNotPermitted, InvalidInputError, LedgerIntegrityError
from engine.i18n import _


@dataclass(frozen=True, slots=True)
class Actor:
    """A registered person (or system) with its roles; `scope` is the municipality a
    scoped role (a local projektledare) acts for."""

    name: str
    roles: tuple[str, ...]
    scope: str | None = None

    @property
    def label(self) -> str:
        """`anna (huvudprojektledare, chefsgrupp)`, for messages."""
        return f"{self.name} ({', '.join(self.roles) or 'no role'})"


def check_role(
    definition: WorkflowDefinition, actor: Actor, allowed: tuple[str, ...], action: str,
    subject: Subject | None = None,
) -> str:
    """Allow `action` only to an actor holding a listed role, within its scope.

    A scoped role (a municipality's projektledare) acts only on its own
    municipality. Roles are tried in the order the definition lists them.

    Returns:
        The role the actor acts in (recorded on the event).

    Raises:
        DecisionNotPermitted: no role of the actor is listed, or the subject is outside the scope.
    """
    held = [r for r in allowed if r in actor.roles]
    if not held:
        msg = (_("{actor_label} may not {action}; allowed roles: {allowed}").format(
                   actor_label=actor.label, action=action,
                   allowed=', '.join(allowed) or _('none')))
        raise DecisionNotPermitted(msg)
    for role_id in held:
        role = definition.role(role_id)
        if role is None or not role.scoped or subject is None or subject.id == actor.scope:
            return role_id
    where = subject.id if subject else ""
    msg = _("{actor_name} ({held}) acts for {actor_scope} only, not {where}").format(
              actor_name=actor.name, held=held[0], actor_scope=actor.scope, where=where)
    raise DecisionNotPermitted(msg)


def check_body(definition: WorkflowDefinition, actor: Actor, body: str) -> str:
    """Only a member of a body, an actor holding the body's role, records its decision.

    Returns:
        The body's role, in which the actor acts.

    Raises:
        InvalidInputError: the body is unknown to the definition.
        DecisionNotPermitted: the actor does not hold the body's role.
    """
    spec = definition.body(body)
    if spec is None:
        msg = _("unknown body {body!r}; bodies are {definition_bodies}").format(
                  body=body, definition_bodies=', '.join(definition.bodies))
        raise InvalidInputError(msg)
    if spec.role not in actor.roles:
        msg = _("{actor_label} is not a member of {body} and cannot record its decision").format(
                  actor_label=actor.label, body=body)
        raise DecisionNotPermitted(msg)
    return spec.role


def check_deciding_body(d: WorkflowDefinition, action: str, body: str, what: str) -> None:
    """The body must be one whose role the definition lets take `action`.

    Raises:
        InvalidInputError: the body is unknown, or another body takes this decision.
    """
    spec = d.body(body)
    if spec is None:
        msg = _("unknown body {body!r}; bodies are {bodies}").format(
            body=body, bodies=", ".join(d.bodies))
        raise InvalidInputError(msg)
    allowed = d.permissions.get(action, ())
    if spec.role not in allowed:
        deciders = [b.id for b in d.bodies.values() if b.role in allowed]
        msg = _("{what} is decided by {deciders}, not {body}").format(
            what=what, deciders=_(" or ").join(deciders) or _("no body"), body=body)
        raise InvalidInputError(msg)


@dataclass(frozen=True, slots=True)
class ActorState:
    """An actor as the log makes it: roles with the time each was granted (replay, projection)."""

    name: str
    scope: str | None
    added_at: str
    roles: Mapping[str, str]

    def actor(self) -> Actor:
        return Actor(self.name, tuple(sorted(self.roles, key=lambda r: (self.roles[r], r))),
                     self.scope)


def added_roles(payload: Mapping[str, Any], legacy: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The roles an ActorAdded event grants.

    Events written before actors held several roles carry one `role`; they are
    read with the workflow's `legacy_roles` mapping (the programme office kept
    actor administration, now the administrator's, §5.8), exactly as the
    migration to several roles mapped the stored actors.
    """
    if "roles" in payload:
        return list(payload["roles"])
    old = payload["role"]
    return list(legacy.get(old, (old,)))


def apply_actor(state: ActorState | None, event: ev.StoredEvent,
                legacy: Mapping[str, tuple[str, ...]]) -> ActorState:
    """Fold one event of an actor's stream; never re-checks a rule.

    Raises:
        LedgerIntegrityError: the event cannot follow the state.
    """
    p = event.payload
    if event.type == ev.ACTOR_ADDED:
        if state is not None:
            msg = _("actor {name} added twice (event {event_seq})").format(
                      name=p['name'], event_seq=event.seq)
            raise LedgerIntegrityError(msg, event.seq)
        return ActorState(p["name"], p.get("scope"), event.recorded_at,
                          dict.fromkeys(added_roles(p, legacy), event.recorded_at))
    if state is None:
        msg = _("{event_subject}: {event_type} before ActorAdded (event {event_seq})").format(
                  event_subject=event.subject, event_type=event.type, event_seq=event.seq)
        raise LedgerIntegrityError(msg, event.seq)
    roles = dict(state.roles)
    if event.type == ev.ACTOR_ROLE_GRANTED:
        roles[p["role"]] = event.recorded_at
    elif event.type == ev.ACTOR_ROLE_REVOKED:
        roles.pop(p["role"], None)
    else:
        return state  # other facts about an actor (keys) do not change its roles
    return ActorState(state.name, p.get("scope", state.scope), state.added_at, roles)
