"""Read side of the §7.2 register: the list (now or as recorded then) and one risk in full."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from engine.domain import events as ev
from engine.domain.risks import Risk, RiskPolicy, fold_risks, parse_risk_id
from engine.errors import NotFoundError
from engine.services.unit import App, resolve_subject_id


def risk_json(r: Risk, policy: RiskPolicy) -> dict[str, Any]:
    """A risk as `risk list` and `risk show` give it (README: JSON shapes)."""
    level = policy.level(r.score)
    action = r.open_action()
    return {
        "id": r.id, "subject": r.subject, "title": r.title, "probability": r.probability,
        "consequence": r.consequence, "score": r.score, "level": level.id,
        "level_name": level.name, "colour": level.colour, "status": r.status,
        "kind": "risk" if r.problem is None else "problem",
        "owner": r.owner, "action": r.action, "due": r.due_on, "ref": r.ref,
        "blocks_go_live": r.is_open and level.blocks_go_live and not r.accepted,
        "accepted": r.accepted, "acceptance": dict(r.acceptance) if r.acceptance else None,
        "problem": dict(r.problem) if r.problem else None,
        "closed": dict(r.closed) if r.closed else None,
        "open_action": {"kind": action[0], "due": action[1]} if action else None,
        "added_at": r.added_at, "changed_at": r.changed_at,
    }


def _risks(app: App, as_of: str | None, recorded_as_of: str | None) -> list[Risk]:
    with app.uow(write=False) as uow:
        if as_of is None and recorded_as_of is None:
            return uow.risks.all()
        events = uow.events.matching(until=recorded_as_of, occurred_until=as_of,
                                     types=ev.RISK_TYPES)
    return sorted(fold_risks(events).values(), key=lambda r: r.number)


def list_risks(app: App, subject: str | None = None, *, open_only: bool = False,
               as_of: str | None = None,
               recorded_as_of: str | None = None) -> list[dict[str, Any]]:
    """The register, oldest first: every risk, or one subject's, or the open ones; now,
    as of a business time (`as_of`: what had happened by then, as the log knows it now)
    or as the log held it at a recorded time (`recorded_as_of`), canonical UTC text.

    Raises:
        SubjectNotFound: `subject` names no subject.
    """
    sid = None
    if subject is not None:
        with app.uow(write=False) as uow:
            sid = resolve_subject_id(uow, subject)
    found: Iterable[Risk] = _risks(app, as_of, recorded_as_of)
    return [risk_json(r, app.definition.risk) for r in found
            if (sid is None or r.subject == sid) and (r.is_open or not open_only)]


def show_risk(app: App, text: str, as_of: str | None = None,
              recorded_as_of: str | None = None) -> dict[str, Any]:
    """One risk with its recorded history (every event of its stream, oldest first), now
    or at a business or recorded time (see `list_risks`).

    Raises:
        InvalidInputError: not a risk id.
        NotFoundError: no such risk (then).
    """
    rid = parse_risk_id(text)
    stream = f"{ev.RISK_STREAM_PREFIX}{rid}"
    with app.uow(write=False) as uow:
        events = uow.events.matching(subject=stream, until=recorded_as_of,
                                     occurred_until=as_of)
    risk = fold_risks(events).get(stream)
    if risk is None:
        when = f" at {as_of or recorded_as_of}" if as_of or recorded_as_of else ""
        msg = f"unknown risk {rid}{when}: `etapp risk list` shows the register"
        raise NotFoundError(msg)
    out = risk_json(risk, app.definition.risk)
    out["events"] = [{"seq": e.seq, "type": e.type, "actor": e.actor, "role": e.role,
                      "body": e.body, "occurred_at": e.occurred_at,
                      "recorded_at": e.recorded_at, "payload": dict(e.payload), "hash": e.hash}
                     for e in events]
    return out
