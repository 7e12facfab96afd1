"""Use cases that change state: init, actors, evidence and phase advances."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.actors import Actor, check_role
from engine.domain.commands import AddActor, AdvanceSubject, RecordEvidence
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition
from engine.domain.guards import evaluate
from engine.domain.machine import machine_for
from engine.domain.subject import Subject
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    GuardRejected,
    InvalidInputError,
    NotFoundError,
    RuleViolation,
)
from engine.services.unit import SYSTEM_ACTOR, App, WriteContext, resolve_subject_id, run_write


def initial_subjects(definition: WorkflowDefinition) -> list[ev.NewEvent]:
    """SubjectCreated events for the programme, its waves and municipalities."""
    first = definition.initial_phase
    last_wave = definition.waves[-1].id if definition.waves else None
    created = [ev.NewEvent(PROGRAMME_ID, ev.SUBJECT_CREATED, {
        "kind": "programme", "name": definition.programme_name, "phase": first})]
    for w in definition.waves:
        created.append(ev.NewEvent(w.id, ev.SUBJECT_CREATED, {
            "kind": "wave", "name": w.name, "phase": first, "wave": w.id, "area": w.area,
            "variant": w.variant, "number": w.number, "last": w.id == last_wave,
            "planned": dict(w.planned)}))
    variants = {w.id: w.variant for w in definition.waves}
    for m in definition.municipalities:
        created.append(ev.NewEvent(m.id, ev.SUBJECT_CREATED, {
            "kind": "municipality", "name": m.name, "phase": first, "code": m.code,
            "wave": m.wave, "federation": m.federation, "area": m.area,
            "variant": variants[m.wave]}))
    return created


def init_workflow(app: App) -> bool:
    """Create the schema and load the workflow's subjects; a second run changes nothing.

    Returns:
        True when this call initialised the database, False when it already was.
    """
    with app.uow(write=True, require_schema=False) as uow:
        if not uow.create_schema(app.definition.ref):
            return False
        uow.commit()
    run_write(app, None, lambda _ctx: initial_subjects(app.definition), actor=SYSTEM_ACTOR)
    return True


def add_actor(app: App, actor_name: str | None, cmd: AddActor, *,
              occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Register an actor (§5). The first actor needs no --actor and must be programkontor.

    Raises:
        InvalidInputError: unknown role, a scope missing or given where it does not belong.
        DecisionNotPermitted: the acting actor may not administer actors.
        ConcurrencyError: the name is already registered.
    """
    d = app.definition
    admin = d.permissions.get("actor-admin", ())
    role = d.role(cmd.role)
    if role is None:
        msg = f"unknown role {cmd.role!r}; roles are {', '.join(r.id for r in d.roles)}"
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        if ctx.uow.actors.get(cmd.name) is not None:
            msg = f"actor {cmd.name!r} is already registered"
            raise ConcurrencyError(msg)
        scope = None
        if role.scoped:
            if not cmd.scope:
                msg = f"role {cmd.role} acts for one municipality: give --scope MUNICIPALITY"
                raise InvalidInputError(msg)
            target = ctx.resolve(cmd.scope)
            if target.kind != "municipality":
                msg = f"--scope must be a municipality, not {target.kind} {target.id}"
                raise InvalidInputError(msg)
            scope = target.id
        elif cmd.scope:
            msg = f"role {cmd.role} is not scoped to a municipality: drop --scope"
            raise InvalidInputError(msg)
        return [ev.NewEvent(f"{ev.ACTOR_STREAM_PREFIX}{cmd.name}", ev.ACTOR_ADDED,
                            {"name": cmd.name, "role": cmd.role, "scope": scope})]

    with app.uow(write=False) as uow:
        bootstrap = not uow.actors.all()
    if bootstrap:
        if cmd.role not in admin:
            msg = (f"the first actor administers the others: register a "
                   f"{' or '.join(admin)} first")
            raise DecisionNotPermitted(msg)
        return run_write(app, None, decide, actor=Actor(cmd.name, cmd.role),
                         occurred_at=occurred_at)
    if not actor_name:
        msg = "actors exist already: a programkontor actor must add others (--actor NAME)"
        raise DecisionNotPermitted(msg)

    def checked(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        check_role(d, ctx.actor, admin, "register actors")
        return decide(ctx)

    return run_write(app, actor_name, checked, occurred_at=occurred_at)


def record_evidence(app: App, actor_name: str | None, cmd: RecordEvidence, *,
                    occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record evidence for the subject's current phase (§3.3).

    Raises:
        NotFoundError: the key is unknown, or does not apply to this subject.
        RuleViolation: the key belongs to another phase than the subject's.
        DecisionNotPermitted: the actor's role or scope may not record it.
    """
    d = app.definition
    spec = d.evidence_spec(cmd.key)
    if spec is None:
        msg = f"unknown evidence key {cmd.key!r}; `etapp show SUBJECT` lists what is missing"
        raise NotFoundError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        applies = s.kind in spec.kinds and (s.kind == "programme" or s.variant in spec.variants)
        if not applies or (spec.last_only and not s.last):
            msg = f"evidence key {cmd.key!r} does not apply to {s.kind} {s.id}"
            raise NotFoundError(msg)
        if spec.phase != s.phase:
            msg = f"{cmd.key} is evidence for {spec.phase}, but {s.id} is in {s.phase}"
            raise RuleViolation(msg)
        check_role(d, ctx.actor, spec.roles, f"record {cmd.key}", s)
        payload = {"key": cmd.key, "phase": s.phase, "value": cmd.value, "ref": cmd.ref,
                   "note": cmd.note}
        return [ev.NewEvent(s.id, ev.EVIDENCE_RECORDED, payload)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def advance_subject(app: App, actor_name: str | None, cmd: AdvanceSubject, *,
                    occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Move a subject to its next phase if every guard holds (R1); a wave's go-live moves
    the wave and all its municipalities in one step, or nothing (R7, §3.2), all at the
    same business time, which may precede none of theirs.

    Raises:
        GuardRejected: naming every unmet condition.
        TransitionNotAllowed: skipping a phase, or leaving a final one.
        ConcurrencyError: `--to` names a phase the subject has already reached.
    """
    d = app.definition
    machine = machine_for(d)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        check_role(d, ctx.actor, d.permissions.get("advance", ()), "advance phases", s)
        order = d.phase_ids()
        if cmd.to is not None and cmd.to in order and order.index(cmd.to) <= order.index(s.phase):
            msg = f"{s.id} is already in {s.phase}: nothing to do"
            raise ConcurrencyError(msg)
        spec = machine.transition(s.phase, cmd.to)
        result = evaluate(spec.guards, ctx.guard_context(s, spec.dest))
        if not result.ok:
            msg = f"{s.id} cannot leave {s.phase} yet: missing {'; '.join(result.missing)}"
            raise GuardRejected(msg, list(result.missing))
        moved = [s]
        if s.kind == "wave" and "go-live-together" in spec.guards:
            moved += list(ctx.guard_context(s, spec.dest).members)
        return [ev.NewEvent(m.id, ev.SUBJECT_ADVANCED,
                            {"from": s.phase, "to": spec.dest, "note": cmd.note,
                             "with": s.id if m.id != s.id else None})
                for m in moved]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def resolve(app: App, text: str) -> Subject:
    """The subject a user means by `text` (id, kommunkod or name)."""
    with app.uow(write=False) as uow:
        found = uow.subjects.get(resolve_subject_id(uow, text))
    assert found is not None
    return found


__all__ = ["DecisionNotPermitted", "add_actor", "advance_subject", "init_workflow",
           "record_evidence", "resolve"]
