"""Deadline alerts: evaluate every open deadline, record each alert once, deliver after commit.

The ladder (DESIGN: alerts and escalation): ``upcoming-<n>`` for each lead time,
``due``, ``overdue`` and, after ``escalate_after_business_days`` Swedish business
days, ``escalated`` to the deadline's owner as the workflow's ``[[escalation]]``
names it (the policy's ``escalate_to`` where it names none). An alert is
recorded in the ``alert`` table under its key (deadline, level) together with
an ``AlertFired`` event on the subject's stream, in one transaction, so a
second check, a restart or a second scheduler never fires it again.

When one check finds several levels passed at once (the first check after a
downtime), only the highest is fired; the levels it passed over are named in
the event's ``skipped`` field. A level also never fires once a higher one has
been recorded for the deadline (a check with an earlier ``now``).

Delivery to sinks happens after the commit. Each alert row keeps the names of
the sinks still owed the alert in ``pending``; a check first claims pending
rows with a lease (so two checks never deliver the same alert), delivers, and
writes back the sinks that failed, to be retried by the next check.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine.alerts.model import Sink, level_label_sv
from engine.domain import events as ev
from engine.domain.actors import Actor
from engine.domain.deadlines import AlertPolicy, BusinessCalendar, alert_level, ladder, level_rank
from engine.domain.definition import PROGRAMME_ID
from engine.domain.escalation import escalation_target
from engine.domain.guards import pause_holder
from engine.domain.schedule import Deadline, open_deadlines
from engine.domain.subject import Subject, apply
from engine.errors import ConcurrencyError
from engine.i18n import _
from engine.ledger.codec import format_instant
from engine.persistence.tables import alert_table as at
from engine.services.alert_delivery import deliver_pending
from engine.services.unit import App

__all__ = [
    "SCHEDULER_ACTOR",
    "CheckResult",
    "DeadlineStatus",
    "FiredAlert",
    "check_deadlines",
    "check_ready",
    "list_deadlines",
]

SCHEDULER_ACTOR = Actor("scheduler", ("system",))
_CHUNK = 500
_KEYS = select(at.c.deadline, at.c.level)


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    """One open deadline at one moment: its alert level, or None while far off or paused."""

    deadline: Deadline
    name: str
    wave: str | None
    phase: str
    level: str | None
    paused_by: str | None

    def to_json(self) -> dict[str, Any]:
        d = self.deadline
        return {"id": d.id, "subject": d.subject, "name": self.name, "kind": d.kind,
                "due": d.due_on.isoformat(), "level": self.level,
                "paused": self.paused_by is not None, "paused_by": self.paused_by,
                "wave": self.wave, "phase": self.phase}


@dataclass(frozen=True, slots=True)
class FiredAlert:
    """An alert this check recorded, with the event that carries it."""

    subject: str
    deadline: str
    kind: str
    due_on: date
    level: str
    escalate_to: str | None
    skipped: tuple[str, ...]
    seq: int

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "deadline": self.deadline, "kind": self.kind,
                "due": self.due_on.isoformat(), "level": self.level,
                "escalate_to": self.escalate_to, "skipped": list(self.skipped), "seq": self.seq}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check did: deadlines evaluated, alerts fired, and delivery per alert key."""

    now: datetime
    evaluated: int
    frozen: int
    fired: tuple[FiredAlert, ...]
    delivery: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)

    @property
    def failed(self) -> dict[str, list[str]]:
        """Alert key to the sinks that failed and will be retried at the next check."""
        return {k: sorted(n for n, err in r.items() if err) for k, r in self.delivery.items()
                if any(r.values())}


# -- evaluation (pure over loaded rows) --------------------------------------


class _Open(NamedTuple):
    """One subject's open deadlines as (kind, due, level), and who pauses it.

    A tuple, not a dataclass: one is built per subject, 100,000 per check.
    """

    id: str
    name: str
    wave: str | None
    phase: str
    holder: str | None
    items: list[tuple[str, date, str | None]]

    def statuses(self) -> Iterator[DeadlineStatus]:
        for kind, due, level in self.items:
            yield DeadlineStatus(Deadline(self.id, kind, due), self.name, self.wave,
                                 self.phase, level, self.holder)


def _evaluate(rows: Sequence[Sequence[Any]], app: App, now: datetime, policy: AlertPolicy,
              calendar: BusinessCalendar, *, only: set[str] | None = None) -> Iterator[_Open]:
    """The open deadlines of every loaded subject (or of `only`) with their level at `now`."""
    finals = {p.id for p in app.definition.phases if p.final}
    parsed = {r[0]: Subject.from_dict(json.loads(r[7])) for r in rows if r[1] != "municipality"}
    programme = parsed.get(PROGRAMME_ID) or Subject(PROGRAMME_ID, "programme", "", "")
    levels: dict[date, str | None] = {}
    shapes: dict[tuple[Any, ...], tuple[str | None, list[tuple[str, date, str | None]]]] = {}

    def level(due: date) -> str | None:
        if due not in levels:
            levels[due] = alert_level(due, now, policy, calendar)
        return levels[due]

    def found(s: Subject) -> tuple[str | None, list[tuple[str, date, str | None]]]:
        wave = parsed.get(s.wave or "") if s.kind != "programme" else None
        holder = pause_holder(s, wave, programme)
        # A paused subject's deadlines are frozen (R13): listed, but at no level.
        return (holder.id if holder else None,
                [(d.kind, d.due_on, None if holder else level(d.due_on))
                 for d in open_deadlines(s, wave)])

    for sid, kind, name, wave_id, phase, paused, offset, state in rows:
        if phase in finals or (only is not None and sid not in only):
            continue
        if state is not None:
            holder, items = found(parsed.get(sid) or Subject.from_dict(json.loads(state)))
        else:
            # Municipalities alike in wave, phase, pause and offset share one computation.
            shape = (wave_id, phase, bool(paused), offset)
            if shape not in shapes:
                shapes[shape] = found(Subject("", kind, "", phase, wave=wave_id,
                                              paused=bool(paused), offset_days=offset))
            holder, items = shapes[shape]
        if items:
            yield _Open(sid, name, wave_id, phase, holder, items)


def _to_fire(level: str, recorded: Iterable[str], policy: AlertPolicy) -> tuple[str, ...] | None:
    """The levels skipped over if `level` fires now, or None when it must not fire.

    A level fires once, and never after a higher one was recorded for the
    same deadline; the levels between the last recorded one and it are skipped.
    """
    rank = level_rank(level)
    top = max((level_rank(r) for r in recorded), default=None)
    if top is not None and top >= rank:
        return None
    return tuple(x for x in ladder(policy)
                 if level_rank(x) < rank and (top is None or level_rank(x) > top))


# -- reading ------------------------------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _recorded(conn: Any, deadlines: Sequence[str] | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    queries = ([_KEYS] if deadlines is None
               else [_KEYS.where(at.c.deadline.in_(c)) for c in _chunks(deadlines)])
    for q in queries:
        for deadline, level in conn.execute(q):
            found.setdefault(deadline, set()).add(level)
    return found


def list_deadlines(app: App, now: datetime, *, policy: AlertPolicy | None = None,
                   calendar: BusinessCalendar | None = None,
                   include_all: bool = False) -> list[dict[str, Any]]:
    """
    List open deadlines with their alert level at ``now``.

    Args:
        app: the application.
        now: the instant to evaluate at (timezone-aware).
        policy: lead times and escalation; the default ladder when None.
        calendar: Swedish business days; built around ``now`` when None.
        include_all: also list deadlines without a level (further off than
            every lead time, or frozen because the subject is paused, R13).

    Returns:
        One dict per deadline (``id``, ``subject``, ``kind``, ``due``,
        ``level``, ``paused``, ``last_alert`` …), ordered by due date.
    """
    policy = policy or AlertPolicy()
    calendar = calendar or _default_calendar(now, policy)
    with app.uow(write=False) as uow:
        rows = uow.subjects.deadline_rows()
        recorded = _recorded(uow.conn)
    out = []
    for s in (x for o in _evaluate(rows, app, now, policy, calendar) for x in o.statuses()):
        if s.level is None and not include_all:
            continue
        row = s.to_json()
        done = recorded.get(s.deadline.id, ())
        row["last_alert"] = max(done, key=level_rank) if done else None
        out.append(row)
    out += _risk_rows(app, now, policy, calendar, recorded, include_all=include_all)
    return sorted(out, key=lambda r: (r["due"], r["subject"], r["kind"]))


def _risk_rows(app: App, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar,
               recorded: Mapping[str, set[str]], *, include_all: bool) -> list[dict[str, Any]]:
    """The §7.2 risk actions' deadlines, listed like the subjects' (see `risk_alerts`)."""
    from engine.services.risk_alerts import deadline_json, risk_deadlines

    with app.uow(write=False) as uow:
        risks = uow.risks.with_open_action()
    rows = []
    for r, d, level in risk_deadlines(risks, now, policy, calendar):
        if level is None and not include_all:
            continue
        row = deadline_json(r, d, level)
        done = recorded.get(d.id, ())
        row["last_alert"] = max(done, key=level_rank) if done else None
        rows.append(row)
    return rows


def check_ready(app: App) -> None:
    """
    Make sure the database can be checked: it answers and holds an etapp schema.

    Raises:
        DatabaseError: it does not, with a one-line reason.
    """
    with app.uow(write=False):
        pass


def _default_calendar(now: datetime, policy: AlertPolicy) -> BusinessCalendar:
    from engine.calendar_se import default_calendar
    from engine.domain.deadlines import local_date

    return default_calendar(local_date(now, policy.tz))


# -- firing -------------------------------------------------------------------


def _message(status: DeadlineStatus, level: str, escalate_to: str | None) -> str:
    step = status.deadline.kind.rsplit(":", 1)[-1]
    # The alert's own text is Swedish whatever the reader's language: it is sent to the
    # programme's inboxes and chat, not shown to the person running the command.
    text = (f"{status.name or status.deadline.subject}: {step} {level_label_sv(level)} "
            f"(förfallodag {status.deadline.due_on.isoformat()})")
    return f"{text}; eskaleras till {escalate_to}" if escalate_to else text


def _fire(app: App, now: datetime, policy: AlertPolicy, calendar: BusinessCalendar,
          candidates: set[str], sink_names: str) -> list[FiredAlert]:
    """Record the alerts of `candidates` that are still new, under the write lock."""
    with app.uow(write=True) as uow:
        ids = sorted(candidates)
        rows = uow.subjects.deadline_rows(ids)
        # Re-evaluated under the lock: a pause, replan or other check may have come first.
        due = [s for o in _evaluate(rows, app, now, policy, calendar, only=candidates)
               for s in o.statuses() if s.level is not None]
        recorded = _recorded(uow.conn, sorted({s.deadline.id for s in due}))
        plan: list[tuple[DeadlineStatus, str, tuple[str, ...]]] = []
        for s in due:
            assert s.level is not None
            skipped = _to_fire(s.level, recorded.get(s.deadline.id, ()), policy)
            if skipped is not None:
                plan.append((s, s.level, skipped))
        if not plan:
            return []
        plan.sort(key=lambda p: p[0].deadline.id)
        loaded = uow.subjects.many(s.deadline.subject for s, _, _ in plan)
        new = []
        for s, level, skipped in plan:
            d = s.deadline
            # W11: the deadline's owner, from the workflow data (`[[escalation]]`).
            escalate_to = (escalation_target(app.definition.escalation, d.kind,
                                             loaded[d.subject], policy.escalate_to or "")
                           or None if level == "escalated" else None)
            new.append(ev.NewEvent(d.subject, ev.ALERT_FIRED, {
                "deadline": d.id, "kind": d.kind, "due": d.due_on.isoformat(), "level": level,
                "escalate_to": escalate_to, "skipped": list(skipped),
                "evaluated_at": format_instant(now),
                "message": _message(s, level, escalate_to)}))
        fired = record_alerts(app, uow, new, loaded, apply, uow.subjects.save, sink_names)
        uow.commit()
    return fired


def record_alerts(app: App, uow: Any, new: Sequence[ev.NewEvent], streams: Mapping[str, Any],
                  evolve: Callable[[Any, ev.StoredEvent], Any],
                  save: Callable[[Iterable[Any], dict[str, int]], None],
                  sink_names: str) -> list[FiredAlert]:
    """Append `new` AlertFired events as the scheduler, move the `streams` they go on
    (subjects or risks, by `evolve`, stored by `save`) and claim each (deadline, level)
    in the alert table with the sinks still owed it, all in `uow`'s transaction.

    Raises:
        ConcurrencyError: another check recorded the same alert at the same time.
    """
    recorded_at = format_instant(app.clock())
    stamp = ev.Stamp(SCHEDULER_ACTOR.name, SCHEDULER_ACTOR.roles[0], app.definition.ref,
                     recorded_at, recorded_at)
    expected = {sid: x.version for sid, x in streams.items()}
    stored = uow.events.append(new, dict(expected), stamp)
    changed = dict(streams)
    for e in stored:
        changed[e.subject] = evolve(changed[e.subject], e)
    save(changed.values(), expected)
    try:
        uow.conn.execute(at.insert(), [
            {"deadline": e.payload["deadline"], "level": e.payload["level"],
             "subject": e.subject, "fired_at": recorded_at, "seq": e.seq,
             "pending": sink_names} for e in stored])
    except IntegrityError as err:
        msg = _("another deadline check recorded the same alert at the same time: nothing "
                "written")
        raise ConcurrencyError(msg) from err
    return [FiredAlert(e.subject, e.payload["deadline"], e.payload["kind"],
                       date.fromisoformat(e.payload["due"]), e.payload["level"],
                       e.payload["escalate_to"], tuple(e.payload["skipped"]), e.seq)
            for e in stored]


def check_deadlines(app: App, now: datetime, *, policy: AlertPolicy | None = None,
                    calendar: BusinessCalendar | None = None,
                    sinks: Sequence[Sink] = ()) -> CheckResult:
    """
    Evaluate every open deadline once, record new alerts and deliver pending ones.

    Each (deadline, level) is recorded at most once, with one ``AlertFired``
    event (actor ``scheduler``, role ``system``) in the same transaction;
    paused subjects fire nothing (R13) and subjects in a final phase have no
    deadlines. Delivery follows the commit, so no database lock is held during
    network I/O; failed sinks stay pending and are retried by the next check.

    Args:
        app: the application.
        now: the instant to evaluate at (timezone-aware); levels use its local
            date in ``policy.tz``.
        policy: lead times and escalation; the default ladder when None.
        calendar: business days for counting escalation; Swedish around ``now``
            when None.
        sinks: where alerts go; their names are what ``pending`` records.

    Returns:
        The deadlines evaluated and frozen, the alerts fired, and per alert
        key the delivery result of every sink tried.

    Raises:
        ValueError: ``now`` is naive.
        ConcurrencyError: a writer that ignores the write lock clashed.
    """
    policy = policy or AlertPolicy()
    calendar = calendar or _default_calendar(now, policy)
    with app.uow(write=False) as uow:
        rows = uow.subjects.deadline_rows()
        recorded = _recorded(uow.conn)
    evaluated = frozen = 0
    candidates: set[str] = set()
    for o in _evaluate(rows, app, now, policy, calendar):
        evaluated += len(o.items)
        if o.holder is not None:
            frozen += len(o.items)
            continue
        for kind, due, level in o.items:
            if level is not None and _to_fire(
                    level, recorded.get(Deadline(o.id, kind, due).id, ()), policy) is not None:
                candidates.add(o.id)
    del rows
    fired = _fire(app, now, policy, calendar, candidates,
                  ",".join(s.name for s in sinks)) if candidates else []
    from engine.services.risk_alerts import fire_risk_alerts

    risk_count, risk_fired = fire_risk_alerts(app, now, policy, calendar,
                                              ",".join(s.name for s in sinks))
    evaluated += risk_count
    fired += risk_fired
    delivery = deliver_pending(app, sinks) if sinks else {}
    return CheckResult(now, evaluated, frozen, tuple(fired), delivery)
