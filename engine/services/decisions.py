"""Use cases for decisions: acceptance and retest (R5, R6), pause and resume (R13), replan (R11).

Every decision is one event on the decided subject's stream; the log records
actor, role, deciding body and business and system time, the payload the
rationale and document reference. `occurred_at` records a decision after the
fact (business time, `--at`): see `engine.domain.business_time`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.actors import check_deciding_body
from engine.domain.business_time import business_day, local_text
from engine.domain.commands import (
    PauseSubject,
    RecordDecision,
    RecordRetest,
    ReplanDate,
    ResumeSubject,
)
from engine.domain.deadlines import paused_days
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition, slugify
from engine.domain.documents import documented, require_ref
from engine.domain.guards import acceptance_step, pause_holder, phase_with_guard
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError, RuleViolation
from engine.ledger.codec import parse_instant
from engine.services.unit import App, WriteContext, run_write

#: §1.6: when goals conflict, quality 30 %, time 50 %, cost 20 %; recorded with every replan.
PRIORITIES: Mapping[str, int] = {"kvalitet": 30, "tid": 50, "kostnad": 20}
TZ = "Europe/Stockholm"
DECISIONS = ("prepare", "accept", "reject", "go-live", "no-go")


def _acting_body(ctx: WriteContext) -> str | None:
    """The body whose role the actor acts in (pause, resume), if it acts for one."""
    return next((b for b, r in ctx.definition.bodies.items() if r == ctx.role), None)


def _wave_in_acceptance(ctx: WriteContext, text: str, step: str) -> Subject:
    """The wave whose acceptance `step` concerns, in its Acceptera phase and not paused.

    Raises:
        InvalidInputError: the subject is not a wave (acceptance is decided per wave).
        GuardRejected: the wave is elsewhere than Acceptera, or paused (R13).
    """
    s = ctx.resolve(text)
    if s.kind != "wave":
        where = f": decide for {s.wave}" if s.wave else ""
        msg = f"acceptance is decided for a wave, not for {s.kind} {s.id}{where} (R5, §3.4)"
        raise InvalidInputError(msg)
    phase = phase_with_guard(ctx.definition, "acceptance-decided")
    if s.phase != phase:
        msg = f"{s.id} is in {s.phase}: acceptance steps are taken in {phase} only"
        raise GuardRejected(msg, [f"{s.id} in {phase}"])
    holder = pause_holder(s, None, ctx.subject(PROGRAMME_ID))
    if holder is not None:
        why = f"paused since {local_text(holder.paused_at)}: {holder.pause_reason} (resume first)"
        who = s.id if holder.id == s.id else f"{s.id} is paused with {holder.id}"
        msg = f"{who} {why}"
        raise GuardRejected(msg, [why])
    result = acceptance_step(s, step)
    if result.done:
        raise ConcurrencyError(result.reason)
    if not result.ok:
        raise GuardRejected(result.reason, [result.reason])
    return s


def record_decision(app: App, actor_name: str | None, cmd: RecordDecision, *,
                    occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record an acceptance decision of a wave (R5, R6, §3.4), or its go/no-go (`go_live.py`).

    Acceptance is prepared in programledning and decided (accept or reject) by
    programstyrgrupp; only a member, an actor holding the body's role, records
    it, with the decision's document and meeting (§3.4 "dokumenterat"). A
    rejection carries the written notice to the supplier (`ref`), the number
    of defects and a fix-by date, which becomes an open deadline.

    Raises:
        InvalidInputError: unknown decision or body, the wrong body, no document
            (`ref`), a rejection without notice, defects or a fix-by date after the
            decision day, a meeting after the decision day.
        DecisionNotPermitted: the actor does not hold the body's role.
        GuardRejected: the wave is not in Acceptera, is paused, or the step is out of order.
        ConcurrencyError: the step is already taken (e.g. accepting twice).
    """
    d = app.definition
    if cmd.decision not in DECISIONS:
        msg = f"unknown decision {cmd.decision!r}; decisions are {', '.join(DECISIONS)}"
        raise InvalidInputError(msg)
    if cmd.decision in ("go-live", "no-go"):  # its own rule: services/go_live.py
        from engine.services.go_live import record_go_live

        return record_go_live(app, actor_name, cmd, occurred_at=occurred_at)
    action = f"decide-{cmd.decision}"
    check_deciding_body(d, action, cmd.body, f"{cmd.decision} (acceptance)")
    day = business_day(occurred_at, app.clock())
    _check_rejection(cmd, day.isoformat())
    doc = documented(cmd.ref, cmd.meeting_on, day, f"{cmd.decision} (acceptance, {cmd.body})")

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get(action, ()), f"{cmd.decision} acceptance", s)
        wave = _wave_in_acceptance(ctx, cmd.subject, cmd.decision)
        payload = {"decision": cmd.decision, "rationale": cmd.rationale, **doc,
                   "defects": cmd.defects,
                   "fix_by": cmd.fix_by.isoformat() if cmd.fix_by else None}
        return [ev.NewEvent(wave.id, ev.DECISION_RECORDED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _check_rejection(cmd: RecordDecision, today: str) -> None:
    if cmd.decision != "reject":
        if cmd.defects is not None or cmd.fix_by is not None:
            msg = "defects and a fix-by date belong to a rejection (reject), not to " + cmd.decision
            raise InvalidInputError(msg)
        return
    missing = [what for what, value in (
        ("the written notice to the supplier (--ref)", (cmd.ref or "").strip()),
        ("the number of defects (--defects)", cmd.defects is not None),
        ("a fix-by date (--fix-by)", cmd.fix_by is not None)) if not value]
    if missing:
        msg = f"a rejection records {', '.join(missing)} (R6, §3.4)"
        raise InvalidInputError(msg)
    assert cmd.defects is not None and cmd.fix_by is not None
    if cmd.defects < 1:
        msg = f"a rejection lists its defects: --defects must be at least 1, not {cmd.defects}"
        raise InvalidInputError(msg)
    if cmd.fix_by.isoformat() <= today:
        msg = f"the fix-by date {cmd.fix_by} must be after the decision day {today}"
        raise InvalidInputError(msg)


def record_retest(app: App, actor_name: str | None, cmd: RecordRetest, *,
                  occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record the retest after a rejection's fixes (R6, §3.4); it closes the fix-by deadline.

    Raises:
        InvalidInputError: the subject is not a wave, or no test report (`ref`).
        DecisionNotPermitted: the actor's role may not record retests.
        GuardRejected: nothing was rejected, the wave is not in Acceptera, or it is paused.
        ConcurrencyError: the retest is already recorded, or the wave is accepted.
    """
    d = app.definition
    ref = require_ref(cmd.ref, "a retest (its test report)")

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("retest", ()), "record a retest", s)
        wave = _wave_in_acceptance(ctx, cmd.subject, "retest")
        return [ev.NewEvent(wave.id, ev.RETEST_RECORDED, {"ref": ref, "note": cmd.note})]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _wave_of(ctx: WriteContext, s: Subject) -> Subject | None:
    return ctx.subject(s.wave) if s.kind == "municipality" and s.wave else None


def pause_subject(app: App, actor_name: str | None, cmd: PauseSubject, *,
                  occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Pause a subject (R13): it, and everything under it, takes no phase transition.

    Only the paused subject gets an event; a wave's municipalities and the
    programme's waves are paused through it (see `guards.pause_holder`).

    Raises:
        InvalidInputError: no reason or no document (`ref`) given.
        DecisionNotPermitted: the actor's role may not pause.
        RuleViolation: the subject is already closed.
        ConcurrencyError: the subject is already paused, by itself or from above.
    """
    d = app.definition
    reason = (cmd.reason or "").strip()
    if not reason:
        msg = "a pause records its reason (--reason TEXT)"
        raise InvalidInputError(msg)
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     "a pause (a decision)")

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("pause", ()), "pause", s)
        holder = pause_holder(s, _wave_of(ctx, s), ctx.subject(PROGRAMME_ID))
        if holder is not None:
            via = "" if holder.id == s.id else f" with {holder.id}"
            msg = (f"{s.id} is already paused{via} since {local_text(holder.paused_at)}: "
                   f"{holder.pause_reason}")
            raise ConcurrencyError(msg)
        if d.phase(s.phase).final:
            msg = f"{s.id} is {s.phase}: there is nothing left to pause"
            raise RuleViolation(msg)
        return [ev.NewEvent(s.id, ev.SUBJECT_PAUSED, {"reason": reason, **doc},
                            body=_acting_body(ctx))]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def resume_subject(app: App, actor_name: str | None, cmd: ResumeSubject, *,
                   occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Resume a paused subject (R13), a recorded decision.

    Unless the decision says otherwise (`shift=False`), open deadlines move by
    the paused calendar days (Europe/Stockholm): a wave's planned dates of its
    current and later phases and its open fix-by dates; for the programme,
    those of every wave not paused on its own; a municipality's own offset.

    Raises:
        InvalidInputError: no document (`ref`), or the resume would lie before the pause.
        DecisionNotPermitted: the actor's role may not resume.
        ConcurrencyError: the subject is not paused itself.
        RuleViolation: a wave or programme above it is still paused.
    """
    d = app.definition
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     "a resume (a decision)")

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("resume", ()), "resume", s)
        programme = ctx.subject(PROGRAMME_ID)
        if not s.paused:
            holder = pause_holder(s, _wave_of(ctx, s), programme)
            msg = (f"{s.id} is not paused itself but with {holder.id}: resume {holder.id}"
                   if holder else f"{s.id} is not paused: nothing to resume")
            raise ConcurrencyError(msg)
        above = (None if s.kind == "programme"
                 else pause_holder(programme, _wave_of(ctx, s), programme))
        if above is not None:
            msg = f"{s.id} stays paused with {above.id}: resume {above.id} first"
            raise RuleViolation(msg)
        assert s.paused_at is not None
        # Business time on both ends: a pause or resume entered afterwards with --at
        # shifts by the days it really lasted (R13).
        resumed_at = ctx.business_time(s.id)
        days = paused_days(parse_instant(s.paused_at), resumed_at, TZ)
        shifted = cmd.shift and days > 0
        payload = {"paused_days": days, "shift_days": days if shifted else 0,
                   "shifted": shifted, "rationale": cmd.rationale, **doc}
        resumed = [ev.NewEvent(s.id, ev.SUBJECT_RESUMED, payload,
                               body=_acting_body(ctx))]
        return resumed + (_shifts(ctx, s, days) if shifted else [])

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _shifts(ctx: WriteContext, s: Subject, days: int) -> list[ev.NewEvent]:
    """DeadlinesShifted on every stream whose open deadlines the pause froze (R13)."""
    d = ctx.definition
    if s.kind == "programme":
        # A wave paused on its own keeps its pause; its own resume shifts it for the whole span.
        targets = [w for w in (ctx.subject(spec.id) for spec in d.waves) if not w.paused]
    else:
        targets = [s]
    order = d.phase_ids()
    events = []
    for t in targets:
        if d.phase(t.phase).final:
            continue
        phases = [p for p in order[order.index(t.phase):] if not d.phase(p).final]
        events.append(ev.NewEvent(t.id, ev.DEADLINES_SHIFTED, {"days": days, "phases": phases}))
    return events


def replan_date(app: App, actor_name: str | None, cmd: ReplanDate, *,
                occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Move a wave's planned end date of one phase: a Chefsgrupp decision (R11, §1.6).

    Municipalities inherit their wave's dates. The rationale is required and
    the §1.6 priorities are recorded with the decision. Planned dates stay in
    phase order, and a phase the wave has left is not replanned.

    Raises:
        InvalidInputError: no rationale or document (`ref`), the wrong body, a
            municipality or the programme, an unknown phase, or a date out of phase order.
        DecisionNotPermitted: the actor does not hold chefsgrupp's role.
        RuleViolation: the wave has already left the phase.
        ConcurrencyError: the phase is already planned for that date.
    """
    d = app.definition
    rationale = (cmd.rationale or "").strip()
    if not rationale:
        msg = "a replan records its rationale (--rationale TEXT) (R11, §1.6)"
        raise InvalidInputError(msg)
    check_deciding_body(d, "replan", cmd.body, "a replan")
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     f"a replan ({cmd.body}'s decision)")
    phase = slugify(cmd.phase)
    if phase not in d.phase_ids():
        msg = f"unknown phase {cmd.phase!r}; phases are {', '.join(d.phase_ids())}"
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        if s.kind != "wave":
            msg = (f"{s.id} inherits its planned dates from {s.wave}: replan {s.wave} (R11)"
                   if s.kind == "municipality"
                   else f"{s.id} has no planned dates of its own: replan a wave (R11)")
            raise InvalidInputError(msg)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get("replan", ()), "replan", s)
        old = _check_plan(d, s, phase, cmd.to.isoformat())
        payload = {"phase": phase, "from": old, "to": cmd.to.isoformat(),
                   "rationale": rationale, **doc, "priorities": dict(PRIORITIES)}
        return [ev.NewEvent(s.id, ev.DATE_REPLANNED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _check_plan(d: WorkflowDefinition, wave: Subject, phase: str, new: str) -> str:
    """The phase's current date, once the move is checked against the plan's order."""
    planned = dict(wave.planned or {})
    if phase not in planned:
        msg = f"{wave.id} has no planned date for {phase}"
        raise InvalidInputError(msg)
    order = [p for p in d.phase_ids() if p in planned]
    if d.phase_ids().index(phase) < d.phase_ids().index(wave.phase):
        msg = f"{wave.id} has already left {phase}: only its current and later phases move"
        raise RuleViolation(msg)
    if planned[phase] == new:
        msg = f"{wave.id}: {phase} is already planned to end {new}"
        raise ConcurrencyError(msg)
    i = order.index(phase)
    before = order[i - 1] if i > 0 else None
    after = order[i + 1] if i + 1 < len(order) else None
    if before and new < planned[before]:
        msg = (f"{wave.id}: {phase} cannot end {new}, before {before} ends "
               f"({planned[before]}): replan {before} first")
        raise InvalidInputError(msg)
    if after and new > planned[after]:
        msg = (f"{wave.id}: {phase} cannot end {new}, after {after} ends "
               f"({planned[after]}): replan {after} first")
        raise InvalidInputError(msg)
    return planned[phase]
