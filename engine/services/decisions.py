"""Use cases for decisions: acceptance and retest (R5, R6), pause and resume (R13), replan (R11).

Every decision is one event on the decided subject's stream; the log records
actor, role, deciding body and business and system time, the payload the
rationale and document reference. `occurred_at` records a decision after the
fact (business time, `--at`): see `engine.domain.business_time`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.business_time import business_day, local_text
from engine.domain.commands import (
    PauseSubject,
    RecordDecision,
    RecordRetest,
)
from engine.domain.definition import PROGRAMME_ID
from engine.domain.documents import documented, require_ref
from engine.domain.governance import check_mandate
from engine.domain.guards import (
    acceptance_step,
    acceptance_word,
    gone_live,
    pause_holder,
    phase_with_guard,
)
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError, RuleViolation
from engine.i18n import _
from engine.services.timeline import acting_body, replan_date, resume_subject, wave_of
from engine.services.unit import App, WriteContext, run_write

__all__ = ["pause_subject", "record_decision", "record_retest", "replan_date", "resume_subject"]

TZ = "Europe/Stockholm"
DECISIONS = ("prepare", "accept", "reject", "go-live", "no-go")


def _in_acceptance(ctx: WriteContext, s: Subject, step: str) -> Subject:
    """The wave (or, for the final acceptance test, the programme) whose acceptance `step`
    concerns, once it is where the step may be taken and not paused.

    Raises:
        InvalidInputError: the subject is a municipality (acceptance is decided per wave).
        GuardRejected: the wave is elsewhere than Acceptera, a wave has not gone live
            yet (final acceptance), the subject is paused (R13), or the step is out of order.
    """
    d = ctx.definition
    if s.kind == "municipality":
        msg = _("acceptance is decided for a wave, not for {s_kind} {s_id}: decide for "
                "{wave} (R5, §3.4)").format(s_kind=s.kind, s_id=s.id, wave=s.wave)
        raise InvalidInputError(msg)
    if s.kind == "programme":
        waiting = [w for w in (ctx.subject(spec.id) for spec in d.waves)
                   if not gone_live(d, w)]
        if waiting:
            names = ", ".join(_("{wave} (in {phase})").format(wave=w.id, phase=w.phase)
                              for w in waiting)
            msg = _("the final acceptance test of the whole solution follows the last "
                    "go-live (R10, §3.4): not yet live: {names}").format(names=names)
            raise GuardRejected(msg, [_("{wave}: not yet live").format(wave=w.id)
                                      for w in waiting])
    else:
        phase = phase_with_guard(d, "acceptance-decided")
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


def _acceptance_kind(s: Subject, decision: str) -> str:
    """The decision kind a body's mandate must list: a wave's acceptance, or the programme's
    final acceptance test of the whole solution (R10)."""
    return f"final-acceptance-{decision}" if s.kind == "programme" else f"acceptance-{decision}"


def record_decision(app: App, actor_name: str | None, cmd: RecordDecision, *,
                    occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record an acceptance decision of a wave (R5, R6, §3.4), its go/no-go (`go_live.py`),
    or the programme's final acceptance test of the whole solution after the last go-live (R10).

    Acceptance is prepared in programledning and decided (accept or reject) by
    programstyrgrupp, as their mandates in the workflow data say (valid on the
    decision's business day); only a member, an actor holding the body's role,
    records it, with the decision's document and meeting (§3.4 "dokumenterat").
    A rejection carries the written notice to the supplier (`ref`), the number
    of defects and a fix-by date, which becomes an open deadline.

    Raises:
        InvalidInputError: unknown decision or body, the wrong body, no document
            (`ref`), a rejection without notice, defects or a fix-by date after the
            decision day, a meeting after the decision day.
        DecisionNotPermitted: the actor does not hold the body's role.
        GuardRejected: the wave is not in Acceptera, a wave has not gone live (final
            acceptance), the subject is paused, or the step is out of order.
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
    day = business_day(occurred_at, app.clock())
    _check_rejection(cmd, day.isoformat())
    doc = documented(cmd.ref, cmd.meeting_on, day, _("{decision} (acceptance, {body})").format(
        decision=acceptance_word(cmd.decision), body=cmd.body))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        what = (_("{decision} (the final acceptance test)") if s.kind == "programme"
                else _("{decision} (acceptance)")).format(decision=acceptance_word(cmd.decision))
        check_mandate(d.bodies, cmd.body, _acceptance_kind(s, cmd.decision), day.isoformat(),
                      what)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get(action, ()),
                   _("{decision} acceptance").format(decision=acceptance_word(cmd.decision)), s)
        wave = _in_acceptance(ctx, s, cmd.decision)
        payload = {"decision": cmd.decision, "rationale": cmd.rationale, **doc,
                   "defects": cmd.defects,
                   "fix_by": cmd.fix_by.isoformat() if cmd.fix_by else None}
        if s.kind == "programme":
            payload["final"] = True
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

    The programme's final acceptance test is retested the same way (R10).

    Raises:
        InvalidInputError: the subject is a municipality, or no test report (`ref`).
        DecisionNotPermitted: the actor's role may not record retests.
        GuardRejected: nothing was rejected, the wave is not in Acceptera, or it is paused.
        ConcurrencyError: the retest is already recorded, or the wave is accepted.
    """
    d = app.definition
    ref = require_ref(cmd.ref, _("a retest (its test report)"))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("retest", ()), _("record a retest"), s)
        wave = _in_acceptance(ctx, s, "retest")
        return [ev.NewEvent(wave.id, ev.RETEST_RECORDED, {"ref": ref, "note": cmd.note})]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


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
        holder = pause_holder(s, wave_of(ctx, s), ctx.subject(PROGRAMME_ID))
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
                            body=acting_body(ctx))]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


