"""A risk's action deadline on the alert ladder (§7.2): warned, due, overdue, escalated.

The same ladder, uniqueness key (deadline, level) and delivery as the phase
deadlines (`alerting`); the AlertFired event goes on the risk's own stream.
Escalation goes to the body the owner sits in (the owner answers to it for
the action), or, when the owner sits in none, to the body whose mandate lists
``risk-accept`` on the day (the workflow's ``[[bodies]]``). A pause
does not freeze a risk's action: a pause stops phase work, not the handling
of what threatens it (the programme's own risk routine, §7.2, keeps running).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from engine.domain import events as ev
from engine.domain.deadlines import AlertPolicy, BusinessCalendar, alert_level, local_date
from engine.domain.definition import WorkflowDefinition
from engine.domain.risks import Risk, apply_risk, mandate_bodies
from engine.domain.schedule import Deadline
from engine.ledger.codec import format_instant
from engine.services.unit import App

if TYPE_CHECKING:
    from engine.services.alerting import FiredAlert


def owner_body(definition: WorkflowDefinition, roles: tuple[str, ...], day: str,
               default: str) -> str:
    """Whom an escalated risk action goes to on `day` (ISO): the body the owner sits in
    that exists then (first in the definition); else the body whose mandate lists
    ``risk-accept`` then (`[[bodies]]`: Chefsgruppen from 2024-04-23, SSVIT before);
    `default` only when the data names neither."""
    sits = [b.id for b in definition.bodies.values() if b.role in roles and b.valid_on(day)]
    return next(iter(sits or mandate_bodies(definition, day)), default)


def risk_deadlines(risks: list[Risk], now: datetime, policy: AlertPolicy,
                   calendar: BusinessCalendar) -> Iterator[tuple[Risk, Deadline, str | None]]:
    """Each open action deadline with its level at `now` (None while further off)."""
    for r in risks:
        found = r.open_action()
        if found is None:
            continue
        d = Deadline(r.stream, found[0], date.fromisoformat(found[1]))
        yield r, d, alert_level(d.due_on, now, policy, calendar)


def deadline_json(r: Risk, d: Deadline, level: str | None) -> dict[str, Any]:
    """A risk's action deadline in the shape `etapp deadlines` lists."""
    return {"id": d.id, "subject": d.subject, "name": f"{r.id} {r.title}", "kind": d.kind,
            "due": d.due_on.isoformat(), "level": level, "paused": False, "paused_by": None,
            "wave": None, "phase": r.status, "risk": r.id, "risk_subject": r.subject,
            "owner": r.owner}


def _plan(uow: Any, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar
          ) -> tuple[int, list[tuple[Risk, Deadline, str, tuple[str, ...]]]]:
    """How many action deadlines are open, and those whose current level is still to fire."""
    from engine.services.alerting import _recorded, _to_fire

    found = list(risk_deadlines(uow.risks.with_open_action(), now, policy, calendar))
    due = [(r, d, lv) for r, d, lv in found if lv is not None]
    recorded = _recorded(uow.conn, sorted(d.id for _, d, _ in due)) if due else {}
    plan = []
    for r, d, level in sorted(due, key=lambda x: x[1].id):
        assert level is not None
        skipped = _to_fire(level, recorded.get(d.id, ()), policy)
        if skipped is not None:
            plan.append((r, d, level, skipped))
    return len(found), plan


def fire_risk_alerts(app: App, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar,
                     sink_names: str) -> tuple[int, list[FiredAlert]]:
    """Record the alerts of risk actions that are new; the write lock is taken only when
    a read finds one, and the plan is made again under it.

    Returns:
        The number of action deadlines evaluated and the alerts fired.

    Raises:
        ConcurrencyError: another check recorded the same alert at the same time.
    """
    from engine.services.alerting import record_alerts

    with app.uow(write=False) as uow:
        evaluated, plan = _plan(uow, now, policy, calendar)
    if not plan:
        return evaluated, []
    with app.uow(write=True) as uow:
        evaluated, plan = _plan(uow, now, policy, calendar)
        if not plan:
            return evaluated, []
        new, risks = [], {}
        for r, d, level, skipped in plan:
            escalate_to = None
            if level == "escalated":
                owner = uow.actors.get(r.owner)
                escalate_to = owner_body(app.definition, owner.roles if owner else (),
                                         local_date(now, policy.tz).isoformat(),
                                         policy.escalate_to or "") or None
            what = "åtgärd" if d.kind == "risk-action" else "problemåtgärd"
            message = (f"{r.id} {r.title} ({r.subject}): {what} för {r.owner}, "
                       f"förfallodag {d.due_on.isoformat()}, {level}")
            if escalate_to:
                message += f"; eskaleras till {escalate_to}"
            new.append(ev.NewEvent(r.stream, ev.ALERT_FIRED, {
                "deadline": d.id, "kind": d.kind, "due": d.due_on.isoformat(), "level": level,
                "escalate_to": escalate_to, "skipped": list(skipped), "risk": r.id,
                "owner": r.owner, "evaluated_at": format_instant(now), "message": message}))
            risks[r.stream] = r
        fired = record_alerts(app, uow, new, risks, apply_risk, uow.risks.save, sink_names)
        uow.commit()
    return evaluated, fired
