"""`workflow upgrade`: a recorded decision that moves the running subjects to a new
definition version (engine/domain/upgrade.py says what a move does)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from engine.domain import events as ev
from engine.domain.actors import check_body
from engine.domain.business_time import business_day
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition
from engine.domain.documents import documented
from engine.domain.governance import check_mandate
from engine.domain.guards import GuardContext, evaluate
from engine.domain.labels import labelled
from engine.domain.subject import Subject
from engine.domain.upgrade import UpgradePlan, migrate, plan
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError
from engine.i18n import _
from engine.services.handlers import initial_subjects
from engine.services.timeline import deciding_body
from engine.services.unit import App, WriteContext, run_write

#: The decision kind a body's mandate lists to change the definition (§5.3: the directive).
UPGRADE_DECISION = "workflow-upgrade"


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    """The plan, the guards that fail under the new version but did not before, and
    (unless a dry run) the events written."""

    plan: UpgradePlan
    now_failing: Mapping[str, tuple[str, ...]]
    written: int = 0


def preview_upgrade(app: App, new: WorkflowDefinition) -> UpgradeReport:
    """What `workflow upgrade --dry-run` shows: nothing is written, nothing refused."""
    with app.read() as uow:
        subjects = {s.id: s for s in uow.subjects.all()}
    the_plan = plan(app.definition, new, subjects.values())
    return UpgradeReport(the_plan, _now_failing(app.definition, new, subjects, the_plan))


def upgrade_workflow(app: App, actor_name: str | None, new: WorkflowDefinition, sources: str,
                     *, rationale: str | None, ref: str | None, body: str | None = None,
                     occurred_at: date | None = None) -> UpgradeReport:
    """Move every running subject to `new`, as one decision of the body whose mandate
    lists `workflow-upgrade` under the definition in force.

    Raises:
        InvalidInputError: no rationale or document, or a body without the mandate.
        DecisionNotPermitted: the actor is not a member of the body.
        ConcurrencyError: the database runs `new` already, or another version than this
            command loaded (an upgrade landed meanwhile).
        GuardRejected: a subject's phase has no mapping, or a subject would be removed.
    """
    old = app.definition
    if not (rationale or "").strip():
        raise InvalidInputError(_("a definition upgrade records its rationale (--rationale)"))
    decided_on = business_day(occurred_at, app.clock())
    doc = documented(ref, None, decided_on, _("a definition upgrade (a decision)"))
    report: list[UpgradeReport] = []

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        # What the events ran under so far: `old`, or for a database made before versions
        # were kept, the name@hash it recorded (run_write refused a concurrent upgrade).
        running = ctx.uow.workflow_ref() or old.ref
        if running == new.ref:
            raise ConcurrencyError(_("the database runs {ref} already: nothing to upgrade")
                                   .format(ref=new.ref))
        chosen = deciding_body(ctx, body, UPGRADE_DECISION, old)
        check_mandate(old.bodies, chosen, UPGRADE_DECISION, decided_on.isoformat(),
                      _("a definition upgrade"))
        # Membership as the definition in force has it: ctx.definition is the new one.
        ctx.role = check_body(old, ctx.actor, chosen)
        subjects = {s.id: s for s in ctx.uow.subjects.all()}
        ctx.loaded.update(subjects)
        the_plan = plan(old, new, subjects.values())
        if the_plan.blocked:
            lines = the_plan.refusals()
            raise GuardRejected(_("the upgrade to {ref} is refused: {why}").format(
                ref=new.ref, why="; ".join(lines)), lines)
        report.append(UpgradeReport(the_plan, _now_failing(old, new, subjects, the_plan)))
        ctx.uow.switch_workflow(new.ref, sources)
        moves = {m.subject: m for m in the_plan.moves}
        decision = {**moves[PROGRAMME_ID].payload(running, new.ref),
                    "digest": new.digest, "rationale": rationale, **doc,
                    "subjects": [m.subject for m in the_plan.changed],
                    "renames": {"phases": dict(new.renames.phases),
                                "evidence": dict(new.renames.evidence)}}
        events = [ev.NewEvent(PROGRAMME_ID, ev.WORKFLOW_UPGRADED, decision, body=chosen)]
        events += [ev.NewEvent(m.subject, ev.SUBJECT_MIGRATED, m.payload(running, new.ref))
                   for m in the_plan.changed if m.subject != PROGRAMME_ID]
        added = set(the_plan.added)
        events += [e for e in initial_subjects(new) if e.subject in added]
        return events

    # The events are the first under the new version: they carry its name and hash.
    stored = run_write(replace(app, definition=new), actor_name, decide,
                       occurred_at=occurred_at)
    return replace(report[0], written=len(stored))


def _now_failing(old: WorkflowDefinition, new: WorkflowDefinition,
                 subjects: Mapping[str, Subject],
                 the_plan: UpgradePlan) -> dict[str, tuple[str, ...]]:
    """Per subject, what leaving its phase needs under `new` that it did not under `old`."""
    moved = dict(subjects)
    for m in the_plan.moves:
        if m.changed:
            s = subjects[m.subject]
            moved[m.subject] = Subject.from_dict(
                {**s.to_dict(), **migrate(s.to_dict(), m.payload(old.ref, new.ref))})
    renamed = new.renames.evidence
    before = {sid: {renamed.get(m, m) for m in missing}
              for sid, missing in _missing(old, subjects).items()}
    after = _missing(new, moved)
    found = {}
    for sid, missing in after.items():
        # A key asked for before under its old name is not a new requirement.
        fresh = tuple(m for m in missing if m not in before.get(sid, set()))
        if fresh:
            found[sid] = tuple(labelled(new, m) for m in fresh)
    return found


def _missing(d: WorkflowDefinition,
             subjects: Mapping[str, Subject]) -> dict[str, tuple[str, ...]]:
    """What each subject still needs to leave its phase under `d` (every exit's guards)."""
    programme = subjects.get(PROGRAMME_ID)
    if programme is None:
        return {}
    waves = {w.id: subjects[w.id] for w in d.waves if w.id in subjects}
    out: dict[str, tuple[str, ...]] = {}
    for s in subjects.values():
        members = (tuple(subjects[m.id] for m in d.municipalities
                         if m.wave == s.id and m.id in subjects)
                   if s.kind == "wave" else ())
        missing: list[str] = []
        for t in d.transitions:
            if t.source == s.phase:
                ctx = GuardContext(definition=d, subject=s, target=t.dest, programme=programme,
                                   waves=waves, members=members)
                missing += [m for m in evaluate(t.guards, ctx).missing if m not in missing]
        out[s.id] = tuple(missing)
    return out
