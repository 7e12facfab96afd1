"""Use cases of the §7.2 risk and problem register: add, update, occur, accept, close.

Each change is one event on the risk's own stream (``risk:R-3``), recorded by
`run_write` with the rest of the chain, and folded into the ``risk`` projection
in the same transaction. Who may do what is data (``risk-*`` permissions); the
acceptance that lets a wave go live over a high risk is a decision of a body
with the §1.6 mandate over goal fulfilment, recorded with its weighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from engine.domain import events as ev
from engine.domain.business_time import business_day
from engine.domain.commands import AcceptRisk, AddRisk, CloseRisk, OccurRisk, UpdateRisk
from engine.domain.documents import documented
from engine.domain.governance import check_mandate
from engine.domain.risks import (
    GOALS,
    RISK_ACCEPT,
    Risk,
    check_scale,
    check_text,
    parse_goals,
    parse_risk_id,
    parse_weights,
    risk_id,
)
from engine.errors import ConcurrencyError, InvalidInputError, NotFoundError, RuleViolation
from engine.i18n import _
from engine.services.unit import App, WriteContext, run_write


def load_risk(ctx: WriteContext, text: str) -> Risk:
    """The risk `text` names, remembered so its stream continues from the version read.

    Raises:
        InvalidInputError: not a risk id.
        NotFoundError: no such risk.
    """
    rid = parse_risk_id(text)
    found = ctx.uow.risks.get(rid)
    if found is None:
        msg = f"unknown risk {rid}: `etapp risk list` shows the register"
        raise NotFoundError(msg)
    ctx.risks[found.stream] = found
    return found


def _owner(ctx: WriteContext, name: str) -> str:
    """The owner of a risk's action: a registered actor who can act (not a revisor).

    Raises:
        NotFoundError: no such actor.
        InvalidInputError: the actor only reads.
    """
    who = check_text("--owner", name, 200, required=True)
    assert who is not None
    actor = ctx.uow.actors.get(who)
    if actor is None:
        msg = f"unknown owner {who[:80]!r}: the owner must be a registered actor (etapp actor list)"
        raise NotFoundError(msg)
    specs = [ctx.definition.role(r) for r in actor.roles]
    if all(spec is not None and spec.read_only for spec in specs):
        msg = f"{actor.label} only reads and cannot own a risk's action"
        raise InvalidInputError(msg)
    return who


def _due(due_on: date | None, today: date, what: str) -> str | None:
    if due_on is None:
        return None
    if due_on < today:
        msg = f"{what} {due_on.isoformat()} lies before today ({today.isoformat()})"
        raise InvalidInputError(msg)
    return due_on.isoformat()


def _today(app: App, occurred_at: date | None) -> date:
    return business_day(occurred_at, app.clock())


def _writable(r: Risk, what: str) -> None:
    if not r.is_open:
        msg = f"{r.id} is closed: it cannot be {what} (add a new risk if it returns)"
        raise RuleViolation(msg)


def add_risk(app: App, actor_name: str | None, cmd: AddRisk, *,
             occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Enter a risk with its score, owner, action and deadline (§7.2).

    Raises:
        InvalidInputError: a score outside 1..5, a bad text or a past deadline.
        NotFoundError: unknown subject or owner.
        DecisionNotPermitted: the actor may not add risks (for this subject).
    """
    d = app.definition
    pol = d.risk
    title = check_text("the title", cmd.title, pol.title_max, required=True)
    probability = check_scale("--probability", cmd.probability, pol.scale)
    consequence = check_scale("--consequence", cmd.consequence, pol.scale)
    action = check_text("--action", cmd.action, pol.text_max, multiline=True)
    ref = check_text("--ref", cmd.ref, pol.title_max)
    due = _due(cmd.due_on, _today(app, occurred_at), "--due")

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        s = ctx.resolve(cmd.subject)
        ctx.permit(d.permissions.get("risk-add", ()), "add risks", s)
        owner = _owner(ctx, cmd.owner)
        number = ctx.uow.risks.next_number()
        rid = risk_id(number)
        score = probability * consequence
        payload = {"id": rid, "number": number, "subject": s.id, "title": title,
                   "probability": probability, "consequence": consequence, "score": score,
                   "level": pol.level(score).id, "owner": owner, "action": action,
                   "due_on": due, "ref": ref}
        return [ev.NewEvent(f"{ev.RISK_STREAM_PREFIX}{rid}", ev.RISK_ADDED, payload)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def update_risk(app: App, actor_name: str | None, cmd: UpdateRisk, *,
                occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Change a risk's title, score, owner, action, deadline or reference.

    Raises:
        InvalidInputError: nothing to change, or a bad value.
        RuleViolation: the risk is closed.
        ConcurrencyError: every value given is the risk's already.
    """
    d = app.definition
    pol = d.risk
    wanted: dict[str, Any] = {
        "title": check_text("the title", cmd.title, pol.title_max, required=cmd.title is not None),
        "probability": None if cmd.probability is None
        else check_scale("--probability", cmd.probability, pol.scale),
        "consequence": None if cmd.consequence is None
        else check_scale("--consequence", cmd.consequence, pol.scale),
        "action": check_text("--action", cmd.action, pol.text_max, multiline=True),
        "due_on": _due(cmd.due_on, _today(app, occurred_at), "--due"),
        "ref": check_text("--ref", cmd.ref, pol.title_max),
    }
    if cmd.owner is None and all(v is None for v in wanted.values()):
        msg = "nothing to update: give --title, --probability, --consequence, --owner, " \
              "--action, --due or --ref"
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        r = load_risk(ctx, cmd.risk)
        ctx.permit(d.permissions.get("risk-update", ()), "update risks",
                   ctx.subject(r.subject))
        _writable(r, "updated")
        given = {k: v for k, v in wanted.items() if v is not None}
        if cmd.owner is not None:
            given["owner"] = _owner(ctx, cmd.owner)
        changes = {k: v for k, v in given.items() if getattr(r, k) != v}
        if not changes:
            msg = f"{r.id} already reads so: nothing changed"
            raise ConcurrencyError(msg)
        score = int(changes.get("probability", r.probability)) * int(
            changes.get("consequence", r.consequence))
        payload = {"changes": changes, "score": score, "level": pol.level(score).id}
        return [ev.NewEvent(r.stream, ev.RISK_UPDATED, payload)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def occur_risk(app: App, actor_name: str | None, cmd: OccurRisk, *,
               occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Record that a risk has occurred: it becomes a problem with its own action and deadline.

    Raises:
        RuleViolation: the risk is closed.
        ConcurrencyError: it has occurred already.
    """
    d = app.definition
    pol = d.risk
    action = check_text("--action", cmd.action, pol.text_max, required=True, multiline=True)
    due = _due(cmd.due_on, _today(app, occurred_at), "--due")
    ref = check_text("--ref", cmd.ref, pol.title_max)
    note = check_text("--note", cmd.note, pol.text_max, multiline=True)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        r = load_risk(ctx, cmd.risk)
        ctx.permit(d.permissions.get("risk-occur", ()), "record problems",
                   ctx.subject(r.subject))
        _writable(r, "recorded as occurred")
        if r.status == "occurred":
            msg = f"{r.id} has occurred already: update the problem's action with `risk update`"
            raise ConcurrencyError(msg)
        payload = {"action": action, "due_on": due, "ref": ref, "note": note}
        return [ev.NewEvent(r.stream, ev.RISK_OCCURRED, payload)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def accept_risk(app: App, actor_name: str | None, cmd: AcceptRisk, *,
                occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """A body with the §1.6 mandate accepts a risk as it stands, with rationale, reference
    and the quality/time/cost weighting that justified it; a wave may then go live over it.

    Raises:
        InvalidInputError: unknown body, a body without the mandate, bad weights or goals,
            no document, or a meeting after the decision day (§3.4 "dokumenterat").
        DecisionNotPermitted: the actor holds no role that may accept risks, or is not a
            member of the body.
        RuleViolation: the risk is closed.
        ConcurrencyError: the risk is already accepted at its current score.
    """
    d = app.definition
    pol = d.risk
    rationale = check_text("--rationale", cmd.rationale, pol.text_max, required=True,
                           multiline=True)
    ref = check_text("--ref", cmd.ref, pol.title_max, required=True)
    affects = parse_goals(cmd.affects)
    weights = parse_weights(cmd.weights, pol.weights)
    day = _today(app, occurred_at)
    doc = documented(ref, cmd.meeting_on, day, f"a risk acceptance ({cmd.body})")
    if cmd.body not in d.bodies:
        msg = _("unknown body {body!r}; bodies are {bodies}").format(
            body=cmd.body[:40], bodies=", ".join(d.bodies))
        raise InvalidInputError(msg)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        r = load_risk(ctx, cmd.risk)
        ctx.permit(d.permissions.get(RISK_ACCEPT, ()), "accept risks",
                   ctx.subject(r.subject))
        # §1.6: the body's mandate lists risk-accept and the goals at stake, on the day.
        check_mandate(d.bodies, cmd.body, RISK_ACCEPT, day.isoformat(), _("accepting a risk"),
                      affects)
        ctx.member_of(cmd.body)
        _writable(r, "accepted")
        if r.accepted:
            msg = f"{r.id} is already accepted by {r.acceptance['body']} at score {r.score}" \
                if r.acceptance else f"{r.id} is already accepted"
            raise ConcurrencyError(msg)
        favoured = [g for g in GOALS if g not in affects]
        payload = {"rationale": rationale, **doc, "affects": list(affects),
                   "favoured": favoured, "weights": weights, "score": r.score,
                   "level": pol.level(r.score).id,
                   "at_stake": sum(weights[g] for g in affects),
                   "kept": sum(weights[g] for g in favoured)}
        return [ev.NewEvent(r.stream, ev.RISK_ACCEPTED, payload, body=cmd.body)]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)


def close_risk(app: App, actor_name: str | None, cmd: CloseRisk, *,
               occurred_at: date | None = None) -> list[ev.StoredEvent]:
    """Close a risk or problem with the document that shows it is handled.

    Raises:
        ConcurrencyError: it is closed already.
    """
    d = app.definition
    pol = d.risk
    ref = check_text("--ref", cmd.ref, pol.title_max, required=True)
    note = check_text("--note", cmd.note, pol.text_max, multiline=True)

    def decide(ctx: WriteContext) -> Sequence[ev.NewEvent]:
        r = load_risk(ctx, cmd.risk)
        ctx.permit(d.permissions.get("risk-close", ()), "close risks",
                   ctx.subject(r.subject))
        if not r.is_open:
            msg = f"{r.id} is closed already"
            raise ConcurrencyError(msg)
        return [ev.NewEvent(r.stream, ev.RISK_CLOSED, {"ref": ref, "note": note})]

    return run_write(app, actor_name, decide, occurred_at=occurred_at)
