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
    if "acceptance decided" in entry or "final acceptance" in entry:
        state = m.group(1) if (m := re.search(r"\(now: (\w+)\)", entry)) else "none"
        return d.permissions.get(_ACCEPTANCE_NEXT.get(state, "decide-accept"), ())
    if "go-live decision" in entry:
        return d.permissions.get("decide-go-live", ())
    if "paused" in entry:
        return d.permissions.get("resume", ())
    if "goes live together" in entry:
        return d.permissions.get("advance-go-live", d.permissions.get("advance", ()))
    return d.permissions.get("advance", ())
