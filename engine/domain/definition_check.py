"""Replay checks each event under the definition version it ran under.

Every event names its definition (`name@hash`). Replay applies recorded
events without running a guard again, but an event whose facts its own
definition does not know (an advance along a transition it does not declare,
evidence under a key it does not declare, a subject created in a phase it does
not have) was not written by that definition: someone changed the log or the
kept definition. A move to a new version is checked on both sides: the subject
left a phase of the old version and stands in one of the new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.domain import events as ev
from engine.domain.definition import WorkflowDefinition
from engine.errors import DefinitionError
from engine.i18n import _


@dataclass(frozen=True, slots=True)
class Rules:
    """What one definition version declares, as sets for a check per event."""

    ref: str
    digest: str
    phases: frozenset[str]
    transitions: frozenset[tuple[str, str]]
    keys: frozenset[str]

    @classmethod
    def of(cls, d: WorkflowDefinition) -> Rules:
        return cls(d.ref, d.digest, frozenset(d.phase_ids()),
                   frozenset((t.source, t.dest) for t in d.transitions),
                   frozenset(e.key for e in d.evidence))


#: The event types whose facts a definition declares.
CHECKED = frozenset({ev.SUBJECT_CREATED, ev.SUBJECT_ADVANCED, ev.EVIDENCE_RECORDED,
                     ev.SUBJECT_MIGRATED, ev.WORKFLOW_UPGRADED})


class DefinitionCheck:
    """Checks events against the rules of the version each names; versions the database
    does not keep (a database made before versions were kept) are not checked."""

    def __init__(self, versions: Mapping[str, WorkflowDefinition]) -> None:
        self._rules = {ref: Rules.of(d) for ref, d in versions.items()}
        #: Per version, for a replay's inline check of its most frequent events.
        self.keys = {ref: r.keys for ref, r in self._rules.items()}
        self.transitions = {ref: r.transitions for ref, r in self._rules.items()}

    def problem(self, type_: str, workflow: str, payload: Mapping[str, Any],
                phase_before: str | None) -> str | None:
        """Why the event does not hold under its definition, or None."""
        rules = self._rules.get(workflow)
        if rules is None:
            return None
        p = payload
        if type_ == ev.SUBJECT_CREATED:
            if p.get("phase") not in rules.phases:
                return _("phase {phase!r} is not declared").format(phase=p.get("phase"))
            return self._digest(rules, p)
        if type_ == ev.SUBJECT_ADVANCED and (p["from"], p["to"]) not in rules.transitions:
            return _("no transition {source} → {dest} is declared").format(
                source=p["from"], dest=p["to"])
        if type_ == ev.EVIDENCE_RECORDED and p["key"] not in rules.keys:
            return _("evidence key {key!r} is not declared").format(key=p["key"])
        if type_ in (ev.SUBJECT_MIGRATED, ev.WORKFLOW_UPGRADED):
            return self._move(rules, p, phase_before)
        return None

    def _move(self, rules: Rules, p: Mapping[str, Any], phase_before: str | None) -> str | None:
        if p.get("to") != rules.ref:
            return _("it moves to {to}, but was written under {ref}").format(
                to=p.get("to"), ref=rules.ref)
        if (wrong := self._digest(rules, p)) is not None:
            return wrong
        old = self._rules.get(p.get("from", ""))
        now = p["phase"][1] if p.get("phase") else phase_before
        if old is not None and phase_before is not None and phase_before not in old.phases:
            return _("phase {phase!r} is not declared by {ref}").format(
                phase=phase_before, ref=old.ref)
        if now is not None and now not in rules.phases:
            return _("phase {phase!r} is not declared").format(phase=now)
        return None

    @staticmethod
    def _digest(rules: Rules, p: Mapping[str, Any]) -> str | None:
        """The kept version against the full hash an event recorded (the programme's
        creation at `init`, an upgrade's decision), when it recorded one."""
        if p.get("digest") not in (None, rules.digest):
            return _("the kept {ref} hashes to {found}, not to the {digest} it was decided "
                     "with").format(ref=rules.ref, found=rules.digest, digest=p["digest"])
        return None


def versions_of(kept: Mapping[str, str], current: WorkflowDefinition,
                build: Callable[[str], WorkflowDefinition]) -> tuple[
                    dict[str, WorkflowDefinition], list[str]]:
    """Every kept version built from its sources, and what is wrong with the kept ones:
    sources that no longer hash to the `name@hash` they are kept under."""
    versions = {current.ref: current}
    problems = []
    for ref, sources in sorted(kept.items()):
        try:
            d = build(sources)
        except (DefinitionError, ValueError, KeyError, TypeError) as e:
            problems.append(_("the kept definition {ref} cannot be read: {e}").format(ref=ref, e=e))
            continue
        if d.ref != ref:
            problems.append(_("the kept definition {ref} was altered: its sources hash to "
                              "{found}").format(ref=ref, found=d.ref))
            continue
        versions[ref] = d
    return versions, problems
