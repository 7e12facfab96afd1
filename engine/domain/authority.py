"""Who may record what a subject still misses (`etapp show`): the roles behind each gap.

A refusal names what is missing; the programme office also asks who can
supply it. Each `missing` entry of the guards is read back to the permission
or evidence key it stands for, and answered with the roles the definition
lists for it (§5, the decision authority as data).
"""

from __future__ import annotations

import re

from engine.domain.definition import WorkflowDefinition

#: The next acceptance step after each acceptance state (R5, R6) and its permission.
_ACCEPTANCE_NEXT = {"none": "decide-prepare", "retested": "decide-prepare",
                    "prepared": "decide-accept", "rejected": "retest", "accepted": "decide-accept"}


def may_record(d: WorkflowDefinition, entry: str) -> tuple[str, ...]:
    """The roles that may record (or do) what one `missing` entry names.

    Args:
        entry: as the guards write it: ``KEY``, ``SUBJECT: KEY``, an acceptance or
            go-live condition, a pause, or a phase another subject must leave first.
    """
    key = entry.split(": ", 1)[1] if ": " in entry else entry
    spec = d.evidence_spec(key.strip())
    if spec is not None:
        return spec.roles
    # The guards' texts in English or Swedish (engine.i18n): match either wording.
    if _says(entry, "acceptance decided", "acceptans beslutad", "final acceptance",
             "acceptansen är inte godkänd"):
        state = _state(entry)
        return d.permissions.get(_ACCEPTANCE_NEXT.get(state, "decide-accept"), ())
    if _says(entry, "go-live decision", "beslut om driftsättning"):
        return d.permissions.get("decide-go-live", ())
    if _says(entry, "paused", "pausad"):
        return d.permissions.get("resume", ())
    if _says(entry, "goes live together", "driftsätts tillsammans"):
        return d.permissions.get("advance-go-live", d.permissions.get("advance", ()))
    return d.permissions.get("advance", ())


def _says(entry: str, *markers: str) -> bool:
    return any(m in entry for m in markers)


def _state(entry: str) -> str:
    """The acceptance state in `(now: STATE)`, also when the text is Swedish (`(nu: ...)`)."""
    from engine.domain.guards import ACCEPTANCE_WORDS
    from engine.i18n import _

    m = re.search(r"\((?:now|nu): ([^)]+)\)", entry)
    if m is None:
        return "none"
    shown = m.group(1).strip()
    return next((k for k, v in ACCEPTANCE_WORDS.items() if shown in (k, _(v))), shown)
