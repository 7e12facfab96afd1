"""Which guards take parameters in `[guards.NAME]`, what each names, and their checks (pure).

A calendar guard may also be declared under a name of the workflow's own:
`[guards.no-christmas-cutover] kind = "outside-freeze"` with that kind's
parameters, and then named in transitions like a built-in guard, so two
transitions can have two different freezes. Shared by the loader
(`definition.py`, first problem) and `workflow validate` (`validation.py`, every
problem with its line), so both judge the data alike.
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
#: The guard kinds a workflow may declare under its own names (`kind = …`).
DECLARABLE = tuple(CALENDAR_PARAMS)


def declared_kind(name: str, tables: Mapping[str, Any]) -> str | None:
    """The calendar kind `[guards.NAME] kind = …` declares for `name`, if it is one."""
    table = tables.get(name)
    kind = table.get("kind") if isinstance(table, Mapping) else None
    return kind if kind in DECLARABLE else None


def guard_kind(name: str, tables: Mapping[str, Any]) -> str:
    """The built-in guard that judges `name`: itself, or the kind it is declared as."""
    return declared_kind(name, tables) or name


def known(name: str, guard_names: Collection[str], tables: Mapping[str, Any]) -> bool:
    """Whether a transition may name `name`: a built-in guard or one the data declares."""
    return name in guard_names or declared_kind(name, tables) is not None


def params_of(name: str, tables: Mapping[str, Any]) -> Mapping[str, str]:
    """The parameters `[guards.NAME]` may hold (with `kind` for a declared guard)."""
    kind = declared_kind(name, tables)
    if kind is None:
        return GUARD_PARAMS.get(name, {})
    return {"kind": "kind", **CALENDAR_PARAMS[kind]}


def value_problem(kind: str, value: Any) -> str | None:
    """What is wrong with a parameter value of `kind`, or None (an `evidence` value is
    checked against the declared keys by `unknown_evidence`)."""
    return param_problem(kind, value)


def lacking(name: str, tables: Mapping[str, Any]) -> str | None:
    """The parameter a transition's guard `name` needs and `[guards.NAME]` lacks, or None.

    A calendar guard needs one of its parameters at least (`weeks, months or
    periods`); any other guard needs each of its own.
    """
    table = tables.get(name)
    params = table if isinstance(table, Mapping) else {}
    kind = guard_kind(name, tables)
    if kind in CALENDAR_PARAMS:
        return missing_params(kind, params)
    return next((p for p in GUARD_PARAMS.get(name, {}) if p not in params), None)


def unknown_evidence(kind: str, value: Any, keys: Collection[Any]) -> bool:
    return kind == "evidence" and value not in keys


def guard_param_problems(tables: Mapping[str, Mapping[str, Any]], used: Collection[str],
                         keys: Collection[str], guard_names: Collection[str]) -> list[str]:
    """The loader's check of `[guards.NAME]` (`definition.py` fails on the first): a known
    or declared guard, known parameters of the right kind, and every used guard's own."""
    found: list[str] = []
    for name, params in tables.items():
        if name not in guard_names and "kind" in params:
            if declared_kind(name, tables) is None:
                found.append(f"[guards.{name}] kind must be one of {', '.join(DECLARABLE)}, "
                             f"not {params['kind']!r}")
                continue
        elif name not in guard_names:
            found.append(f"[guards.{name}] parameterises unknown guard {name!r}")
            continue
        allowed = GUARD_PARAMS.get(name, {}) if name in guard_names else params_of(name, tables)
        for param, value in params.items():
            kind = allowed.get(param)
            if kind is None:
                found.append(f"[guards.{name}] has unknown parameter {param!r}")
            elif unknown_evidence(kind, value, keys):
                found.append(f"[guards.{name}] {param} names unknown evidence key {value!r}")
            elif (problem := value_problem(kind, value)) is not None:
                found.append(f"[guards.{name}] {param}: {problem}")
    found.extend(f"guard {name!r} needs [guards.{name}] {needed} = …" for name in sorted(used)
                 if (needed := lacking(name, tables)) is not None)
    return found
