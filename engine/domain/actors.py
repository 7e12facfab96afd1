"""Actors, roles and the permission rules of the definition (§5)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.domain.definition import WorkflowDefinition
from engine.domain.subject import Subject
from engine.errors import DecisionNotPermitted, InvalidInputError


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: str
    scope: str | None = None


def check_role(
    definition: WorkflowDefinition, actor: Actor, allowed: tuple[str, ...], action: str,
    subject: Subject | None = None,
) -> None:
    """Allow `action` only to an actor whose role is listed, within its scope.

    A scoped role (a municipality's projektledare) acts only on its own
    municipality.

    Raises:
        DecisionNotPermitted: the role is not listed, or the subject is outside the scope.
    """
    if actor.role not in allowed:
        msg = (f"{actor.name} ({actor.role}) may not {action}; "
               f"allowed roles: {', '.join(allowed) or 'none'}")
        raise DecisionNotPermitted(msg)
    role = definition.role(actor.role)
    if role is not None and role.scoped and subject is not None and subject.id != actor.scope:
        msg = f"{actor.name} ({actor.role}) acts for {actor.scope} only, not {subject.id}"
        raise DecisionNotPermitted(msg)


def check_body(definition: WorkflowDefinition, actor: Actor, body: str) -> None:
    """Only an actor holding a body's role records that body's decision.

    Raises:
        InvalidInputError: the body is unknown to the definition.
        DecisionNotPermitted: the actor does not hold the body's role.
    """
    role = definition.bodies.get(body)
    if role is None:
        msg = f"unknown body {body!r}; bodies are {', '.join(definition.bodies)}"
        raise InvalidInputError(msg)
    if actor.role != role:
        msg = f"{actor.name} ({actor.role}) cannot record a decision of {body}"
        raise DecisionNotPermitted(msg)
