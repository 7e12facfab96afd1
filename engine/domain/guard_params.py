"""Which guards take parameters in `[guards.NAME]`, what each names, and their checks (pure).

Shared by the loader (`definition.py`, first problem) and `workflow validate`
(`validation.py`, every problem with its line), so both judge the data alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from engine.domain.calendar_rules import CALENDAR_PARAMS, missing_params, param_problem

#: Guards that take parameters in `[guards.NAME]`, and the kind of value each takes:
#: `evidence` names a declared evidence key; the calendar kinds are in `calendar_rules`.
GUARD_PARAMS: Mapping[str, Mapping[str, str]] = {
    "previous-wave-lessons": {"key": "evidence"},
    **CALENDAR_PARAMS,
}


def value_problem(kind: str, value: Any) -> str | None:
    """What is wrong with a parameter value of `kind` other than `evidence`, or None."""
    return param_problem(kind, value)


def lacking(name: str, params: Mapping[str, Any]) -> str | None:
    """The parameter a transition's guard `name` needs and `params` lacks, or None.

    A calendar guard needs one of its parameters at least (`weeks, months or
    periods`); any other guard needs each of its own.
    """
    if name in CALENDAR_PARAMS:
        return missing_params(name, params)
    return next((p for p in GUARD_PARAMS.get(name, {}) if p not in params), None)


def unknown_evidence(kind: str, value: Any, keys: Collection[Any]) -> bool:
    return kind == "evidence" and value not in keys
