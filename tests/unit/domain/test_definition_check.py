"""Replay's check of each event under the definition version it names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import workflows
from engine.domain import events as ev
from engine.domain.definition_check import DefinitionCheck, versions_of
from engine.domain.definition_sources import sources_json
from engine.domain.validation import Sources

MILLENNIUM = workflows.load("millennium")
CHECK = DefinitionCheck({MILLENNIUM.ref: MILLENNIUM})
REF = MILLENNIUM.ref


@pytest.mark.parametrize(("type_", "payload", "before", "why"), [
    (ev.SUBJECT_ADVANCED, {"from": "initiera", "to": "acceptera"}, "initiera",
     "no transition initiera → acceptera"),
    (ev.EVIDENCE_RECORDED, {"key": "testplan", "phase": "initiera"}, "initiera",
     "evidence key 'testplan'"),
    (ev.SUBJECT_CREATED, {"phase": "designa"}, None, "phase 'designa'"),
    (ev.SUBJECT_MIGRATED, {"from": "x@1", "to": REF, "phase": ["a", "designa"]}, "a",
     "phase 'designa'"),
    (ev.SUBJECT_MIGRATED, {"from": "x@1", "to": "other@2"}, "initiera", "moves to other@2"),
    (ev.WORKFLOW_UPGRADED, {"from": "x@1", "to": REF, "digest": "0" * 64}, "initiera",
     "not to the 0000"),
])
def test_an_event_its_version_does_not_declare_is_named(type_, payload, before, why):
    found = CHECK.problem(type_, REF, payload, before)
    assert found is not None and why in found


@pytest.mark.parametrize(("type_", "payload"), [
    (ev.SUBJECT_ADVANCED, {"from": "initiera", "to": "designa-bygga-validera"}),
    (ev.EVIDENCE_RECORDED, {"key": "tidplan-satt", "phase": "initiera"}),
    (ev.WORKFLOW_UPGRADED, {"from": "x@1", "to": REF, "digest": MILLENNIUM.digest}),
    (ev.DECISION_RECORDED, {"decision": "anything"}),
])
def test_what_the_version_declares_holds(type_, payload):
    assert CHECK.problem(type_, REF, payload, "initiera") is None


def test_a_version_the_database_does_not_keep_is_not_checked():
    assert CHECK.problem(ev.EVIDENCE_RECORDED, "millennium@000000000000",
                         {"key": "nope", "phase": "x"}, "x") is None


def test_a_kept_version_whose_files_changed_is_named():
    folder = Path(workflows.__file__).parent
    sources = Sources(*((name, (folder / name).read_text(encoding="utf-8"))
                        for name in ("millennium.toml", "waves.toml", "municipalities.csv")))
    kept = sources_json(sources)
    versions, problems = versions_of({REF: kept}, MILLENNIUM, workflows.from_json)
    assert problems == [] and versions[REF].ref == REF
    altered = kept.replace("Initiera", "Initiering", 1)
    other = dataclasses.replace(MILLENNIUM, digest="1" * 64)
    versions, problems = versions_of({REF: altered}, other, workflows.from_json)
    assert REF not in versions and "was altered" in problems[0]


def test_the_programme_created_under_another_full_hash_is_named():
    found = CHECK.problem(ev.SUBJECT_CREATED, REF, {"phase": "initiera", "digest": "2" * 64},
                          None)
    assert found is not None and "not to the 2222" in found
    assert CHECK.problem(ev.SUBJECT_CREATED, REF,
                         {"phase": "initiera", "digest": MILLENNIUM.digest}, None) is None
