"""What replay rebuilds from the log alone: every subject, actor, key and risk.

The fold applies recorded events and never runs a guard again (STYLE.md §4);
each subject event is also checked under the definition version it names
(`domain/definition_check.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.domain import events as ev
from engine.domain.actors import ActorState, apply_actor
from engine.domain.definition_check import CHECKED, DefinitionCheck
from engine.domain.risks import Risk, apply_risk
from engine.domain.subject import Subject
from engine.domain.subject_fold import SubjectFold, fields_of
from engine.errors import LedgerIntegrityError
from engine.i18n import _
from engine.ledger.chain import GENESIS
from engine.ledger.codec import load_payload
from engine.ledger.verify import Problem

UNREPLAYABLE = "unreplayable"
#: An event its own definition version does not allow, or a kept version altered.
UNDEFINED = "definition"


@dataclass
class Replayed:
    """Everything replay rebuilds: subjects, actors, and the last event of each stream."""

    subjects: dict[str, Subject] = field(default_factory=dict)
    actors: dict[str, ActorState] = field(default_factory=dict)
    #: The workflow's `legacy_roles`, for actors registered with one role (see `apply_actor`).
    legacy_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    risks: dict[str, Risk] = field(default_factory=dict)
    last_seq: dict[str, int] = field(default_factory=dict)
    #: Actors' keys by key id, as the KeyRegistered and KeyRevoked events make them.
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    events: int = 0
    head: tuple[int, str] = (0, GENESIS)
    #: A business-time cut leaves out later-occurring events (an alert fired before a
    #: decision entered afterwards), so stream versions may skip there: not a fault.
    versions_contiguous: bool = True
    #: Checks each subject event under the definition version it names.
    check: DefinitionCheck | None = None

    def fold(self, rows: Iterable[Any]) -> Replayed:
        """Apply every recorded event with the domain's fold (no guard runs again): subjects
        with `SubjectFold`, proven equal to `subject.apply`, the other streams with theirs."""
        last_seq = self.last_seq
        subjects = SubjectFold()
        states = subjects.states
        states.update((sid, fields_of(s)) for sid, s in self.subjects.items())
        key_types = (ev.KEY_REGISTERED, ev.KEY_REVOKED)
        check = self.check
        # The two kinds of event nearly every log is made of are checked inline, by a set
        # lookup; the rare others, and any that fails, by `DefinitionCheck.problem`.
        keys_of = check.keys if check is not None else {}
        transitions_of = check.transitions if check is not None else {}
        evidence, advanced = ev.EVIDENCE_RECORDED, ev.SUBJECT_ADVANCED
        for r in rows:
            self.events += 1
            seq, sid, type_ = r[0], r[1], r[3]
            self.head = (seq, r[12])
            try:
                payload = load_payload(r[10])
                if ":" not in sid and type_ not in key_types:  # a subject's stream
                    state = states.get(sid)
                    before = None if state is None else state["version"]
                    if (self.versions_contiguous and before is not None
                            and r[2] != before + 1):
                        msg = (_("{sid}: event #{seq} has version {version}, after version "
                                 "{before_version}").format(
                                   sid=sid, seq=seq, version=r[2], before_version=before))
                        raise LedgerIntegrityError(msg, seq)
                    if check is not None and type_ in CHECKED:
                        if type_ == evidence:
                            known = keys_of.get(r[7])
                            fine = known is None or payload.get("key") in known
                        elif type_ == advanced:
                            moves = transitions_of.get(r[7])
                            fine = moves is None or (payload.get("from"),
                                                     payload.get("to")) in moves
                        else:
                            fine = False
                        if not fine:
                            self._under_definition(seq, sid, type_, r[7], payload, state)
                    subjects.apply(seq, sid, r[2], type_, r[4], r[5], r[6], r[8], r[9],
                                   payload)
                else:
                    self._other(ev.StoredEvent(seq, sid, r[2], type_, r[4], r[5], r[6], r[8],
                                               r[9], payload, r[12]))
            except (LedgerIntegrityError, KeyError, TypeError, ValueError, AttributeError) as x:
                self.problems.append(Problem(seq, UNREPLAYABLE, f"event #{seq} cannot be "
                                             f"replayed: {x}"))
                continue
            last_seq[sid] = seq
        self.subjects = subjects.subjects()
        return self

    def _under_definition(self, seq: int, sid: str, type_: str, workflow: str,
                          payload: Any, state: Mapping[str, Any] | None) -> None:
        assert self.check is not None
        why = self.check.problem(type_, workflow, payload,
                                 None if state is None else state["phase"])
        if why is not None:
            self.problems.append(Problem(seq, UNDEFINED, _(
                "event #{seq} ({sid} {type}) does not hold under its definition {ref}: {why}"
            ).format(seq=seq, sid=sid, type=type_, ref=workflow, why=why),
                {"subject": sid}))

    def _other(self, e: ev.StoredEvent) -> None:
        """An actor's, a key's or a risk's event."""
        sid = e.subject
        if sid.startswith(ev.ACTOR_STREAM_PREFIX):
            name = sid[len(ev.ACTOR_STREAM_PREFIX):]
            self.actors[name] = apply_actor(self.actors.get(name), e, self.legacy_roles)
        elif e.type in (ev.KEY_REGISTERED, ev.KEY_REVOKED):
            self._key(e)
        elif ev.is_risk_stream(sid):
            self.risks[sid] = apply_risk(self._next(self.risks.get(sid), e), e)

    def _key(self, e: ev.StoredEvent) -> None:
        p = e.payload
        if e.type == ev.KEY_REGISTERED:
            self.keys[p["key_id"]] = {
                "actor": p["actor"], "public_key": p["public_key"], "registered_seq": e.seq,
                "registered_at": e.recorded_at, "revoked_seq": None, "revoked_at": None,
                "reason": None}
        elif (key := self.keys.get(p["key_id"])) is not None:
            key.update(revoked_seq=e.seq, revoked_at=e.recorded_at, reason=p.get("reason"))

    def _next(self, before: Risk | None, e: ev.StoredEvent) -> Risk | None:
        """`before`, once the event is shown to continue its stream."""
        if self.versions_contiguous and before is not None and e.version != before.version + 1:
            msg = f"{e.subject}: event #{e.seq} has version {e.version}, after {before.version}"
            raise LedgerIntegrityError(msg, e.seq)
        return before
