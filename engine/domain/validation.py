"""Check a workflow definition's files and list every problem with its file and line (pure).

`build_definition` stops at the first bad entry, which suits loading; a person
writing a definition wants every problem at once, each where it is written. This
module reads the parsed files the way `build_definition` does, never raising, and
runs `build_definition` itself last, so a check added there (risk, signatures,
governance) still reaches the user, at the workflow file's first line.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from engine.domain.definition import (
    KINDS,
    PROGRAMME_ID,
    VARIANTS,
    build_definition,
    slugify,
)
from engine.domain.escalation import parse_escalation
from engine.domain.escalation import problems as escalation_problems
from engine.domain.guard_checks import check_guard_params, guard_tables
from engine.domain.guard_params import known
from engine.domain.source_lines import SourceLines
from engine.domain.upgrade import parse_renames, rename_problems
from engine.errors import DefinitionError
from engine.i18n import _

UNIT_COLUMNS = ("code", "name", "federation", "area", "wave")


@dataclass(frozen=True, slots=True)
class Sources:
    """A definition directory's three files: names (for messages) and texts."""

    workflow: tuple[str, str]
    waves: tuple[str, str]
    units: tuple[str, str]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


class _Check:
    """Collects problems of one definition; each check appends and carries on."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.problems: list[Problem] = []
        self.wf_name, wf_text = sources.workflow
        self.wv_name, wv_text = sources.waves
        self.wf, self.wv = SourceLines(wf_text), SourceLines(wv_text)

    def add(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    def wf_add(self, line: int, message: str) -> None:
        self.add(self.wf_name, line, message)

    def wv_add(self, line: int, message: str) -> None:
        self.add(self.wv_name, line, message)


def _parse_toml(check: _Check, name: str, text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = int(getattr(e, "lineno", 0) or 0)
        if not line and "line " in str(e):
            line = int(str(e).rsplit("line ", 1)[1].split(",")[0].rstrip(")"))
        check.add(name, line, _("not valid TOML: {error}").format(error=str(e).split(" (at")[0]))
        return None


def _tables(check: _Check, raw: Mapping[str, Any], name: str, fields: Iterable[str],
            file: str, lines: SourceLines, *, inline: str | None = None) -> list[dict[str, Any]]:
    """The entries of array `name` that have every field; the others are reported.

    An entry of an inline array that has its `inline` id is kept all the same, so a
    phase lacking its name is reported once and its id still counts as declared.
    """
    entries = raw.get(name)
    if not isinstance(entries, list) or not entries:
        check.add(file, 1, _("{name}: a non-empty list is required").format(name=name))
        return []
    good = []
    for i, entry in enumerate(entries):
        line = (lines.item(name, inline, str(entry.get(inline)))
                if inline and isinstance(entry, dict) and inline in entry
                else lines.table(name, i)[0])
        if not isinstance(entry, dict):
            check.add(file, line, _("{name}[{i}]: not a table").format(name=name, i=i))
            continue
        lacking = [f for f in fields if f not in entry]
        if lacking:
            check.add(file, line, _("{name}[{i}] lacks {fields}").format(
                name=name, i=i, fields=", ".join(lacking)))
            if not (inline and inline in entry):
                continue
        good.append(entry)
    return good


def _duplicates(ids: list[str]) -> list[tuple[str, int]]:
    """Each id seen before, with the number of its repetition (1 = the second one)."""
    seen: dict[str, int] = {}
    repeats = []
    for i in ids:
        if i in seen:
            repeats.append((i, seen[i] + 1))
        seen[i] = seen.get(i, -1) + 1
    return repeats


def _check_phases(c: _Check, raw: Mapping[str, Any], guard_names: frozenset[str]) -> list[str]:
    phases = _tables(c, raw, "phases", ("id", "name"), c.wf_name, c.wf, inline="id")
    ids = [str(p["id"]) for p in phases]
    for dup, nth in _duplicates(ids):
        c.wf_add(c.wf.item("phases", "id", dup, nth), _("phase {id!r} is declared twice")
                 .format(id=dup))
    transitions = _tables(c, raw, "transitions", ("source", "dest"), c.wf_name, c.wf)
    for i, t in enumerate(transitions):
        span = c.wf.table("transitions", i)
        for end in ("source", "dest"):
            if t[end] not in ids:
                c.wf_add(c.wf.key(end, span), _("transition {source} -> {dest} names unknown "
                                                 "phase {phase!r}").format(
                    source=t["source"], dest=t["dest"], phase=t[end]))
        for g in t.get("guards", ()):
            if not known(g, guard_names, guard_tables(raw)):
                c.wf_add(c.wf.value(g, span), _("transition {source} -> {dest} names unknown "
                                                "guard {guard!r}").format(
                    source=t["source"], dest=t["dest"], guard=g))
    if not ids:
        return ids
    sources = {t["source"] for t in transitions}
    for p in phases:
        final = bool(p.get("final", False))
        if final == (p["id"] in sources):
            msg = (_("phase {id!r} is final but has an exit") if final
                   else _("phase {id!r} is not final but has no exit"))
            c.wf_add(c.wf.item("phases", "id", p["id"]), msg.format(id=p["id"]))
    reachable, frontier = {ids[0]}, [ids[0]]
    while frontier:
        here = frontier.pop()
        for t in transitions:
            if t["source"] == here and t["dest"] not in reachable:
                reachable.add(t["dest"])
                frontier.append(t["dest"])
    for phase_id in ids:
        if phase_id not in reachable:
            c.wf_add(c.wf.item("phases", "id", phase_id),
                     _("phase {id!r} cannot be reached from {first!r}").format(
                         id=phase_id, first=ids[0]))
    return ids


def _check_roles(c: _Check, raw: Mapping[str, Any]) -> set[str]:
    roles = _tables(c, raw, "roles", ("id", "name"), c.wf_name, c.wf, inline="id")
    ids = [str(r["id"]) for r in roles]
    for dup, nth in _duplicates(ids):
        c.wf_add(c.wf.item("roles", "id", dup, nth), _("role {id!r} is declared twice")
                 .format(id=dup))
    known = set(ids)
    span = c.wf.section("permissions")
    for action, names in dict(raw.get("permissions", {})).items():
        for r in names:
            if r not in known:
                c.wf_add(c.wf.key(action, span), _("permission {action!r} names unknown role "
                                                   "{role!r}").format(action=action, role=r))
    bodies = raw.get("bodies", {})
    # `bodies = { id = "role" }`, or `[[bodies]]` tables with a `role` each (governance).
    pairs = (list(bodies.items()) if isinstance(bodies, dict)
             else [(b.get("id", "?"), b.get("role")) for b in bodies if isinstance(b, dict)])
    for i, (body, role) in enumerate(pairs):
        if role not in known:
            line = (c.wf.key(body, c.wf.section("bodies")) if isinstance(bodies, dict)
                    else c.wf.key("role", c.wf.table("bodies", i)))
            c.wf_add(line, _("body {body!r} names unknown role {role!r}").format(
                body=body, role=role))
    return known


def _check_evidence(c: _Check, raw: Mapping[str, Any], phases: list[str],
                    roles: set[str]) -> None:
    fields = ("key", "phase", "kinds", "label", "source", "roles")
    entries = raw.get("evidence")
    if not isinstance(entries, list):
        return
    finals = {p.get("id") for p in raw.get("phases", ()) if isinstance(p, dict)
              and p.get("final")}
    seen: set[str] = set()
    for i, e in enumerate(entries):
        span = c.wf.table("evidence", i)
        lacking = [f for f in fields if not isinstance(e, dict) or f not in e]
        if lacking:
            c.wf_add(span[0], _("evidence[{i}] lacks {fields}").format(
                i=i, fields=", ".join(lacking)))
            continue
        key = e["key"]
        if key in seen:
            c.wf_add(c.wf.key("key", span), _("evidence key {key!r} is declared twice")
                     .format(key=key))
        seen.add(key)
        if e["phase"] not in phases:
            c.wf_add(c.wf.key("phase", span), _("evidence {key!r} names unknown phase "
                                                "{phase!r}").format(key=key, phase=e["phase"]))
        elif e["phase"] in finals:
            c.wf_add(c.wf.key("phase", span), _("evidence {key!r} belongs to final phase "
                                                "{phase!r}, which is never left").format(
                key=key, phase=e["phase"]))
        for field, allowed, msg in (
                ("kinds", KINDS, _("evidence {key!r} names unknown kind {value!r}")),
                ("variants", VARIANTS, _("evidence {key!r} names unknown variant {value!r}")),
                ("roles", roles, _("evidence {key!r} names unknown role {value!r}"))):
            for v in e.get(field, ()):
                if v not in allowed:
                    c.wf_add(c.wf.key(field, span), msg.format(key=key, value=v))


def _check_escalation(c: _Check, raw: Mapping[str, Any], roles: set[str]) -> None:
    """Each `[[escalation]]` entry (W11): well formed, naming declared roles or bodies."""
    entries = raw.get("escalation", [])
    bodies = raw.get("bodies", [])
    owners = {*roles, *(str(b.get("id")) for b in (bodies if isinstance(bodies, list) else ())
                        if isinstance(b, dict))}
    for i, entry in enumerate(entries if isinstance(entries, list) else ()):
        span = c.wf.table("escalation", i)
        try:
            rules = parse_escalation({"escalation": [entry]})
        except ValueError as e:
            c.wf_add(span[0], str(e).replace("escalation[0]", f"escalation[{i}]"))
            continue
        for problem in escalation_problems(rules, owners):
            c.wf_add(c.wf.key("to", span), problem.replace("escalation[0]", f"escalation[{i}]"))


def _check_upgrade(c: _Check, raw: Mapping[str, Any], phases: list[str]) -> None:
    """`[upgrade]`: renames to phases and evidence keys this version declares."""
    if "upgrade" not in raw:
        return
    start = c.wf.first(r"^\s*\[\s*upgrade\b") or c.wf.first(r"^\s*upgrade\s*=") or 1
    span = (start, len(c.wf.lines) + 1)
    try:
        renames = parse_renames(raw)
    except ValueError as e:
        c.wf_add(span[0], str(e))
        return
    keys = [str(e.get("key")) for e in raw.get("evidence", ()) if isinstance(e, dict)]
    for problem, new in zip(rename_problems(renames, phases, keys),
                            [n for n in renames.phases.values() if n not in phases]
                            + [n for n in renames.evidence.values() if n not in keys],
                            strict=True):
        c.wf_add(c.wf.value(new, span), problem)


def _check_waves(c: _Check, raw: Mapping[str, Any], phases: list[str]) -> list[str]:
    waves = _tables(c, raw, "waves", ("id", "name", "area", "variant", "planned"),
                    c.wv_name, c.wv)
    # A wave lacking a field is reported above; its id still counts as declared.
    ids = [str(w["id"]) for w in raw.get("waves", ()) if isinstance(w, dict) and "id" in w]
    for dup, nth in _duplicates(ids):
        c.wv_add(c.wv.value(dup, (1, len(c.wv.lines) + 1), nth),
                 _("wave {id!r} is declared twice").format(id=dup))
    good = {id(w) for w in waves}
    for i, w in enumerate(raw.get("waves", ())):
        if id(w) not in good:
            continue
        span = c.wv.table("waves", i)
        if w["variant"] not in VARIANTS:
            c.wv_add(c.wv.key("variant", span), _("wave {id!r} has unknown variant {variant!r}")
                     .format(id=w["id"], variant=w["variant"]))
        planned = w["planned"] if isinstance(w["planned"], dict) else {}
        dated: list[tuple[int, str, date]] = []
        for phase, value in planned.items():
            line = c.wv.key(phase, span)
            if phase not in phases:
                c.wv_add(line, _("wave {id!r} plans unknown phase {phase!r}").format(
                    id=w["id"], phase=phase))
                continue
            try:
                day = value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                c.wv_add(line, _("wave {id!r}: {phase} = {value!r} is not a date "
                                 "(YYYY-MM-DD)").format(id=w["id"], phase=phase, value=value))
                continue
            dated.append((phases.index(phase), phase, day))
        dated.sort()
        for (_i, before, d1), (_j, after, d2) in pairwise(dated):
            if d2 < d1:
                c.wv_add(c.wv.key(after, span), _("wave {id!r}: {after} ends {d2}, before "
                                                  "{before} ({d1}); dates follow the phase "
                                                  "order").format(
                    id=w["id"], after=after, d2=d2, before=before, d1=d1))
    return ids


def _check_units(c: _Check, wave_ids: list[str]) -> None:
    name, text = c.sources.units
    reader = csv.DictReader(io.StringIO(text, newline=""))
    lacking = [col for col in UNIT_COLUMNS if col not in (reader.fieldnames or ())]
    if lacking:
        c.add(name, 1, _("the header lacks {columns}").format(columns=", ".join(lacking)))
        return
    used: set[str] = set()
    ids: set[str] = {PROGRAMME_ID, *wave_ids}
    codes: set[str] = set()
    for row in reader:
        line = reader.line_num
        unit, code, wave = (row.get(k) or "" for k in ("name", "code", "wave"))
        unit, code, wave = unit.strip(), code.strip(), wave.strip()
        if not unit:
            c.add(name, line, _("a unit without a name"))
            continue
        if wave not in wave_ids:
            c.add(name, line, _("unit {name!r} names unknown wave {wave!r}").format(
                name=unit, wave=wave))
        used.add(wave)
        if slugify(unit) in ids or code in codes:
            c.add(name, line, _("unit {name!r} ({code}) is declared twice").format(
                name=unit, code=code))
        if not (len(code) == 4 and code.isdigit()):
            c.add(name, line, _("unit {name!r} has code {code!r}, not four digits").format(
                name=unit, code=code))
        ids.add(slugify(unit))
        codes.add(code)
    for i, w in enumerate(wave_ids):
        if w not in used:
            c.wv_add(c.wv.table("waves", i)[0], _("wave {id!r} has no units (none in {file})")
                     .format(id=w, file=name))


def check_sources(sources: Sources, guard_names: Iterable[str]) -> list[Problem]:
    """Every problem of the definition in `sources`, sorted by file and line; [] if it loads."""
    c = _Check(sources)
    raw = _parse_toml(c, *sources.workflow)
    waves_raw = _parse_toml(c, *sources.waves)
    if raw is None or waves_raw is None:
        return sorted(c.problems)
    if "name" not in raw:
        c.wf_add(1, _("the workflow needs a name (name = \"…\")"))
    names = frozenset(guard_names)
    phases = _check_phases(c, raw, names)
    roles = _check_roles(c, raw)
    _check_evidence(c, raw, phases, roles)
    check_guard_params(c, raw, names)
    _check_escalation(c, raw, roles)
    _check_upgrade(c, raw, phases)
    wave_ids = _check_waves(c, waves_raw, phases)
    _check_units(c, wave_ids)
    if not c.problems:
        units = list(csv.DictReader(io.StringIO(sources.units[1], newline="")))
        try:
            build_definition(raw, waves_raw["waves"], units, names)
        except DefinitionError as e:
            c.wf_add(1, str(e))
    return sorted(c.problems)
