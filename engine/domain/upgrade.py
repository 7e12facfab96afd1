"""Moving running subjects to a new version of their workflow definition.

The directive went from v1.0 to v3.0 while the work ran; a definition changes
the same way. A new version says in its `[upgrade]` table what became of the
ids it no longer declares (`phases = { old = "new" }`, `evidence = { old =
"new" }`). `plan` works out, from the subjects as they stand, what the move
does to each: its phase, the evidence it recorded under a renamed key, the
evidence keys that disappear, its planned dates of a phase that is gone. A
subject standing in a phase the new version has no more, and that the
`[upgrade]` table does not map, stops the move: nobody can tell where it is.

Each change is recorded as one event per changed subject, whose payload says
exactly what moved (`migrate` folds it), so replay needs no definition to
rebuild the state and checks every other event under the version it ran under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.i18n import _

if TYPE_CHECKING:
    from engine.domain.definition import WorkflowDefinition
    from engine.domain.subject import Subject


@dataclass(frozen=True, slots=True)
class Renames:
    """A version's `[upgrade]` table: what the ids of earlier versions became."""

    phases: Mapping[str, str]
    evidence: Mapping[str, str]


def parse_renames(raw: Mapping[str, Any]) -> Renames:
    """The `[upgrade]` table of a parsed workflow file (empty when absent).

    Raises:
        ValueError: it is not a table of `phases` and `evidence`, each mapping text to text.
    """
    table = raw.get("upgrade", {})
    if not isinstance(table, Mapping) or set(table) - {"phases", "evidence"}:
        raise ValueError(_("[upgrade] holds only the tables phases and evidence"))
    out = []
    for part in ("phases", "evidence"):
        found = table.get(part, {})
        if not isinstance(found, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
            msg = _("[upgrade] {part} maps old ids to new ids (text = text)").format(part=part)
            raise ValueError(msg)
        out.append(dict(found))
    return Renames(*out)


def rename_problems(renames: Renames, phases: Iterable[str], keys: Iterable[str]) -> list[str]:
    """Every rename whose new id the definition does not declare."""
    known_phases, known_keys = set(phases), set(keys)
    problems = [_("[upgrade] phases maps {old!r} to undeclared phase {new!r}").format(
                    old=old, new=new)
                for old, new in renames.phases.items() if new not in known_phases]
    problems += [_("[upgrade] evidence maps {old!r} to undeclared evidence key {new!r}").format(
                     old=old, new=new)
                 for old, new in renames.evidence.items() if new not in known_keys]
    return problems


@dataclass(frozen=True, slots=True)
class SubjectMove:
    """What the new version does to one subject; `payload` is its event's."""

    subject: str
    #: (old, new) when the subject's own phase changes.
    phase: tuple[str, str] | None
    #: Renamed phases the subject's evidence or planned dates name.
    phases: Mapping[str, str]
    #: Renamed evidence keys the subject recorded.
    evidence: Mapping[str, str]
    #: Recorded evidence keys the new version no longer declares (kept, but no guard asks).
    dropped: tuple[str, ...]
    #: Planned dates of phases that are gone (or whose new phase has a date already).
    unplanned: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.phase or self.phases or self.evidence or self.unplanned)

    def payload(self, old_ref: str, new_ref: str) -> dict[str, Any]:
        return {"from": old_ref, "to": new_ref,
                "phase": list(self.phase) if self.phase else None,
                "phases": dict(self.phases), "evidence": dict(self.evidence),
                "unplanned": list(self.unplanned), "dropped": list(self.dropped)}


@dataclass(frozen=True, slots=True)
class UpgradePlan:
    """The whole move from one version to the next, before anything is written."""

    old_ref: str
    new_ref: str
    moves: tuple[SubjectMove, ...]
    #: Subjects whose phase the new version neither declares nor maps: (subject, phase).
    unmapped: tuple[tuple[str, str], ...]
    #: Subjects the new version no longer declares (a unit with a history cannot go).
    removed: tuple[str, ...]
    #: Subjects the new version declares that the database does not hold yet.
    added: tuple[str, ...]
    removed_phases: tuple[str, ...]
    added_phases: tuple[str, ...]
    removed_keys: tuple[str, ...]
    added_keys: tuple[str, ...]
    renames: Renames

    @property
    def changed(self) -> tuple[SubjectMove, ...]:
        return tuple(m for m in self.moves if m.changed)

    @property
    def blocked(self) -> bool:
        return bool(self.unmapped or self.removed)

    def refusals(self) -> list[str]:
        """Why the move cannot be made, one line each."""
        lines = [_("{subject} stands in phase {phase!r}, which the new definition neither "
                   "declares nor maps ([upgrade] phases)").format(subject=s, phase=p)
                 for s, p in self.unmapped]
        lines += [_("{subject} is not in the new definition: a subject with a history "
                    "cannot be removed").format(subject=s) for s in self.removed]
        return lines


def plan(old: WorkflowDefinition, new: WorkflowDefinition,
         subjects: Iterable[Subject]) -> UpgradePlan:
    """What moving `subjects` from `old` to `new` does (pure; nothing is refused here)."""
    renames = new.renames
    new_phases = set(new.phase_ids())
    new_keys = {e.key for e in new.evidence}
    declared = {"programme", *(w.id for w in new.waves), *(m.id for m in new.municipalities)}
    moves, unmapped, removed, held = [], [], [], set()
    for s in sorted(subjects, key=lambda s: s.id):
        held.add(s.id)
        if s.id not in declared:
            removed.append(s.id)
        phase = _renamed(s.phase, renames.phases, new_phases)
        if phase is None:
            unmapped.append((s.id, s.phase))
            phase = s.phase
        recorded = {e["key"] for e in s.evidence}
        evidence = {k: renames.evidence[k] for k in sorted(recorded)
                    if k in renames.evidence and renames.evidence[k] != k}
        dropped = tuple(sorted(k for k in recorded
                               if k not in evidence and k not in new_keys))
        planned = dict(s.planned or {})
        named = {e["phase"] for e in s.evidence} | set(planned)
        phases = {p: renames.phases[p] for p in sorted(named)
                  if p in renames.phases and renames.phases[p] != p}
        unplanned = tuple(sorted(
            k for k in planned
            if (k not in phases and k not in new_phases)
            or (k in phases and phases[k] in planned)))
        moves.append(SubjectMove(s.id, (s.phase, phase) if phase != s.phase else None,
                                 phases, evidence, dropped, unplanned))
    old_keys = {e.key for e in old.evidence}
    renamed_keys = set(renames.evidence)
    return UpgradePlan(
        old.ref, new.ref, tuple(moves), tuple(unmapped), tuple(removed),
        tuple(sorted(declared - held)),
        tuple(p for p in old.phase_ids() if p not in new_phases),
        tuple(p for p in new.phase_ids() if p not in set(old.phase_ids())),
        tuple(sorted(old_keys - new_keys - renamed_keys)),
        tuple(sorted(new_keys - old_keys - set(renames.evidence.values()))),
        renames)


def _renamed(phase: str, renames: Mapping[str, str], declared: set[str]) -> str | None:
    if phase in renames:
        return renames[phase]
    return phase if phase in declared else None


def migrate(fields: Mapping[str, Any], payload: Mapping[str, Any]) -> dict[str, Any]:
    """The changes a SubjectMigrated (or WorkflowUpgraded) payload makes to a subject's
    fields: its phase, renamed evidence keys (the old key kept as `was`), renamed
    phases in its evidence and planned dates, and the planned dates that go, exactly
    as the payload lists them (replay needs no definition for it)."""
    phases = payload.get("phases") or {}
    keys = payload.get("evidence") or {}
    evidence = []
    for e in fields["evidence"]:
        entry = {**e, "phase": phases.get(e["phase"], e["phase"])}
        if e["key"] in keys:
            entry["key"], entry["was"] = keys[e["key"]], e["key"]
        evidence.append(entry)
    planned = fields.get("planned")
    if planned is not None:
        gone = set(payload.get("unplanned") or ())
        planned = {phases.get(k, k): v for k, v in planned.items() if k not in gone}
    moved = payload.get("phase")
    return {"phase": moved[1] if moved else fields["phase"], "evidence": tuple(evidence),
            "planned": planned}
