"""The shipped Millennium workflow data is complete and consistent (DESIGN.md, default plan)."""

from __future__ import annotations

from collections import Counter

import pytest

import workflows
from engine.domain.definition import KINDS, build_definition, slugify
from engine.domain.guards import GUARD_NAMES
from engine.domain.machine import machine_for


def test_exactly_49_municipalities_each_in_one_wave(definition):
    munis = definition.municipalities
    assert len(munis) == 49
    assert len({m.id for m in munis}) == 49
    assert len({m.code for m in munis}) == 49
    assert Counter(m.wave for m in munis) == {"etapp-1": 8, "etapp-2": 14, "etapp-3": 15,
                                              "etapp-4": 12}


def test_waves_follow_the_kommunalforbund(definition):
    federation_of_wave = {(m.wave, m.federation) for m in definition.municipalities}
    assert federation_of_wave == {("etapp-1", "Sjuhärad"), ("etapp-2", "Fyrbodal"),
                                  ("etapp-3", "Skaraborg"), ("etapp-4", "GR")}


def test_kungsbacka_is_not_one_of_the_49(definition):
    assert "1384" not in {m.code for m in definition.municipalities}


@pytest.mark.parametrize(("name", "slug", "code"), [
    ("Borås", "boras", "1490"), ("Öckerö", "ockero", "1407"), ("Åmål", "amal", "1492"),
    ("Göteborg", "goteborg", "1480"), ("Lilla Edet", "lilla-edet", "1462"),
    ("Dals-Ed", "dals-ed", "1438"),
])
def test_municipality_ids_are_ascii_slugs(definition, name, slug, code):
    assert slugify(name) == slug
    assert any(m.id == slug and m.code == code and m.name == name
               for m in definition.municipalities)


def test_pilot_goes_live_on_the_real_date(definition):
    pilot = definition.wave("etapp-1")
    assert pilot.variant == "pilot"
    assert pilot.planned["godkanna"] == "2024-11-12"
    assert [w.variant for w in definition.waves[1:]] == ["rollout"] * 3


def test_every_phase_is_reachable_and_only_final_phases_lack_exits(definition):
    machine = machine_for(definition)
    phase = definition.initial_phase
    seen = [phase]
    while (phase := machine.next_phase(phase)) is not None:
        seen.append(phase)
    assert seen == list(definition.phase_ids())
    assert [p.id for p in definition.phases if p.final] == ["avslutad"]


def test_every_guard_name_resolves(definition):
    for t in definition.transitions:
        assert set(t.guards) <= GUARD_NAMES


def test_every_non_final_phase_asks_evidence_of_waves_and_municipalities(definition):
    for phase in ("initiera", "designa-bygga-validera", "acceptera", "godkanna", "stanga"):
        kinds = {k for e in definition.evidence if e.phase == phase for k in e.kinds}
        assert "wave" in kinds, phase
    assert all(set(e.kinds) <= set(KINDS) for e in definition.evidence)


def test_every_evidence_key_cites_the_directive(definition):
    assert all(e.source.startswith("§") for e in definition.evidence)


def _raw():
    import csv
    import tomllib
    from importlib import resources

    folder = resources.files(workflows)
    raw = tomllib.loads(folder.joinpath("millennium.toml").read_text(encoding="utf-8"))
    waves = tomllib.loads(folder.joinpath("waves.toml").read_text(encoding="utf-8"))["waves"]
    with folder.joinpath("municipalities.csv").open(encoding="utf-8") as fh:
        munis = list(csv.DictReader(fh))
    return raw, waves, munis


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda r, w, m: r["transitions"][0].update(dest="nowhere"), "undeclared phase 'nowhere'"),
    (lambda r, w, m: r["transitions"][1]["guards"].append("magic"), "unknown guard 'magic'"),
    (lambda r, w, m: r["evidence"][0]["roles"].append("kung"), "undeclared role 'kung'"),
    (lambda r, w, m: r["transitions"].pop(), "not final but has no exit"),
    (lambda r, w, m: m[0].update(wave="etapp-9"), "undeclared wave 'etapp-9'"),
    (lambda r, w, m: m.append(dict(m[0])), "declared twice"),
    (lambda r, w, m: w[0]["planned"].update(fantasi="2024-01-01"), "undeclared phase 'fantasi'"),
    (lambda r, w, m: r["evidence"].append(dict(r["evidence"][0])), "declared twice"),
    (lambda r, w, m: r["permissions"].update(advance=["ingen"]), "undeclared role 'ingen'"),
    (lambda r, w, m: r["phases"][0].pop("name"), "malformed entry"),
])
def test_a_broken_definition_fails_naming_the_bad_entry(mutate, message):
    from engine.errors import DefinitionError

    raw, waves, munis = _raw()
    mutate(raw, waves, munis)
    with pytest.raises(DefinitionError, match=message):
        build_definition(raw, waves, munis, GUARD_NAMES)


def test_an_unreachable_phase_is_refused():
    from engine.errors import DefinitionError

    raw, waves, munis = _raw()
    raw["phases"].insert(1, {"id": "limbo", "name": "Limbo"})
    raw["transitions"].append({"source": "limbo", "dest": "avslutad", "guards": []})
    with pytest.raises(DefinitionError, match="'limbo' cannot be reached"):
        build_definition(raw, waves, munis, GUARD_NAMES)


def test_unknown_workflow_name_is_refused():
    from engine.errors import DefinitionError

    with pytest.raises(DefinitionError, match="unknown workflow 'nope'"):
        workflows.load("nope")
