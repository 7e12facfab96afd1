"""What can I do now? Every missing item the acting person may record or decide, with its command.

Candidates come from what each subject still needs (its phase's evidence, its
advance, its wave's acceptance step, a resume) and the roles the definition
allows. Each candidate is then tried through its ordinary service in one
transaction that is rolled back (`run_batch(..., independent=True)`), so a
command is listed only if running it as printed would be recorded now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from engine.domain import events as ev
from engine.domain.actors import Actor, check_role
from engine.domain.business_time import local_text
from engine.domain.commands import (
    AdvanceSubject,
    RecordDecision,
    RecordEvidence,
    RecordRetest,
    ResumeSubject,
)
from engine.domain.guards import (
    ACCEPTANCE_STEPS,
    GO_LIVE,
    go_live_state,
    missing_evidence,
    phase_with_guard,
)
from engine.domain.subject import Subject
from engine.errors import DecisionNotPermitted
from engine.services.batch import Step, run_batch
from engine.services.decisions import record_decision, record_retest, resume_subject
from engine.services.go_live import record_go_live
from engine.services.handlers import advance_subject, record_evidence
from engine.services.queries import snapshot
from engine.services.unit import App, load_actor, resolve_subject_id

#: The placeholder a listed command carries for the document that proves it.
DOC = "DOC"
STEP_LABELS = {
    "prepare": ("Acceptansbeslutet förberett i programledningen", "§3.4"),
    "accept": ("Acceptans beslutad av programstyrgruppen", "§3.3 Acceptera, §3.4"),
    "retest": ("Omtest efter leverantörens åtgärder", "§3.4"),
}


@dataclass(frozen=True)
class Candidate:
    """One thing the actor might do now, and the service call that would do it."""

    subject: str
    kind: str  # evidence | advance | decision | resume
    key: str
    label: str
    source: str
    roles: tuple[str, ...]
    command: str
    step: Step

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "label": self.label, "source": self.source,
                "roles": list(self.roles), "command": self.command}


def _step(service: Callable[..., Sequence[ev.StoredEvent]], name: str, cmd: object) -> Step:
    """The service call, as its command would make it, for `run_batch`."""
    return lambda batch_app: service(batch_app, name, cmd)


def _may(app: App, actor: Actor, allowed: Sequence[str], s: Subject) -> bool:
    try:
        check_role(app.definition, actor, tuple(allowed), "act", s)
    except DecisionNotPermitted:
        return False
    return True


def _evidence(app: App, name: str, actor: Actor, s: Subject) -> list[Candidate]:
    d = app.definition
    out = []
    for key in missing_evidence(d, s, s.phase):
        spec = d.evidence_spec(key)
        if spec is None or not _may(app, actor, spec.roles, s):
            continue
        cmd = RecordEvidence(s.id, key, ref=DOC)
        out.append(Candidate(
            s.id, "evidence", key, spec.label, spec.source, spec.roles,
            f"etapp --actor {name} evidence add {s.id} {key} --ref {DOC}",
            _step(record_evidence, name, cmd)))
    return out


def _advance(app: App, name: str, actor: Actor, s: Subject) -> list[Candidate]:
    d = app.definition
    allowed = d.permissions.get("advance", ())
    dest = next((t.dest for t in d.transitions if t.source == s.phase), None)
    if dest is None or not _may(app, actor, allowed, s):
        return []
    label, source = f"Gå vidare till {d.phase(dest).name}", "§3.3"
    if s.kind == "wave" and "go-live-together" in next(
            t.guards for t in d.transitions if t.source == s.phase):
        label = f"Driftsättning: {s.id} och alla dess kommuner går vidare till {d.phase(dest).name}"
        source = "§3.2, §3.3 Godkänna (R7)"
    cmd = AdvanceSubject(s.id)
    return [Candidate(s.id, "advance", dest, label, source, allowed,
                      f"etapp --actor {name} advance {s.id}",
                      _step(advance_subject, name, cmd))]


def _acceptance(app: App, name: str, actor: Actor, s: Subject) -> list[Candidate]:
    d = app.definition
    if s.kind != "wave" or s.phase != phase_with_guard(d, "acceptance-decided"):
        return []
    out = []
    for step in ("prepare", "accept", "retest"):
        if s.acceptance not in ACCEPTANCE_STEPS[step][0]:
            continue
        action = "retest" if step == "retest" else f"decide-{step}"
        allowed = d.permissions.get(action, ())
        if not _may(app, actor, allowed, s):
            continue
        label, source = STEP_LABELS[step]
        if step == "retest":
            rcmd = RecordRetest(s.id, ref=DOC)
            out.append(Candidate(s.id, "decision", step, label, source, allowed,
                                 f"etapp --actor {name} retest {s.id} --ref {DOC}",
                                 _step(record_retest, name, rcmd)))
            continue
        body = next((b.id for b in d.bodies.values()
                     if b.role in allowed and b.role in actor.roles), None)
        if body is None:
            continue
        dcmd = RecordDecision(s.id, step, body, ref=DOC)
        if step == "accept":
            label += " (or reject: --defects N --fix-by DATE and the notice as --ref)"
        out.append(Candidate(s.id, "decision", step, label, source, allowed,
                             f"etapp --actor {name} decide {s.id} {step} --body {body} "
                             f"--ref {DOC}",
                             _step(record_decision, name, dcmd)))
    return out


def _go_live(app: App, name: str, actor: Actor, s: Subject) -> list[Candidate]:
    """The steering group's go/no-go for a wave whose go-live waits on it (§3.3 Godkänna)."""
    d = app.definition
    phase = phase_with_guard(d, "go-live-decided")
    allowed = d.permissions.get("decide-go-live", ())
    if (s.kind != "wave" or s.phase != phase or go_live_state(s) == GO_LIVE
            or not _may(app, actor, allowed, s)):
        return []
    body = next((b.id for b in d.bodies.values()
                     if b.role in allowed and b.role in actor.roles), None)
    if body is None:
        return []
    cmd = RecordDecision(s.id, GO_LIVE, body, ref=DOC)
    return [Candidate(s.id, "decision", GO_LIVE,
                      "Beslut om driftsättning (go/no-go) av programstyrgruppen",
                      "§3.3 Godkänna", allowed,
                      f"etapp --actor {name} decide {s.id} {GO_LIVE} --body {body} --ref {DOC}",
                      _step(record_go_live, name, cmd))]


def _resume(app: App, name: str, actor: Actor, s: Subject) -> list[Candidate]:
    """A resume is a decision of a body whose mandate lists `resume` (§1.6, R13): offered
    to its members, moving the dates where the body holds that mandate too, else without
    (the trial run keeps only what the body may decide)."""
    if not s.paused:
        return []
    since = local_text(s.paused_at)
    out = []
    for b in app.definition.bodies_for("resume"):
        if b.role not in actor.roles:
            continue
        for shift, flags in ((True, f"--rationale TEXT --ref {DOC}"),
                             (False, f"--no-shift --ref {DOC}")):
            cmd = ResumeSubject(s.id, shift=shift, rationale="TEXT", ref=DOC, body=b.id)
            out.append(Candidate(s.id, "resume", "resume",
                                 f"Återuppta {s.id}, pausad sedan {since}", "R13, §1.6",
                                 (b.role,),
                                 f"etapp --actor {name} resume {s.id} --body {b.id} {flags}",
                                 _step(resume_subject, name, cmd)))
    return out


def todo(app: App, actor_name: str | None, wave: str | None = None) -> dict[str, Any]:
    """Everything `actor_name` may record or decide now, grouped by subject, with the
    exact command; only what a trial run (rolled back) would record is listed.

    Raises:
        DecisionNotPermitted: no actor given, or an unknown one.
        SubjectNotFound: an unknown wave.
    """
    with app.uow(write=False) as uow:
        actor = load_actor(uow, actor_name)
        wave_id = resolve_subject_id(uow, wave) if wave else None
    assert actor_name is not None
    d = app.definition
    snap = snapshot(app)
    waves = {w.id: i for i, w in enumerate(d.waves)}
    order = {s.id: (waves.get(s.wave or s.id, -1), s.kind == "municipality", s.id)
             for s in snap.subjects.values()}
    subjects = [s for s in snap.subjects.values() if not d.phase(s.phase).final
                and (wave_id is None or s.id == wave_id or s.wave == wave_id)]
    read_only = all((spec := d.role(r)) is not None and spec.read_only for r in actor.roles)
    candidates: list[Candidate] = []
    if not read_only:
        for s in subjects:
            for make in (_resume, _acceptance, _go_live, _evidence, _advance):
                candidates.extend(make(app, actor_name, actor, s))
    tried = run_batch(app, [c.step for c in candidates], dry_run=True, independent=True)
    doable = [c for i, c in enumerate(candidates) if i in tried.recorded]
    groups: dict[str, list[Candidate]] = {}
    for c in doable:
        groups.setdefault(c.subject, []).append(c)
    return {
        "actor": actor.name, "roles": list(actor.roles), "scope": actor.scope,
        "wave": wave_id, "read_only": read_only, "count": len(doable),
        "subjects": [{"id": sid, "name": snap.subjects[sid].name,
                      "kind": snap.subjects[sid].kind, "phase": snap.subjects[sid].phase,
                      "items": [c.to_dict() for c in items]}
                     for sid, items in sorted(groups.items(), key=lambda g: order[g[0]])],
    }
