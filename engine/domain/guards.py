"""Named guard conditions: pure predicates over recorded state that say what is missing.

`transitions` reports a failed guard as a bare False; these guards return
every unmet condition instead, so a refusal tells the user what to do next.
Each guard decides for itself whether it concerns the subject's kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.domain.business_time import local_text
from engine.domain.calendar_guards import (
    CALENDAR_GUARDS,
    not_before,
    not_before_planned,
    outside_freeze,
)
from engine.domain.definition import PROGRAMME_ID, EvidenceSpec, WorkflowDefinition
from engine.domain.guard_context import OK as OK
from engine.domain.guard_context import GuardContext as GuardContext
from engine.domain.guard_context import GuardResult as GuardResult
from engine.domain.guard_params import guard_kind
from engine.domain.risks import blocking
from engine.domain.subject import Subject
from engine.i18n import N_, _


def _result(missing: list[str]) -> GuardResult:
    return GuardResult(not missing, tuple(missing))


def required_evidence(
    definition: WorkflowDefinition, subject: Subject, phase: str
) -> tuple[EvidenceSpec, ...]:
    """Evidence keys `subject` must record in `phase` before leaving it (R2-R4, R8, R9, R12)."""
    return tuple(
        e for e in definition.evidence
        if e.phase == phase
        and subject.kind in e.kinds
        and (subject.kind == "programme" or subject.variant in e.variants)
        and (not e.last_only or subject.last)
    )


def missing_evidence(definition: WorkflowDefinition, subject: Subject, phase: str) -> list[str]:
    recorded = subject.recorded_keys(phase)
    return [e.key for e in required_evidence(definition, subject, phase) if e.key not in recorded]


def pause_holder(subject: Subject, wave: Subject | None, programme: Subject) -> Subject | None:
    """The subject whose pause stops this one: itself, its wave or the programme (R13)."""
    for candidate in (subject, wave, programme):
        if candidate is not None and candidate.paused:
            return candidate
    return None


def not_paused(ctx: GuardContext) -> GuardResult:
    """R13: a paused subject, or one under a paused wave or programme, takes no transition."""
    holder = pause_holder(ctx.subject, ctx.own_wave, ctx.programme)
    if holder is None:
        return OK
    who = _("paused") if holder.id == ctx.subject.id else _("paused with {holder_id}").format(
                                                           holder_id=holder.id)
    since = local_text(holder.paused_at)
    return _result([_("{who} since {since}: {holder_pause_reason} (resume first)").format(
                        who=who, since=since, holder_pause_reason=holder.pause_reason)])


def evidence(ctx: GuardContext) -> GuardResult:
    """R2-R5, R8, R9, R12: every evidence key the phase requires is recorded."""
    return _result(missing_evidence(ctx.definition, ctx.subject, ctx.subject.phase))


def programme_milestones(ctx: GuardContext) -> GuardResult:
    """R12 (§4.1): the first wave leaves Initiera only once the programme milestones are decided."""
    s = ctx.subject
    if s.kind != "wave" or s.number != 1 or s.phase != ctx.definition.initial_phase:
        return OK
    keys = missing_evidence(ctx.definition, ctx.programme, ctx.definition.initial_phase)
    return _result([f"{PROGRAMME_ID}: {k}" for k in keys])


def gone_live(definition: WorkflowDefinition, wave: Subject) -> bool:
    """Whether the wave has left the phase whose exit is the joint go-live (R7)."""
    go_live = phase_with_guard(definition, "go-live-together")
    order = definition.phase_ids()
    return go_live is not None and order.index(wave.phase) > order.index(go_live)


def lessons_key(definition: WorkflowDefinition) -> str:
    """The wave evidence that carries lessons learned to the next wave (R2, §3.3 Stänga):
    `[guards.previous-wave-lessons] key` in the definition, checked when it is loaded."""
    return str(definition.guard_params["previous-wave-lessons"]["key"])


def previous_wave_lessons(ctx: GuardContext) -> GuardResult:
    """R2 (§3.3 Initiera, "Justeringar från tidigare leveranser"): a rollout wave leaves
    Initiera with the lessons learned of the deliveries already made: every wave that
    has gone live by then, and at least the pilot.

    Not the wave just before it: that one goes live later in the shipped plan
    (etapp-3 leaves Initiera in 2025, etapp-2 goes live in 2026), so waiting
    for it would deadlock the plan.
    """
    s = ctx.subject
    if s.kind != "wave" or s.variant != "rollout" or s.phase != ctx.definition.initial_phase:
        return OK
    key = lessons_key(ctx.definition)
    missing = []
    for w in sorted(ctx.waves.values(), key=lambda w: w.number):
        live = gone_live(ctx.definition, w)
        if w.id == s.id or not (live or w.variant == "pilot"):
            continue
        if not live:
            missing.append(_("{wave_id}: {key} (after its go-live)").format(
                wave_id=w.id, key=key))
        elif not any(e["key"] == key for e in w.evidence):
            missing.append(f"{w.id}: {key}")
    return _result(missing)


def waves_past_phase(ctx: GuardContext) -> GuardResult:
    """The programme leaves a phase only after every wave has left it."""
    if ctx.subject.kind != "programme":
        return OK
    order = ctx.definition.phase_ids()
    here = order.index(ctx.subject.phase)
    return _result([_("{w_id} still in "
                      "{w_phase}").format(w_id=w.id, w_phase=w.phase) for w in ctx.waves.values()
                    if order.index(w.phase) <= here])


def acceptance_decided(ctx: GuardContext) -> GuardResult:
    """R5 (§3.4): acceptance is prepared by programledning and decided by programstyrgrupp.

    A municipality leaves Acceptera once its wave's acceptance is decided.
    """
    s = ctx.subject
    if s.kind == "programme":
        return OK
    wave = ctx.own_wave
    if wave is not None and wave.acceptance == "accepted":
        return OK
    state = wave.acceptance if wave is not None else "none"
    prefix = "" if s.kind == "wave" else f"{s.wave}: "
    return _result([_("{prefix}acceptance decided by programstyrgrupp (now: {state})").format(
                        prefix=prefix, state=acceptance_word(state))])


def go_live_together(ctx: GuardContext) -> GuardResult:
    """R7, R8 (§3.2): every municipality of the wave is ready; they go live in one step."""
    s = ctx.subject
    if s.kind == "municipality":
        return _result([_("goes live together with {s_wave}: advance {s_wave}").format(
                            s_wave=s.wave)])
    if s.kind != "wave":
        return OK
    missing: list[str] = []
    for m in ctx.members:
        if m.phase != s.phase:
            missing.append(_("{m_id}: in {m_phase}, not {s_phase}").format(
                               m_id=m.id, m_phase=m.phase, s_phase=s.phase))
            continue
        if m.paused:
            missing.append(_("{m_id}: paused").format(m_id=m.id))
        missing.extend(f"{m.id}: {k}" for k in missing_evidence(ctx.definition, m, m.phase))
    return _result(missing)


#: The decisions that open or close the way to a wave's go-live (§3.3 Godkänna, W7).
GO_LIVE, NO_GO = "go-live", "no-go"


def go_live_state(wave: Subject) -> str:
    """`go-live`, `no-go` or `none`: the wave's latest go/no-go decision.

    A wave decides go/no-go only in Godkänna and never returns there, so its
    latest such decision is the one that counts.
    """
    return next((d["decision"] for d in reversed(wave.decisions)
                 if d["decision"] in (GO_LIVE, NO_GO)), "none")


def go_live_decided(ctx: GuardContext) -> GuardResult:
    """§3.2, §3.3 Godkänna (reading, README "Deviations"): a wave goes live only on an
    explicit go decision of the body that holds that mandate; a no-go stops it."""
    s = ctx.subject
    if s.kind != "wave":
        return OK
    state = go_live_state(s)
    if state == GO_LIVE:
        return OK
    return _result([_("a go-live decision (decide {subject} go-live) (now: {state})").format(
        subject=s.id, state=acceptance_word(state))])


def follows_wave(ctx: GuardContext) -> GuardResult:
    """§3.2, §3.3: a municipality is a unit of its wave's delivery and never runs ahead of it;
    it leaves a phase only after its wave has left it."""
    s = ctx.subject
    wave = ctx.own_wave
    if s.kind != "municipality" or wave is None:
        return OK
    order = ctx.definition.phase_ids()
    if order.index(wave.phase) > order.index(s.phase):
        return OK
    return _result([_("{wave_id} leaves {s_phase} first (it is in {wave_phase})").format(
                        wave_id=wave.id, s_phase=s.phase, wave_phase=wave.phase)])


def final_acceptance(ctx: GuardContext) -> GuardResult:
    """R10 (§3.4): the programme closes only once the final acceptance test of the whole
    solution, after the last go-live, is approved by programstyrgrupp."""
    s = ctx.subject
    if s.kind != "programme" or s.acceptance == "accepted":
        return OK
    return _result([_("final acceptance test of the whole solution not approved "
                      "(now: {state})").format(state=acceptance_word(s.acceptance))])


def risks_accepted(ctx: GuardContext) -> GuardResult:
    """§7.2, §1.6: a wave goes live only when no open risk of a blocking level (high) on it,
    its municipalities or the programme stands unaccepted by the body with the mandate.
    The trade-off of time over quality is then a recorded decision, not a silent one."""
    if ctx.subject.kind != "wave":
        return OK
    return _result(blocking(ctx.risks, ctx.definition))


GUARDS: Mapping[str, Callable[[GuardContext], GuardResult]] = {
    "not-paused": not_paused,
    "evidence": evidence,
    "programme-milestones": programme_milestones,
    "previous-wave-lessons": previous_wave_lessons,
    "waves-past-phase": waves_past_phase,
    "acceptance-decided": acceptance_decided,
    "go-live-together": go_live_together,
    "go-live-decided": go_live_decided,
    "follows-wave": follows_wave,
    "final-acceptance": final_acceptance,
    "risks-accepted": risks_accepted,
    # The calendar kinds under their own names read `[guards.<kind>]` (their default name).
    "outside-freeze": outside_freeze,
    "not-before-planned": not_before_planned,
    "not-before": not_before,
}
GUARD_NAMES = frozenset(GUARDS)


def run_guard(name: str, ctx: GuardContext) -> GuardResult:
    """The guard a transition names: a built-in one, or one the workflow declares under its
    own name with a calendar `kind` and its own `[guards.NAME]` parameters."""
    own = GUARDS.get(name)
    if own is not None:
        return own(ctx)
    return CALENDAR_GUARDS[guard_kind(name, ctx.definition.guard_params)](ctx, name)


def evaluate(names: tuple[str, ...], ctx: GuardContext) -> GuardResult:
    """Run every named guard and collect all unmet conditions, not just the first."""
    missing: list[str] = []
    for name in names:
        missing.extend(run_guard(name, ctx).missing)
    return _result(missing)


#: The acceptance steps of a wave in its Acceptera phase (R5, R6, §3.4): the states
#: each step may follow and the state it leaves. Prepared in programledning, decided
#: by programstyrgrupp; a rejection needs a retest and a new preparation.
ACCEPTANCE_STEPS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "prepare": (("none", "retested"), "prepared"),
    "accept": (("prepared",), "accepted"),
    "reject": (("prepared",), "rejected"),
    "retest": (("rejected",), "retested"),
}
#: The words for acceptance states and steps in messages (the ids stay in the record).
ACCEPTANCE_WORDS = {
    "none": N_("none"), "prepared": N_("prepared"), "accepted": N_("accepted"),
    "rejected": N_("rejected"), "retested": N_("retested"), "prepare": N_("prepare"),
    "accept": N_("accept"), "reject": N_("reject"), "retest": N_("retest"),
    "go-live": N_("go-live"), "no-go": N_("no-go"),
}


def acceptance_word(state_or_step: str) -> str:
    return _(ACCEPTANCE_WORDS.get(state_or_step, state_or_step))


_WHAT_NEXT = {
    "none": N_("prepare it in programledning first"),
    "prepared": N_("programstyrgrupp decides it (accept or reject)"),
    "rejected": N_("record the retest after the supplier's fixes first (R6)"),
    "retested": N_("prepare it again in programledning first (R6)"),
}


@dataclass(frozen=True, slots=True)
class StepResult:
    """Whether an acceptance step may be taken; `done` when it (or acceptance) already is."""

    ok: bool
    done: bool = False
    reason: str = ""


def acceptance_step(wave: Subject, step: str) -> StepResult:
    """R5, R6 (§3.4): may `step` (prepare, accept, reject, retest) follow the wave's state?

    Accepting twice, or repeating the step just taken, is `done` (nothing to do);
    any other step out of order is refused with what has to happen first.
    """
    allowed_after, leaves = ACCEPTANCE_STEPS[step]
    state = wave.acceptance
    if state in allowed_after:
        return StepResult(True)
    if state in (leaves, "accepted"):
        return StepResult(False, done=True, reason=_("{wave_id}: acceptance is already "
                                                     "{state}").format(
                                                       wave_id=wave.id,
                                                       state=acceptance_word(state)))
    return StepResult(False, reason=_("{wave_id}: cannot {step} while acceptance is {state}: "
                                      "{what_next}").format(
                                        wave_id=wave.id, step=acceptance_word(step),
                                        state=acceptance_word(state),
                                        what_next=_(_WHAT_NEXT[state])))


def phase_with_guard(definition: WorkflowDefinition, guard: str) -> str | None:
    """The phase whose exit carries `guard`, e.g. Acceptera for `acceptance-decided`.

    The engine knows phases only through the definition, so the acceptance
    phase is found from its guard rather than by name.
    """
    return next((t.source for t in definition.transitions if guard in t.guards), None)


def is_driftsatt(programme: Subject) -> bool:
    """R10 (§3.4): the solution is fully in production only once the final acceptance test
    of the whole solution, after the last go-live, has led to its approval. The waves'
    own acceptances in Acceptera are not that test."""
    return programme.kind == "programme" and programme.acceptance == "accepted"
