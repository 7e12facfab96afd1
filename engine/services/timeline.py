"""Use cases that move the timeline: resume with its shift (R13) and replan (R11), under §1.6.

A change of dates changes "tid": it is a decision of a body whose mandate
covers it (`wave-dates` for VGR's waves, `municipality-dates` for a
municipality), recorded with its rationale, reference and the goals it
affects. No date passes the programme's end (§3.1) or its financing (§6.1)
unless the decision says so and its body holds that mandate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from engine.domain import events as ev
from engine.domain.business_time import business_day
from engine.domain.commands import ReplanDate, ResumeSubject
from engine.domain.deadlines import paused_days
from engine.domain.definition import PROGRAMME_ID, WorkflowDefinition, slugify
from engine.domain.documents import documented
from engine.domain.governance import GOALS, check_mandate
from engine.domain.guards import pause_holder
from engine.domain.schedule import planned_dates
from engine.domain.subject import Subject
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError, RuleViolation
from engine.i18n import _
from engine.ledger.codec import parse_instant
from engine.services.unit import App, WriteContext, run_write

TZ = "Europe/Stockholm"


def acting_body(ctx: WriteContext) -> str | None:
    """The body whose role the actor acts in (pause), if it acts for one."""
    return next((b.id for b in ctx.definition.bodies.values() if b.role == ctx.role), None)


def wave_of(ctx: WriteContext, s: Subject) -> Subject | None:
    return ctx.subject(s.wave) if s.kind == "municipality" and s.wave else None


def resume_subject(app: App, actor_name: str | None, cmd: ResumeSubject, *,
                   occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Resume a paused subject (R13): a decision of a body whose mandate lists `resume`.

    Unless the decision says otherwise (`shift=False`), open deadlines move by
    the paused calendar days (Europe/Stockholm): a wave's planned dates of its
    current and later phases and its open fix-by dates; for the programme,
    those of every wave not paused on its own; a municipality's own offset.
    Shifting dates changes "tid" (§1.6): the body must hold that goal and the
    mandate over the dates it moves (`wave-dates` for a wave or the programme,
    `municipality-dates` for a municipality), and the decision needs its
    rationale. Every resume records its document (`ref`) and meeting. Each
    moved deadline is recorded, from and to.
    A shift past the programme's end or its financing needs
    `beyond_programme_end` and a body holding that mandate; it is warned of.

    Raises:
        InvalidInputError: no body, no document (`ref`), a body without the mandate
            or outside its validity period, a shift without rationale, or a
            resume before the pause.
        DecisionNotPermitted: the actor is not a member of the body.
        ConcurrencyError: the subject is not paused itself.
        RuleViolation: a wave or programme above it is still paused.
        GuardRejected: the shift passes a limit the decision does not name.
    """
    d = app.definition
    decided_on = business_day(occurred_at, app.clock())
    day = decided_on.isoformat()
    doc = documented(cmd.ref, cmd.meeting_on, decided_on, _("a resume (a decision)"))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        body = deciding_body(ctx, cmd.body, "resume")
        check_mandate(d.bodies, body, "resume", day, _("a resume"))
        ctx.member_of(body)
        programme = ctx.subject(PROGRAMME_ID)
        if not s.paused:
            holder = pause_holder(s, wave_of(ctx, s), programme)
            msg = (_("{s_id} is not paused itself but with {holder_id}: resume {holder_id}").format(
                       s_id=s.id, holder_id=holder.id)
                   if holder else _("{s_id} is not paused: nothing to resume").format(
                                      s_id=s.id))
            raise ConcurrencyError(msg)
        above = (None if s.kind == "programme"
                 else pause_holder(programme, wave_of(ctx, s), programme))
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
        shifts = _shifts(ctx, s, days) if shifted else []
        warnings: list[str] = []
        if shifted:
            kind = "municipality-dates" if s.kind == "municipality" else "wave-dates"
            check_mandate(d.bodies, body, kind, day, _("shifting dates on resume"), ("tid",))
            if not (cmd.rationale or "").strip():
                msg = _("a resume that shifts dates changes tid (§1.6): it records its "
                        "rationale (--rationale), or keeps the dates (--no-shift)")
                raise InvalidInputError(msg)
            moved = [(f"{e.subject} {m['deadline']}", m["to"]) for e in shifts
                     for m in e.payload["dates"]]
            warnings = _past_limits(d, moved, cmd.beyond_programme_end, body, day)
        payload = {"paused_days": days, "shift_days": days if shifted else 0,
                   "shifted": shifted, "rationale": cmd.rationale, **doc,
                   "affects": ["tid"] if shifted else [], "warnings": warnings}
        return [ev.NewEvent(s.id, ev.SUBJECT_RESUMED, payload, body=body), *shifts]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def deciding_body(ctx: WriteContext, body: str | None, kind: str,
                  definition: WorkflowDefinition | None = None) -> str:
    """The deciding body: as given, or the one body taking `kind` the actor is a member of
    (in `definition`, default the one the command runs under)."""
    if body:
        return body
    deciders = (definition or ctx.definition).bodies_for(kind)
    mine = [b.id for b in deciders if b.role in ctx.actor.roles]
    if len(mine) != 1:
        who = ", ".join(b.id for b in deciders)
        msg = _("say which body decides (--body BODY): {kind} is decided by {deciders}").format(
            kind=kind, deciders=who)
        raise InvalidInputError(msg)
    return mine[0]


def _past_limits(d: WorkflowDefinition, dates: Sequence[tuple[str, str]], beyond: bool,
                 body: str, day: str) -> list[str]:
    """Warnings for every date past the programme's end or its financing (§3.1, §6.1).

    Raises:
        GuardRejected: a date passes a limit and the decision does not say so.
        InvalidInputError: it says so, but the body lacks the mandate.
    """
    warnings = []
    for limit in d.limits:
        late = [f"{what} {to}" for what, to in dates if to > limit.until]
        if late:
            warnings.append(_("after {label} ({until}, {source}): {dates}").format(
                label=limit.label, until=limit.until, source=limit.source,
                dates=", ".join(late)))
    if not warnings:
        return []
    if not beyond:
        msg = _("dates would pass the programme's limits; the decision must say so "
                "explicitly (--beyond-programme-end): {warnings}").format(
                    warnings="; ".join(warnings))
        raise GuardRejected(msg, warnings)
    check_mandate(d.bodies, body, "beyond-programme-end", day,
                  _("moving dates past the programme's end or financing"))
    return warnings


def _shifts(ctx: WriteContext, s: Subject, days: int) -> list[ev.NewEvent]:
    """DeadlinesShifted on every stream whose open deadlines the pause froze (R13), each
    listing the deadlines it moves, from and to."""
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
        dated = planned_dates(t, wave_of(ctx, t))
        moved = [{"deadline": f"phase:{p}", "from": dated[p].isoformat(),
                  "to": (dated[p] + timedelta(days=days)).isoformat()}
                 for p in phases if p in dated]
        moved += [{"deadline": x["kind"], "from": x["due_on"],
                   "to": (date.fromisoformat(x["due_on"]) + timedelta(days=days)).isoformat()}
                  for x in t.deadlines if x.get("open") and t.kind != "municipality"]
        events.append(ev.NewEvent(t.id, ev.DEADLINES_SHIFTED,
                                  {"days": days, "phases": phases, "dates": moved}))
    return events


def replan_date(app: App, actor_name: str | None, cmd: ReplanDate, *,
                occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Move a wave's planned end date of one phase (R11, §1.6, §3.1).

    A wave's dates are the programme's timeline (§3.1), so only a body whose
    mandate lists `wave-dates` moves them, inside its validity period, and only
    for the §1.6 goals its mandate covers. The decision records its rationale
    and the goals it affects (always `tid`). Municipalities inherit their
    wave's dates. Planned dates stay in phase order; a phase the wave has left
    is not replanned. A date past the programme's end or financing needs
    `beyond_programme_end` and a body with that mandate, and is warned of.

    Raises:
        InvalidInputError: no rationale, unknown goals or a list without `tid`, a
            body without the mandate or outside its validity period, a
            municipality or the programme, an unknown phase, a date out of order.
        DecisionNotPermitted: the actor is not a member of the body.
        RuleViolation: the wave has already left the phase.
        GuardRejected: the date passes a limit the decision does not name.
        ConcurrencyError: the phase is already planned for that date.
    """
    d = app.definition
    rationale = (cmd.rationale or "").strip()
    if not rationale:
        msg = _("a replan records its rationale (--rationale TEXT) (R11, §1.6)")
        raise InvalidInputError(msg)
    affects = _goals(d, cmd.affects)
    decided_on = business_day(occurred_at, app.clock())
    day = decided_on.isoformat()
    doc = documented(cmd.ref, cmd.meeting_on, decided_on,
                     _("a replan ({body}'s decision)").format(body=cmd.body))
    check_mandate(d.bodies, cmd.body, "wave-dates", day, _("a wave's dates (a replan)"),
                  affects)
    phase = slugify(cmd.phase)
    if phase not in d.phase_ids():
        msg = _("unknown phase {phase!r}; phases are {phase_ids}").format(
                  phase=cmd.phase, phase_ids=', '.join(d.phase_ids()))
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        if s.kind != "wave":
            msg = (_("{s_id} inherits its planned dates from {s_wave}: replan {s_wave} "
                     "(R11)").format(s_id=s.id, s_wave=s.wave)
                   if s.kind == "municipality"
                   else _("{s_id} has no planned dates of its own: replan a wave (R11)").format(
                            s_id=s.id))
            raise InvalidInputError(msg)
        ctx.member_of(cmd.body)
        old = _check_plan(d, s, phase, cmd.to.isoformat())
        warnings = _past_limits(d, [(f"{s.id} phase:{phase}", cmd.to.isoformat())],
                                cmd.beyond_programme_end, cmd.body, day)
        payload = {"phase": phase, "from": old, "to": cmd.to.isoformat(),
                   "rationale": rationale, **doc, "affects": list(affects),
                   "warnings": warnings}
        return [ev.NewEvent(s.id, ev.DATE_REPLANNED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def _goals(d: WorkflowDefinition, given: Sequence[str]) -> tuple[str, ...]:
    """The §1.6 goals a replan affects, checked against the workflow's goals; moving a date
    always affects tid."""
    known = [g.id for g in d.goals] or list(GOALS)
    wanted = tuple(dict.fromkeys(g.strip() for g in given if g.strip()))
    unknown = [g for g in wanted if g not in known]
    if unknown:
        msg = _("unknown goal {goal!r} in --affects; goals are {goals} (§1.6)").format(
            goal=unknown[0], goals=", ".join(known))
        raise InvalidInputError(msg)
    if "tid" not in wanted:
        msg = _("moving a date changes tid (§1.6): --affects must include tid")
        raise InvalidInputError(msg)
    return wanted


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
