"""`workflow validate`'s check of the `[guards.NAME]` tables, each problem at its line (pure).

Split from `validation.py` for size; the loader's own check is
`guard_params.guard_param_problems`, which judges the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.domain.guard_params import (
    DECLARABLE,
    GUARD_PARAMS,
    declared_kind,
    lacking,
    params_of,
    unknown_evidence,
    value_problem,
)
from engine.i18n import _

if TYPE_CHECKING:
    from engine.domain.validation import _Check


def guard_tables(raw: Mapping[str, Any]) -> dict[str, Any]:
    tables = raw.get("guards", {})
    return tables if isinstance(tables, dict) else {}


def check_guard_params(c: _Check, raw: Mapping[str, Any], guard_names: frozenset[str]) -> None:
    """`[guards.NAME]` parameters: a known guard, or one declared with a calendar `kind`;
    known parameters of the right kind (declared evidence keys, weeks, months, days,
    dates); a guard that needs parameters has them."""
    keys = {e.get("key") for e in raw.get("evidence", ()) if isinstance(e, dict)}
    params = guard_tables(raw)
    for name, table in params.items():
        span = c.wf.section(f"guards.{name}")
        table = table if isinstance(table, dict) else {}
        if name not in guard_names and "kind" in table:
            if declared_kind(name, params) is None:
                c.wf_add(c.wf.key("kind", span), _("[guards.{name}] kind must be one of "
                                                   "{kinds}, not {kind!r}").format(
                    name=name, kinds=", ".join(DECLARABLE), kind=table["kind"]))
                continue
        elif name not in guard_names:
            c.wf_add(span[0], _("[guards.{name}] parameterises unknown guard {name!r}").format(
                name=name))
            continue
        allowed = GUARD_PARAMS.get(name, {}) if name in guard_names else params_of(name, params)
        for param, value in table.items():
            kind = allowed.get(param)
            if kind is None:
                c.wf_add(c.wf.key(param, span), _("[guards.{name}] has unknown parameter "
                                                  "{param!r}").format(name=name, param=param))
            elif unknown_evidence(kind, value, keys):
                c.wf_add(c.wf.key(param, span), _("[guards.{name}] {param} names unknown "
                                                  "evidence key {key!r}").format(
                    name=name, param=param, key=value))
            elif (problem := value_problem(kind, value)) is not None:
                c.wf_add(c.wf.key(param, span), _("[guards.{name}] {param}: {problem}").format(
                    name=name, param=param, problem=problem))
    for i, t in enumerate(raw.get("transitions", ())):
        for g in (t.get("guards", ()) if isinstance(t, dict) else ()):
            if (needed := lacking(g, params)) is not None:
                c.wf_add(c.wf.value(g, c.wf.table("transitions", i)),
                         _("guard {guard!r} needs its {param} in [guards.{guard}]").format(
                             guard=g, param=needed))
