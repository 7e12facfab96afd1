"""Read side: status, one subject in detail, and the decision history."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, cast

from engine.domain import events as ev
from engine.domain.authority import may_record
from engine.domain.business_time import business_day, local_text
from engine.domain.deadlines import AlertPolicy, BusinessCalendar, alert_level, local_date
from engine.domain.definition import PROGRAMME_ID
from engine.domain.guards import GuardContext, evaluate, is_driftsatt, pause_holder
from engine.domain.machine import machine_for
from engine.domain.risks import Risk, fold_risks
from engine.domain.schedule import open_deadlines, planned_dates
from engine.domain.subject import Subject, apply
from engine.errors import InvalidInputError
from engine.i18n import _
from engine.ledger.codec import parse_instant
from engine.services.needs import explain
from engine.services.unit import App, resolve_subject_id


def fold(events: Iterable[ev.StoredEvent]) -> dict[str, Subject]:
    """Rebuild every subject from events alone: the pure fold that replay and as-of share."""
    subjects: dict[str, Subject] = {}
    for e in events:
        if not ev.is_subject_stream(e.subject):
            continue
        subjects[e.subject] = apply(subjects.get(e.subject), e)
    return subjects


@dataclass(frozen=True)
class Snapshot:
    """Every subject at one moment: now (from projections) or as of a recorded time.

    `moment` is when deadlines are judged (their alert level); the app's clock
    when None. `policy` is the alert ladder (`deadlines` uses the same).
    """

    app: App
    subjects: Mapping[str, Subject]
    risks: tuple[Risk, ...] = ()  # the open ones, for the go-live gate (§7.2)
    moment: datetime | None = None
    policy: AlertPolicy | None = None

    def wave_of(self, s: Subject) -> Subject | None:
        return self.subjects.get(s.wave or "") if s.kind != "programme" else None

    @property
    def waves(self) -> dict[str, Subject]:
        return {w.id: self.subjects[w.id] for w in self.app.definition.waves
                if w.id in self.subjects}

    def _next(self, s: Subject) -> tuple[tuple[str, ...], GuardContext] | None:
        """The guards of the subject's next transition and what they look at."""
        machine = machine_for(self.app.definition)
        dest = machine.next_phase(s.phase)
        if dest is None:
            return None
        spec = machine.transition(s.phase, dest)
        members = tuple(m for m in self.subjects.values()
                        if m.kind == "municipality" and m.wave == s.id) if s.kind == "wave" else ()
        owners = {s.id, PROGRAMME_ID, *(m.id for m in members)} if s.kind == "wave" else set()
        return spec.guards, GuardContext(
            self.app.definition, s, dest, self.subjects[PROGRAMME_ID], self.waves, members,
            tuple(r for r in self.risks if r.subject in owners),
            business_on=business_day(None, self.moment or self.app.clock()))

    def missing(self, s: Subject) -> list[str]:
        """What the subject's next transition still needs (empty in a final phase)."""
        found = self._next(s)
        return list(evaluate(found[0], found[1]).missing) if found else []

    def needs(self, s: Subject) -> list[dict[str, Any]]:
        """`missing`, each with its Swedish label, directive § and the roles that may act."""
        found = self._next(s)
        return explain(found[1], found[0]) if found else []

    @cached_property
    def _level_at(self) -> Callable[[date], str | None]:
        policy = self.policy or AlertPolicy()
        moment = self.moment or self.app.clock()
        calendar = cast(BusinessCalendar, _LazyCalendar(local_date(moment, policy.tz)))
        return lambda due: alert_level(due, moment, policy, calendar)

    def level(self, due: date, paused: bool) -> str | None:
        """A deadline's alert level at the snapshot's moment; none while paused (R13: frozen)."""
        return None if paused else self._level_at(due)

    def summary(self, s: Subject) -> dict[str, Any]:
        wave = self.wave_of(s)
        holder = pause_holder(s, wave, self.subjects[PROGRAMME_ID])
        deadlines = open_deadlines(s, wave) if s.phase != "avslutad" else []
        row: dict[str, Any] = {
            "id": s.id, "kind": s.kind, "name": s.name, "phase": s.phase,
            "paused": holder is not None, "paused_by": holder.id if holder else None,
            "wave": s.wave, "code": s.code, "version": s.version,
            "next_deadline": ({"kind": deadlines[0].kind, "due": deadlines[0].due_on.isoformat(),
                               "level": self.level(deadlines[0].due_on, holder is not None)}
                              if deadlines else None),
        }
        if s.kind == "programme":
            row["driftsatt"] = is_driftsatt(s)
        return row

    def detail(self, s: Subject) -> dict[str, Any]:
        wave = self.wave_of(s)
        holder = pause_holder(s, wave, self.subjects[PROGRAMME_ID])
        out = self.summary(s)
        out.update({
            # A subject paused with its wave or the programme shows that pause.
            "pause_reason": holder.pause_reason if holder else None,
            "paused_at": holder.paused_at if holder else None,
            "variant": s.variant, "federation": s.federation, "area": s.area,
            "acceptance": s.acceptance if s.kind == "wave" else None,
            "planned": _in_phase_order(self.app, planned_dates(s, wave)),
            "evidence": [dict(e) for e in s.evidence],
            "decisions": [dict(d) for d in s.decisions],
            "deadlines": [{"id": d.id, "kind": d.kind, "due": d.due_on.isoformat(),
                           "level": self.level(d.due_on, out["paused"])}
                          for d in open_deadlines(s, wave)] if s.phase != "avslutad" else [],
            "missing": self.missing(s),
            "needs": self.needs(s),
        })
        # Who can supply each gap (§5): the roles listed for it in the definition.
        out["may_record"] = {m: list(may_record(self.app.definition, m)) for m in out["missing"]}
        return out


class _LazyCalendar:
    """Swedish business days, built only when a deadline is past due: counting how late it
    is needs the holidays, and most views (`status` at a glance) never do."""

    def __init__(self, today: date) -> None:
        self._today = today
        self._calendar: BusinessCalendar | None = None

    def business_days_between(self, start: date, end: date) -> int:
        if self._calendar is None:
            from engine.calendar_se import default_calendar

            self._calendar = default_calendar(self._today)
        return self._calendar.business_days_between(start, end)


def _in_phase_order(app: App, planned: Mapping[str, Any]) -> dict[str, str]:
    return {p: planned[p].isoformat() for p in app.definition.phase_ids() if p in planned}


def snapshot(app: App, as_of: str | None = None,
             recorded_as_of: str | None = None, *, policy: AlertPolicy | None = None) -> Snapshot:
    """All subjects now, or at a moment (canonical UTC text).

    `as_of` is business time: what had happened by then, as the log knows it now
    ("what was decided by then"). `recorded_as_of` is recorded time: what the log
    held then ("what did the log know then"). Given both, both apply.
    """
    if as_of is None and recorded_as_of is None:
        with app.read() as reader:
            subjects = {s.id: s for s in reader.subjects.all()}
            risks = reader.risks.all()
    else:
        with app.uow(write=False) as uow:
            events = uow.events.events(until=recorded_as_of, occurred_until=as_of)
            subjects = fold(events)
            risks = list(fold_risks(events).values())
    when = as_of or recorded_as_of
    return Snapshot(app, subjects, tuple(r for r in risks if r.is_open),
                    parse_instant(when) if when else None, policy)


def status(app: App, wave: str | None = None, as_of: str | None = None,
           recorded_as_of: str | None = None, *,
           policy: AlertPolicy | None = None) -> list[dict[str, Any]]:
    """Every subject with its phase, pause and next deadline; optionally one wave only.
    `as_of` and `recorded_as_of` as in `snapshot`; the next deadline carries its alert level
    (`policy`, the default ladder when None)."""
    snap = snapshot(app, as_of, recorded_as_of, policy=policy)
    wave_id = None
    if wave is not None:
        with app.read() as reader:
            wave_id = resolve_subject_id(reader, wave)
    order = {PROGRAMME_ID: 0, **{w.id: i + 1 for i, w in enumerate(app.definition.waves)}}
    rows = [snap.summary(s) for s in snap.subjects.values()
            if wave_id is None or s.wave == wave_id]
    return sorted(rows, key=lambda r: (order.get(r["wave"] or PROGRAMME_ID, 99),
                                       r["kind"] != "programme", r["kind"] != "wave", r["id"]))


def show(app: App, text: str, as_of: str | None = None,
         recorded_as_of: str | None = None, *,
         policy: AlertPolicy | None = None) -> dict[str, Any]:
    """One subject in detail, with `missing`: what its next transition still needs, and
    `needs`: the same with label, § and roles. `as_of` and `recorded_as_of` as in
    `snapshot`; deadlines carry their alert level (`policy`)."""
    with app.read() as reader:
        sid = resolve_subject_id(reader, text)
    snap = snapshot(app, as_of, recorded_as_of, policy=policy)
    if sid not in snap.subjects:
        from engine.errors import SubjectNotFound

        msg = _("{sid} was not yet recorded at {recorded_as_of}").format(
                  sid=sid, recorded_as_of=local_text(recorded_as_of))
        raise SubjectNotFound(msg)
    return snap.detail(snap.subjects[sid])


def history(app: App, subject: str | None = None, since: str | None = None,
            until: str | None = None, actor: str | None = None,
            types: Sequence[str] = (),
            as_of: str | None = None) -> tuple[list[ev.StoredEvent], tuple[int, str]]:
    """The decision history, oldest first, and the log's head (seq, hash) as it stood
    at `until` (the head an auditor kept that day), or now.

    Filters combine: one subject, a recorded-time window, one actor, event types
    (``EvidenceRecorded`` or ``evidence-recorded``), and `as_of`, a business-time
    cut-off (what had happened by then).

    Raises:
        InvalidInputError: an unknown event type.
    """
    wanted = [event_type(t) for t in types]
    with app.uow(write=False) as uow:
        sid = resolve_subject_id(uow, subject) if subject else None
        found = uow.events.matching(subject=sid, since=since, until=until, actor=actor,
                                    types=wanted, occurred_until=as_of)
        return found, uow.events.head_at(until)


def event_type(text: str) -> str:
    """The event type a user means: its name in any case, with or without dashes.

    Raises:
        InvalidInputError: no event type has that name.
    """
    key = text.replace("-", "").replace("_", "").casefold()
    for t in ev.EVENT_TYPES:
        if t.casefold() == key:
            return t
    msg = _("unknown event type {text!r}; types are {ev_event_types}").format(
              text=text, ev_event_types=', '.join(ev.EVENT_TYPES))
    raise InvalidInputError(msg)


def actors(app: App) -> list[dict[str, Any]]:
    """Registered actors with the roles they hold and the bodies they sit in (§5.4, §5.8)."""
    bodies = app.definition.bodies
    with app.uow(write=False) as uow:
        return [{"name": a.name, "roles": list(a.roles), "scope": a.scope,
                 "bodies": [b.id for b in bodies.values() if b.role in a.roles]}
                for a in uow.actors.all()]
