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
from engine.domain.guards import acceptance_step, acceptance_word, pause_holder, phase_with_guard
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError, RuleViolation
from engine.i18n import _
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
        where = _(": decide for {wave}").format(wave=s.wave) if s.wave else ""
        msg = _("acceptance is decided for a wave, not for {s_kind} {s_id}{where} (R5, "
                "§3.4)").format(
                  s_kind=s.kind, s_id=s.id, where=where)
        raise InvalidInputError(msg)
    phase = phase_with_guard(ctx.definition, "acceptance-decided")
    if s.phase != phase:
        msg = _("{s_id} is in {s_phase}: acceptance steps are taken in {phase} only").format(
                  s_id=s.id, s_phase=s.phase, phase=phase)
        raise GuardRejected(msg, [f"{s.id} in {phase}"])
    holder = pause_holder(s, None, ctx.subject(PROGRAMME_ID))
    if holder is not None:
        why = _("paused since {holder_paused_at}: {holder_pause_reason} (resume first)").format(
                  holder_paused_at=local_text(holder.paused_at),
                  holder_pause_reason=holder.pause_reason)
        who = s.id if holder.id == s.id else _("{s_id} is paused with {holder_id}").format(
                                                 s_id=s.id, holder_id=holder.id)
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
        msg = _("unknown decision {decision!r}; decisions are {decisions}").format(
                  decision=cmd.decision, decisions=', '.join(DECISIONS))
        raise InvalidInputError(msg)
    if cmd.decision in ("go-live", "no-go"):  # its own rule: services/go_live.py
        from engine.services.go_live import record_go_live

        return record_go_live(app, actor_name, cmd, occurred_at=occurred_at)
    action = f"decide-{cmd.decision}"
    check_deciding_body(d, action, cmd.body, _("{decision} (acceptance)").format(
        decision=acceptance_word(cmd.decision)))
    day = business_day(occurred_at, app.clock())
    _check_rejection(cmd, day.isoformat())
    doc = documented(cmd.ref, cmd.meeting_on, day, _("{decision} (acceptance, {body})").format(
        decision=acceptance_word(cmd.decision), body=cmd.body))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get(action, ()),
                   _("{decision} acceptance").format(decision=acceptance_word(cmd.decision)), s)
        wave = _wave_in_acceptance(ctx, cmd.subject, cmd.decision)
        payload = {"decision": cmd.decision, "rationale": cmd.rationale, **doc,
                   "defects": cmd.defects,
                   "fix_by": cmd.fix_by.isoformat() if cmd.fix_by else None}
        return [ev.NewEvent(wave.id, ev.DECISION_RECORDED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _check_rejection(cmd: RecordDecision, today: str) -> None:
    if cmd.decision != "reject":
        if cmd.defects is not None or cmd.fix_by is not None:
            msg = _("defects and a fix-by date belong to a rejection (reject), not to {decision}"
                    ).format(decision=cmd.decision)
            raise InvalidInputError(msg)
        return
    missing = [what for what, value in (
        (_("the written notice to the supplier (--ref)"), (cmd.ref or "").strip()),
        (_("the number of defects (--defects)"), cmd.defects is not None),
        (_("a fix-by date (--fix-by)"), cmd.fix_by is not None)) if not value]
    if missing:
        msg = _("a rejection records {missing} (R6, §3.4)").format(missing=', '.join(missing))
        raise InvalidInputError(msg)
    assert cmd.defects is not None and cmd.fix_by is not None
    if cmd.defects < 1:
        msg = _("a rejection lists its defects: --defects must be at least 1, not "
                "{defects}").format(
                  defects=cmd.defects)
        raise InvalidInputError(msg)
    if cmd.fix_by.isoformat() <= today:
        msg = _("the fix-by date {fix_by} must be after the decision day {today}").format(
                  fix_by=cmd.fix_by, today=today)
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
    ref = require_ref(cmd.ref, _("a retest (its test report)"))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("retest", ()), _("record a retest"), s)
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
        msg = _("a pause records its reason (--reason TEXT)")
        raise InvalidInputError(msg)
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     _("a pause (a decision)"))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("pause", ()), _("pause"), s)
        holder = pause_holder(s, _wave_of(ctx, s), ctx.subject(PROGRAMME_ID))
        if holder is not None:
            via = "" if holder.id == s.id else _(" with {holder}").format(holder=holder.id)
            msg = (_("{s_id} is already paused{via} since {holder_paused_at}: "
                     "{holder_pause_reason}").format(
                       s_id=s.id, via=via, holder_paused_at=local_text(holder.paused_at),
                       holder_pause_reason=holder.pause_reason))
            raise ConcurrencyError(msg)
        if d.phase(s.phase).final:
            msg = _("{s_id} is {s_phase}: there is nothing left to pause").format(
                      s_id=s.id, s_phase=s.phase)
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
                     _("a resume (a decision)"))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("resume", ()), _("resume"), s)
        programme = ctx.subject(PROGRAMME_ID)
        if not s.paused:
            holder = pause_holder(s, _wave_of(ctx, s), programme)
            msg = (_("{s_id} is not paused itself but with {holder_id}: resume {holder_id}").format(
                       s_id=s.id, holder_id=holder.id)
                   if holder else _("{s_id} is not paused: nothing to resume").format(
                                      s_id=s.id))
            raise ConcurrencyError(msg)
        above = (None if s.kind == "programme"
                 else pause_holder(programme, _wave_of(ctx, s), programme))
        if above is not None:
            msg = _("{s_id} stays paused with {above_id}: resume {above_id} first").format(
                      s_id=s.id, above_id=above.id)
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
        msg = _("a replan records its rationale (--rationale TEXT) (R11, §1.6)")
        raise InvalidInputError(msg)
    check_deciding_body(d, "replan", cmd.body, _("a replan"))
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     f"a replan ({cmd.body}'s decision)")
    phase = slugify(cmd.phase)
    if phase not in d.phase_ids():
        msg = _("unknown phase {phase!r}; phases are {phase_ids}").format(
                  phase=cmd.phase, phase_ids=', '.join(d.phase_ids()))
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        if s.kind != "wave":
            msg = (_("{s_id} inherits its planned dates from {s_wave}: replan {s_wave} "
                     "(R11)").format(
                       s_id=s.id, s_wave=s.wave)
                   if s.kind == "municipality"
                   else _("{s_id} has no planned dates of its own: replan a wave (R11)").format(
                            s_id=s.id))
            raise InvalidInputError(msg)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get("replan", ()), _("replan"), s)
        old = _check_plan(d, s, phase, cmd.to.isoformat())
        payload = {"phase": phase, "from": old, "to": cmd.to.isoformat(),
                   "rationale": rationale, **doc, "priorities": dict(PRIORITIES)}
        return [ev.NewEvent(s.id, ev.DATE_REPLANNED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _check_plan(d: WorkflowDefinition, wave: Subject, phase: str, new: str) -> str:
    """The phase's current date, once the move is checked against the plan's order."""
    planned = dict(wave.planned or {})
    if phase not in planned:
        msg = _("{wave_id} has no planned date for {phase}").format(
                  wave_id=wave.id, phase=phase)
        raise InvalidInputError(msg)
    order = [p for p in d.phase_ids() if p in planned]
    if d.phase_ids().index(phase) < d.phase_ids().index(wave.phase):
        msg = _("{wave_id} has already left {phase}: only its current and later phases "
                "move").format(
                  wave_id=wave.id, phase=phase)
        raise RuleViolation(msg)
    if planned[phase] == new:
        msg = _("{wave_id}: {phase} is already planned to end {new}").format(
                  wave_id=wave.id, phase=phase, new=new)
        raise ConcurrencyError(msg)
    i = order.index(phase)
    before = order[i - 1] if i > 0 else None
    after = order[i + 1] if i + 1 < len(order) else None
    if before and new < planned[before]:
        msg = (_("{wave_id}: {phase} cannot end {new}, before {before} ends ({planned}): replan"
                 " {before} first").format(
                   wave_id=wave.id, phase=phase, new=new, before=before,
                   planned=planned[before]))
        raise InvalidInputError(msg)
    if after and new > planned[after]:
        msg = (_("{wave_id}: {phase} cannot end {new}, after {after} ends ({planned}): replan "
                 "{after} first").format(
                   wave_id=wave.id, phase=phase, new=new, after=after, planned=planned[after]))
        raise InvalidInputError(msg)
    return planned[phase]
