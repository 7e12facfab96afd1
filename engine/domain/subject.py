"""Subject state and the pure fold `apply(state, event)` used by services and replay."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from engine.domain import events as ev
from engine.domain.upgrade import migrate
from engine.errors import LedgerIntegrityError
from engine.i18n import _


@dataclass(frozen=True, slots=True)
class Subject:
    """Anything that moves through phases: the programme, a wave or a municipality.

    Municipalities keep no planned dates of their own: they inherit their
    wave's, moved by `offset_days` when the municipality alone was paused.
    """

    id: str
    kind: str
    name: str
    phase: str
    version: int = 0
    code: str | None = None
    wave: str | None = None
    federation: str | None = None
    area: str | None = None
    variant: str | None = None
    number: int = 0
    last: bool = False
    paused: bool = False
    paused_at: str | None = None
    pause_reason: str | None = None
    planned: Mapping[str, str] | None = None
    offset_days: int = 0
    acceptance: str = "none"
    evidence: tuple[Mapping[str, Any], ...] = ()
    decisions: tuple[Mapping[str, Any], ...] = ()
    deadlines: tuple[Mapping[str, Any], ...] = ()

    @property
    def own_deadlines(self) -> int:
        """How many deadlines of its own (fix-by dates, R6) the subject has open."""
        return sum(1 for d in self.deadlines if d.get("open"))

    def recorded_keys(self, phase: str) -> frozenset[str]:
        """Evidence keys recorded while the subject was in `phase`."""
        return frozenset(e["key"] for e in self.evidence if e["phase"] == phase)

    def to_dict(self) -> dict[str, Any]:
        # Shallow on purpose: the nested values are plain JSON data already, and
        # `asdict` deep-copied the growing evidence list on every write.
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Subject:
        d = dict(data)
        for name in ("evidence", "decisions", "deadlines"):
            d[name] = tuple(d.get(name, ()))
        return cls(**d)


_FIELDS: tuple[str, ...] = Subject.__slots__
_new = object.__new__
_set = object.__setattr__


def _evolve(state: Subject, version: int, **changes: Any) -> Subject:
    """A copy of `state` at `version` with `changes`: `dataclasses.replace` without its
    per-call field introspection, which dominated replay."""
    copy = _new(Subject)
    for name in _FIELDS:
        _set(copy, name, changes[name] if name in changes else getattr(state, name))
    _set(copy, "version", version)
    return copy


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _record(decision: str, event: ev.StoredEvent) -> dict[str, Any]:
    """A decision as a subject lists it: what, by whom, in which capacity, when (R11, R13)."""
    return {"decision": decision, **event.payload, "actor": event.actor, "role": event.role,
            "body": event.body, "occurred_at": event.occurred_at,
            "recorded_at": event.recorded_at, "seq": event.seq}


def apply(state: Subject | None, event: ev.StoredEvent) -> Subject:
    """Fold one recorded event into a subject's state. Never re-checks a rule.

    Raises:
        LedgerIntegrityError: the event cannot follow the state (a broken stream).
    """
    p = event.payload
    if event.type == ev.SUBJECT_CREATED:
        if state is not None:
            msg = _("{event_subject}: created twice (event {event_seq})").format(
                      event_subject=event.subject, event_seq=event.seq)
            raise LedgerIntegrityError(msg, event.seq)
        fields = {k: v for k, v in p.items() if k in Subject.__slots__}
        return Subject(id=event.subject, version=event.version, **fields)
    if state is None:
        msg = _("{event_subject}: {event_type} before SubjectCreated (event {event_seq})").format(
                  event_subject=event.subject, event_type=event.type, event_seq=event.seq)
        raise LedgerIntegrityError(msg, event.seq)
    s = state
    v = event.version
    t = event.type
    if t == ev.EVIDENCE_RECORDED:
        entry = {
            "key": p["key"], "phase": p["phase"], "value": p.get("value"), "ref": p.get("ref"),
            "note": p.get("note"), "actor": event.actor, "role": event.role,
            "recorded_at": event.recorded_at, "seq": event.seq,
        }
        if event.occurred_at != event.recorded_at:
            # Entered afterwards (`--at`). Only then: evidence recorded before business time
            # existed keeps the stored shape, so replaying an older database matches.
            entry["occurred_at"] = event.occurred_at
        return _evolve(s, v, evidence=(*s.evidence, entry))
    if t == ev.SUBJECT_ADVANCED:
        return _evolve(s, v, phase=p["to"])
    if t == ev.DECISION_RECORDED:
        record = _record(p["decision"], event)
        status = {"prepare": "prepared", "accept": "accepted", "reject": "rejected"}
        deadlines = s.deadlines
        if p["decision"] == "reject" and p.get("fix_by"):
            deadlines = (*deadlines, {"id": f"fix-by-{event.seq}", "kind": "fix-by",
                                      "due_on": p["fix_by"], "open": True})
        if p["decision"] == "accept":
            deadlines = tuple({**d, "open": False} if d["kind"] == "fix-by" else d
                              for d in deadlines)
        return _evolve(s, v, decisions=(*s.decisions, record),
                       acceptance=status.get(p["decision"], s.acceptance), deadlines=deadlines)
    if t == ev.RETEST_RECORDED:
        # The retest confirms the supplier's fixes: the fix-by deadline is met (R6).
        deadlines = tuple({**d, "open": False} if d["kind"] == "fix-by" else d
                          for d in s.deadlines)
        return _evolve(s, v, decisions=(*s.decisions, _record("retest", event)),
                       acceptance="retested", deadlines=deadlines)
    if t == ev.SUBJECT_PAUSED:
        return _evolve(s, v, paused=True, paused_at=event.occurred_at, pause_reason=p.get("reason"),
                       decisions=(*s.decisions, _record("pause", event)))
    if t == ev.SUBJECT_RESUMED:
        return _evolve(s, v, paused=False, paused_at=None, pause_reason=None,
                       decisions=(*s.decisions, _record("resume", event)))
    if t == ev.DATE_REPLANNED:
        planned = dict(s.planned or {})
        planned[p["phase"]] = p["to"]
        return _evolve(s, v, planned=planned, decisions=(*s.decisions, _record("replan", event)))
    if t == ev.DEADLINES_SHIFTED:
        days = int(p["days"])
        if s.kind == "municipality":
            return _evolve(s, v, offset_days=s.offset_days + days)
        phases = set(p.get("phases", ()))
        planned = {k: (_shift(v, days) if k in phases else v) for k, v in (s.planned or {}).items()}
        deadlines = tuple({**d, "due_on": _shift(d["due_on"], days)} if d.get("open") else d
                          for d in s.deadlines)
        return _evolve(s, v, planned=planned, deadlines=deadlines)
    if t == ev.ALERT_FIRED:
        return _evolve(s, v)
    if t in (ev.SUBJECT_MIGRATED, ev.WORKFLOW_UPGRADED):
        moved = migrate(s.to_dict(), p)
        if t == ev.WORKFLOW_UPGRADED:
            moved["decisions"] = (*s.decisions, _record("workflow-upgrade", event))
        return _evolve(s, v, **moved)
    if t == ev.REPORT_ISSUED:
        # §7.1 cadence: the next report to this recipient is a deadline on the alert ladder;
        # issuing one replaces the recipient's previous deadline.
        kind = f"report:{p['recipient']}"
        kept = tuple(d for d in s.deadlines if d["kind"] != kind)
        return _evolve(s, v, deadlines=(*kept, {"id": kind, "kind": kind,
                                                "due_on": p["next_due"], "open": True}))
    msg = _("{event_subject}: unknown event type {t!r} (event {event_seq})").format(
              event_subject=event.subject, t=t, event_seq=event.seq)
    raise LedgerIntegrityError(msg, event.seq)
