"""A mutable fold of subjects for replay: the same subjects as `subject.apply`, cheaper.

`apply` returns a new frozen `Subject` for every event, which the services
need (a command's before and after) but replay does not: it folds a million
events to compare the end. Here each subject is a plain dict of its fields
while the log is folded; the events that make up nearly every log (evidence,
advances, fired alerts, a municipality's shifted deadlines) change that dict
in place, and every other event, and every event the fast handlers cannot
take, goes through `apply` itself. `tests/unit/domain/test_subject_fold.py`
proves the two folds equal over random event streams (hypothesis).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.domain import events as ev
from engine.domain.subject import Subject, apply

_LISTS = ("evidence", "decisions", "deadlines")
Fields = dict[str, Any]
_Handler = Callable[[Fields, Mapping[str, Any], tuple[Any, ...]], None]


def _evidence(d: Fields, p: Mapping[str, Any], e: tuple[Any, ...]) -> None:
    seq, actor, role, occurred_at, recorded_at = e
    entry = {"key": p["key"], "phase": p["phase"], "value": p.get("value"),
             "ref": p.get("ref"), "note": p.get("note"), "actor": actor, "role": role,
             "recorded_at": recorded_at, "seq": seq}
    if occurred_at != recorded_at:
        entry["occurred_at"] = occurred_at
    d["evidence"].append(entry)


def _advanced(d: Fields, p: Mapping[str, Any], e: tuple[Any, ...]) -> None:
    d["phase"] = p["to"]


def _alert(d: Fields, p: Mapping[str, Any], e: tuple[Any, ...]) -> None:
    return None


def _shifted(d: Fields, p: Mapping[str, Any], e: tuple[Any, ...]) -> None:
    if d["kind"] != "municipality":
        raise _Plain  # planned dates and deadlines move: the plain fold does that
    d["offset_days"] = d["offset_days"] + int(p["days"])


class _Plain(Exception):
    """This event is for `apply`."""


_FAST: dict[str, _Handler] = {
    ev.EVIDENCE_RECORDED: _evidence, ev.SUBJECT_ADVANCED: _advanced, ev.ALERT_FIRED: _alert,
    ev.DEADLINES_SHIFTED: _shifted,
}


def fields_of(s: Subject) -> Fields:
    d = s.to_dict()
    for name in _LISTS:
        d[name] = list(d[name])
    return d


def frozen(d: Fields) -> Subject:
    return Subject.from_dict(d)


class SubjectFold:
    """Every subject's fields while a log is folded in order; `subjects()` freezes them."""

    def __init__(self) -> None:
        self.states: dict[str, Fields] = {}

    def version(self, sid: str) -> int | None:
        d = self.states.get(sid)
        return None if d is None else int(d["version"])

    def apply(self, seq: int, sid: str, version: int, type_: str, actor: str, role: str,
              body: str | None, occurred_at: str, recorded_at: str, payload: Any) -> None:
        """Fold one event (its stored fields, the payload decoded), as `subject.apply` would.

        Raises:
            LedgerIntegrityError, KeyError, TypeError, ValueError, AttributeError: exactly
                what `subject.apply` raises for this event (the state is then unchanged).
        """
        d = self.states.get(sid)
        if d is not None and type(payload) is dict:
            handler = _FAST.get(type_)
            if handler is not None:
                try:
                    handler(d, payload, (seq, actor, role, occurred_at, recorded_at))
                except (_Plain, KeyError, TypeError, ValueError, AttributeError):
                    pass  # the plain fold decides, and raises its own error if there is one
                else:
                    d["version"] = version
                    return
        e = ev.StoredEvent(seq, sid, version, type_, actor, role, body, occurred_at,
                           recorded_at, payload)
        self.states[sid] = fields_of(apply(None if d is None else frozen(d), e))

    def subjects(self) -> dict[str, Subject]:
        return {sid: frozen(d) for sid, d in self.states.items()}
