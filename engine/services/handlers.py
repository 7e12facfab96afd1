"""Use cases that change state: init, evidence and phase advances (actors: `actors.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition
from engine.domain.documents import require_ref
from engine.domain.guards import evaluate
from engine.domain.labels import labelled
from engine.domain.machine import machine_for
from engine.domain.subject import Subject
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    GuardRejected,
    NotFoundError,
    RuleViolation,
)
from engine.i18n import _
from engine.services.actors import add_actor
from engine.services.unit import SYSTEM_ACTOR, App, WriteContext, resolve_subject_id, run_write


def initial_subjects(definition: WorkflowDefinition) -> list[ev.NewEvent]:
    """SubjectCreated events for the programme, its waves and municipalities."""
    first = definition.initial_phase
    last_wave = definition.waves[-1].id if definition.waves else None
    # The full hash of the definition the programme starts under: its `name@hash`
    # on every event is short, and replay compares the kept version with this.
    created = [ev.NewEvent(PROGRAMME_ID, ev.SUBJECT_CREATED, {
        "kind": "programme", "name": definition.programme_name, "phase": first,
        "digest": definition.digest})]
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


def init_workflow(app: App, sources: str | None = None) -> bool:
    """Create the schema and load the workflow's subjects; a second run only applies
    newer migrations (an upgrade of a database made by an earlier release).

    Migrations commit first; the mark that the database is initialised and the
    subjects are one transaction, so a crash leaves it either initialised or not,
    and `init` can always run again.

    Args:
        sources: the definition's files (JSON) when it was loaded from a directory; the
            database keeps them, and later commands run under them.

    Returns:
        True when this call initialised the database, False when it already was.
    """
    from engine.services.keys import ensure_log_key

    with app.uow(write=True, require_schema=False) as uow:
        uow.upgrade_schema()
        # Older databases get the log key on their next `init`, with their migrations.
        ensure_log_key(uow, app, app.definition.name)
        uow.commit()  # the migrations, also when the database existed already

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        if not ctx.uow.record_schema(app.definition.ref, sources):
            return []
        return initial_subjects(app.definition)

    return bool(run_write(app, None, decide, actor=SYSTEM_ACTOR, require_schema=False))


def record_evidence(app: App, actor_name: str | None, cmd: RecordEvidence, *,
                    occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record evidence for the subject's current phase (§3.3).

    Raises:
        NotFoundError: the key is unknown, or does not apply to this subject.
        RuleViolation: the key belongs to another phase than the subject's.
        DecisionNotPermitted: the actor's role or scope may not record it.
        InvalidInputError: the key is marked `requires_ref` and no document is given.
    """
    d = app.definition
    spec = d.evidence_spec(cmd.key)
    if spec is None:
        msg = _("unknown evidence key {key!r}; `etapp show SUBJECT` lists what is missing").format(
                  key=cmd.key)
        raise NotFoundError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        applies = s.kind in spec.kinds and (s.kind == "programme" or s.variant in spec.variants)
        if not applies or (spec.last_only and not s.last):
            msg = _("evidence key {key!r} does not apply to {s_kind} {s_id}").format(
                      key=cmd.key, s_kind=s.kind, s_id=s.id)
            raise NotFoundError(msg)
        if spec.phase != s.phase:
            msg = _("{key} is evidence for {phase}, but {s_id} is in {s_phase}").format(
                      key=labelled(d, cmd.key), phase=spec.phase, s_id=s.id, s_phase=s.phase)
            raise RuleViolation(msg)
        ctx.permit(spec.roles, _("record {key}").format(key=labelled(d, cmd.key)), s)
        if spec.requires_ref:  # a decision, a plan or a test report is documented (§3.4)
            require_ref(cmd.ref, labelled(d, cmd.key))
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
        ctx.permit(d.permissions.get("advance", ()), _("advance phases"), s)
        order = d.phase_ids()
        if cmd.to is not None and cmd.to in order and order.index(cmd.to) <= order.index(s.phase):
            msg = _("{s_id} is already in {s_phase}: nothing to do").format(
                      s_id=s.id, s_phase=s.phase)
            raise ConcurrencyError(msg)
        spec = machine.transition(s.phase, cmd.to)
        if s.kind == "wave" and "go-live-together" in spec.guards:
            # Taking a whole wave live carries out the go decision (W7).
            ctx.permit(d.permissions.get("advance-go-live", ()), _("take a whole wave live"), s)
        result = evaluate(spec.guards, ctx.guard_context(s, spec.dest))
        if not result.ok:
            msg = _("{s_id} cannot leave {s_phase} yet: missing {result_missing}").format(
                s_id=s.id, s_phase=s.phase,
                result_missing="; ".join(labelled(d, m) for m in result.missing))
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
