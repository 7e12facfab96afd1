"""Go/no-go for a wave's go-live (§3.2, §3.3 Godkänna; review W7).

The directive names no body for go-live. etapp reads it as the programme
steering group's decision (the body that formally decides the delivery's
acceptance, §3.4; README "Where the directive and the design differ"): the
wave leaves Godkänna only after a recorded go decision, documented like every
decision. A no-go is recorded with its reason; a later meeting may decide go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.domain import events as ev
from engine.domain.actors import check_deciding_body
from engine.domain.business_time import business_day
from engine.domain.commands import RecordDecision
from engine.domain.definition import PROGRAMME_ID
from engine.domain.documents import documented
from engine.domain.guards import GO_LIVE, NO_GO, go_live_state, pause_holder, phase_with_guard
from engine.errors import ConcurrencyError, GuardRejected, InvalidInputError
from engine.i18n import _
from engine.services.unit import App, WriteContext, run_write

GO_DECISIONS = (GO_LIVE, NO_GO)


def record_go_live(app: App, actor_name: str | None, cmd: RecordDecision, *,
                   occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record a go or no-go decision for a wave in Godkänna.

    Raises:
        InvalidInputError: the wrong body, no document, no rationale for a no-go,
            acceptance fields, or a subject that is not a wave.
        DecisionNotPermitted: the actor is not a member of the body.
        GuardRejected: the wave is not in Godkänna, or it is paused.
        ConcurrencyError: go-live is already decided.
    """
    d = app.definition
    action = f"decide-{cmd.decision}"
    check_deciding_body(d, action, cmd.body, _("{decision} (a wave's "
                                               "go-live)").format(decision=cmd.decision))
    if cmd.defects is not None or cmd.fix_by is not None:
        msg = _("defects and a fix-by date belong to a rejection (reject), not to {decision}"
                ).format(decision=cmd.decision)
        raise InvalidInputError(msg)
    if cmd.decision == NO_GO and not (cmd.rationale or "").strip():
        msg = _("a no-go records why (--rationale TEXT)")
        raise InvalidInputError(msg)
    doc = documented(cmd.ref, cmd.meeting_on, business_day(occurred_at, app.clock()),
                     _("{decision} ({body})").format(decision=cmd.decision, body=cmd.body))

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.member_of(cmd.body)
        ctx.permit(d.permissions.get(action, ()), _("decide "
                                                    "{decision}").format(decision=cmd.decision), s)
        if s.kind != "wave":
            where = _(": decide for {wave}").format(wave=s.wave) if s.wave else ""
            msg = _("go-live is decided for a wave, not for {s_kind} {s_id}{where} (R7, "
                    "§3.2)").format(
                      s_kind=s.kind, s_id=s.id, where=where)
            raise InvalidInputError(msg)
        phase = phase_with_guard(d, "go-live-decided")
        if s.phase != phase:
            msg = _("{s_id} is in {s_phase}: go/no-go is decided in {phase} only").format(
                      s_id=s.id, s_phase=s.phase, phase=phase)
            raise GuardRejected(msg, [f"{s.id} in {phase}"])
        holder = pause_holder(s, None, ctx.subject(PROGRAMME_ID))
        if holder is not None:
            msg = _("{s_id} is paused with {holder_id} since {holder_paused_at}: resume "
                    "first").format(
                      s_id=s.id, holder_id=holder.id, holder_paused_at=holder.paused_at)
            raise GuardRejected(msg, [msg])
        if go_live_state(s) == GO_LIVE:
            msg = _("{s_id}: go-live is already decided").format(s_id=s.id)
            raise ConcurrencyError(msg)
        payload = {"decision": cmd.decision, "rationale": cmd.rationale, **doc}
        return [ev.NewEvent(s.id, ev.DECISION_RECORDED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)
