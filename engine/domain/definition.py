"""Workflow definitions as validated, immutable data.

`transitions` does not check state names when a machine is built, so every
reference (phase, guard, role, wave) is checked here, when the definition is
loaded, and a bad definition fails with a message that names the bad entry.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from engine.domain.escalation import EscalationRule, parse_escalation
from engine.domain.escalation import problems as escalation_problems
from engine.domain.governance import (
    BodySpec,
    GoalSpec,
    LimitSpec,
    parse_governance,
    validate_governance,
)
from engine.domain.guard_params import guard_param_problems, known
from engine.domain.risks import GOALS, RiskLevel, RiskPolicy
from engine.domain.upgrade import Renames, parse_renames, rename_problems
from engine.errors import DefinitionError
from engine.i18n import _
from engine.ledger.codec import canonical_json

KINDS = ("programme", "wave", "municipality")
VARIANTS = ("pilot", "rollout")
PROGRAMME_ID = "programme"
SIGNATURE_POLICIES = ("none", "decisions", "all")


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    id: str
    name: str
    final: bool = False


@dataclass(frozen=True, slots=True)
class RoleSpec:
    id: str
    name: str
    scoped: bool = False
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class TransitionSpec:
    source: str
    dest: str
    guards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceSpec:
    """One evidence key a phase needs before it can be left, for some subjects."""

    key: str
    phase: str
    kinds: tuple[str, ...]
    label: str
    source: str
    roles: tuple[str, ...]
    variants: tuple[str, ...] = VARIANTS
    last_only: bool = False
    #: §3.4 "dokumenterat … på överenskommet sätt": recorded only with a document reference.
    requires_ref: bool = False


@dataclass(frozen=True, slots=True)
class WaveSpec:
    id: str
    name: str
    area: str
    variant: str
    number: int
    planned: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class MunicipalitySpec:
    id: str
    code: str
    name: str
    federation: str
    area: str
    wave: str


@dataclass(frozen=True, slots=True)
class WorkflowDefinition:
    """Everything the engine knows about one workflow, checked for consistency."""

    name: str
    title: str
    programme_name: str
    phases: tuple[PhaseSpec, ...]
    roles: tuple[RoleSpec, ...]
    bodies: Mapping[str, BodySpec]
    permissions: Mapping[str, tuple[str, ...]]
    transitions: tuple[TransitionSpec, ...]
    evidence: tuple[EvidenceSpec, ...]
    waves: tuple[WaveSpec, ...]
    municipalities: tuple[MunicipalitySpec, ...]
    digest: str
    #: Roles an actor registered with one role (before several roles per actor) holds now.
    legacy_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Who must sign (`[signatures] required`): "none" (only actors holding a key),
    #: "decisions" or "all"; see `engine/ledger/signatures.py`.
    signatures: str = "none"
    risk: RiskPolicy = field(default_factory=RiskPolicy)
    goals: tuple[GoalSpec, ...] = ()
    limits: tuple[LimitSpec, ...] = ()
    #: Who each kind of deadline escalates to (`[[escalation]]`, W11).
    escalation: tuple[EscalationRule, ...] = ()
    #: Parameters of the guards that take them (`[guards.NAME]`), e.g. the lessons key.
    guard_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: What ids of earlier versions became (`[upgrade]`), for `workflow upgrade`.
    renames: Renames = field(default_factory=lambda: Renames({}, {}))

    def __hash__(self) -> int:
        # The digest covers every field; the mappings inside are not hashable themselves.
        return hash(self.digest)

    @property
    def ref(self) -> str:
        """The name and short hash that every event records, so replay knows the rules used."""
        return f"{self.name}@{self.digest[:12]}"

    @property
    def initial_phase(self) -> str:
        return self.phases[0].id

    def phase_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.phases)

    def phase(self, phase_id: str) -> PhaseSpec:
        for p in self.phases:
            if p.id == phase_id:
                return p
        msg = _("unknown phase {phase_id!r}; phases are {phase_ids}").format(
                  phase_id=phase_id, phase_ids=', '.join(self.phase_ids()))
        raise DefinitionError(msg)

    def role(self, role_id: str) -> RoleSpec | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def wave(self, wave_id: str) -> WaveSpec:
        return next(w for w in self.waves if w.id == wave_id)

    def evidence_spec(self, key: str) -> EvidenceSpec | None:
        return next((e for e in self.evidence if e.key == key), None)

    def body(self, body_id: str) -> BodySpec | None:
        return self.bodies.get(body_id)

    def bodies_for(self, kind: str) -> tuple[BodySpec, ...]:
        """The bodies whose mandate lists the decision `kind`."""
        return tuple(b for b in self.bodies.values() if kind in b.decisions)


def slugify(name: str) -> str:
    """ASCII id of a Swedish name: `Öckerö` → `ockero`, `Lilla Edet` → `lilla-edet`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def build_definition(
    raw: Mapping[str, Any],
    waves: Iterable[Mapping[str, Any]],
    municipalities: Iterable[Mapping[str, str]],
    guard_names: Iterable[str],
) -> WorkflowDefinition:
    """Build and validate a definition from parsed data files.

    Raises:
        DefinitionError: naming the first entry that refers to something undeclared.
    """
    wave_rows = list(waves)
    muni_rows = list(municipalities)
    digest = hashlib.sha256(
        canonical_json({"workflow": raw, "waves": wave_rows, "municipalities": muni_rows}).encode()
    ).hexdigest()
    try:
        definition = _build(raw, wave_rows, muni_rows, digest)
    except (KeyError, TypeError, ValueError) as e:
        msg = _("workflow definition: malformed entry ({name}: {e})").format(
                  name=type(e).__name__, e=e)
        raise DefinitionError(msg) from e
    _validate(definition, frozenset(guard_names))
    return definition


def _build(
    raw: Mapping[str, Any],
    wave_rows: list[Mapping[str, Any]],
    muni_rows: list[Mapping[str, str]],
    digest: str,
) -> WorkflowDefinition:
    phases = tuple(
        PhaseSpec(p["id"], p["name"], bool(p.get("final", False))) for p in raw["phases"]
    )
    roles = tuple(
        RoleSpec(r["id"], r["name"], bool(r.get("scoped")), bool(r.get("read_only")))
        for r in raw["roles"]
    )
    transitions = tuple(
        TransitionSpec(t["source"], t["dest"], tuple(t.get("guards", ())))
        for t in raw["transitions"]
    )
    evidence = tuple(
        EvidenceSpec(
            key=e["key"],
            phase=e["phase"],
            kinds=tuple(e["kinds"]),
            label=e["label"],
            source=e["source"],
            roles=tuple(e["roles"]),
            variants=tuple(e.get("variants", VARIANTS)),
            last_only=bool(e.get("last", False)),
            requires_ref=bool(e.get("requires_ref", False)),
        )
        for e in raw["evidence"]
    )
    bodies, goals, limits = parse_governance(raw)
    wave_specs = tuple(
        WaveSpec(w["id"], w["name"], w["area"], w["variant"], i + 1, dict(w["planned"]))
        for i, w in enumerate(wave_rows)
    )
    munis = tuple(
        MunicipalitySpec(
            slugify(m["name"]), m["code"].strip(), m["name"].strip(), m["federation"].strip(),
            m["area"].strip(), m["wave"].strip(),
        )
        for m in muni_rows
    )
    return WorkflowDefinition(
        name=raw["name"],
        title=raw.get("title", raw["name"]),
        programme_name=raw.get("programme_name", raw["name"]),
        phases=phases,
        roles=roles,
        bodies=bodies,
        permissions={k: tuple(v) for k, v in raw.get("permissions", {}).items()},
        transitions=transitions,
        evidence=evidence,
        waves=wave_specs,
        municipalities=munis,
        digest=digest,
        legacy_roles={k: tuple(v) for k, v in raw.get("legacy_roles", {}).items()},
        signatures=str(raw.get("signatures", {}).get("required", "none")),
        goals=goals,
        limits=limits,
        escalation=parse_escalation(raw),
        risk=_risk_policy(raw.get("risk")),
        guard_params={k: dict(v) for k, v in raw.get("guards", {}).items()},
        renames=parse_renames(raw),
    )


def _risk_policy(raw: Mapping[str, Any] | None) -> RiskPolicy:
    """The ``[risk]`` table (§7.2 levels and colours, §1.6 weights); defaults when absent."""
    if raw is None:
        return RiskPolicy()
    default = RiskPolicy()
    levels = tuple(
        RiskLevel(lv["id"], lv["name"], int(lv["max"]), lv["colour"],
                  bool(lv.get("blocks_go_live", False)))
        for lv in raw.get("levels", ())
    ) or default.levels
    return RiskPolicy(levels=levels, scale=int(raw.get("scale", default.scale)),
                      weights={k: int(v) for k, v in raw.get("weights", default.weights).items()},
                      title_max=int(raw.get("title_max", default.title_max)),
                      text_max=int(raw.get("text_max", default.text_max)))


def _fail(msg: str) -> NoReturn:
    raise DefinitionError(_("workflow definition: {msg}").format(msg=msg))


def _validate(d: WorkflowDefinition, guard_names: frozenset[str]) -> None:
    phase_ids = d.phase_ids()
    role_ids = {r.id for r in d.roles}
    if d.signatures not in SIGNATURE_POLICIES:
        _fail(f"[signatures] required must be one of {', '.join(SIGNATURE_POLICIES)}, "
              f"not {d.signatures!r}")
    if len(set(phase_ids)) != len(phase_ids) or not phase_ids:
        _fail("phases must be a non-empty list of distinct ids")
    for t in d.transitions:
        for end in (t.source, t.dest):
            if end not in phase_ids:
                _fail(f"transition {t.source} -> {t.dest} names undeclared phase {end!r}")
        for g in t.guards:
            if not known(g, guard_names, d.guard_params):
                _fail(f"transition {t.source} -> {t.dest} names unknown guard {g!r}")
    used = {g for t in d.transitions for g in t.guards}
    for problem in guard_param_problems(d.guard_params, used, {e.key for e in d.evidence},
                                        guard_names):
        _fail(problem)
    sources = {t.source for t in d.transitions}
    for p in d.phases:
        if p.final == (p.id in sources):
            state = "final but has an exit" if p.final else "not final but has no exit"
            _fail(f"phase {p.id!r} is {state}")
    reachable, frontier = {phase_ids[0]}, [phase_ids[0]]
    while frontier:
        here = frontier.pop()
        for t in d.transitions:
            if t.source == here and t.dest not in reachable:
                reachable.add(t.dest)
                frontier.append(t.dest)
    for phase_id in phase_ids:
        if phase_id not in reachable:
            _fail(f"phase {phase_id!r} cannot be reached from {phase_ids[0]!r}")
    for action, roles in d.permissions.items():
        for r in roles:
            if r not in role_ids:
                _fail(f"permission {action!r} names undeclared role {r!r}")
    for old, new in d.legacy_roles.items():
        for r in new:
            if r not in role_ids:
                _fail(f"legacy role {old!r} maps to undeclared role {r!r}")
    validate_governance(d.bodies, d.goals, d.limits, role_ids)
    for problem in escalation_problems(d.escalation, role_ids | set(d.bodies)):
        _fail(problem)
    _validate_risk(d.risk)
    for problem in rename_problems(d.renames, phase_ids, (e.key for e in d.evidence)):
        _fail(problem)
    seen_keys: set[str] = set()
    for e in d.evidence:
        if e.key in seen_keys:
            _fail(f"evidence key {e.key!r} is declared twice")
        seen_keys.add(e.key)
        if e.phase not in phase_ids:
            _fail(f"evidence {e.key!r} names undeclared phase {e.phase!r}")
        if d.phase(e.phase).final:
            _fail(f"evidence {e.key!r} belongs to final phase {e.phase!r}, which is never left")
        for k in e.kinds:
            if k not in KINDS:
                _fail(f"evidence {e.key!r} names unknown kind {k!r}")
        for v in e.variants:
            if v not in VARIANTS:
                _fail(f"evidence {e.key!r} names unknown variant {v!r}")
        for r in e.roles:
            if r not in role_ids:
                _fail(f"evidence {e.key!r} names undeclared role {r!r}")
    wave_ids = [w.id for w in d.waves]
    if len(set(wave_ids)) != len(wave_ids):
        _fail("wave ids must be distinct")
    for w in d.waves:
        if w.variant not in VARIANTS:
            _fail(f"wave {w.id!r} has unknown variant {w.variant!r}")
        for planned in w.planned:
            if planned not in phase_ids:
                _fail(f"wave {w.id!r} plans undeclared phase {planned!r}")
    ids: set[str] = {PROGRAMME_ID, *wave_ids}
    codes: set[str] = set()
    for m in d.municipalities:
        if m.wave not in wave_ids:
            _fail(f"municipality {m.name!r} names undeclared wave {m.wave!r}")
        if m.id in ids or m.code in codes:
            _fail(f"municipality {m.name!r} ({m.code}) is declared twice")
        if not re.fullmatch(r"\d{4}", m.code):
            _fail(f"municipality {m.name!r} has kommunkod {m.code!r}, not four digits")
        ids.add(m.id)
        codes.add(m.code)


def _validate_risk(r: RiskPolicy) -> None:
    bounds = [lv.max_score for lv in r.levels]
    if r.scale < 1 or bounds != sorted(set(bounds)) or bounds[-1] < r.scale * r.scale:
        _fail(f"risk levels must rise and reach {r.scale * r.scale} (scale 1..{r.scale})")
    if set(r.weights) != set(GOALS) or sum(r.weights.values()) != 100:
        _fail(f"risk weights must weigh {', '.join(GOALS)} once each, summing to 100 (§1.6)")
