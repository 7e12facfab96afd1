"""Planning and folding a move to a new definition version (engine/domain/upgrade.py)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

import workflows
from engine.domain.subject import Subject
from engine.domain.upgrade import Renames, migrate, plan

MILLENNIUM = workflows.load("millennium")


def _subject(sid: str = "etapp-1", phase: str = "designa-bygga-validera", **extra) -> Subject:
    fields = {"id": sid, "kind": "wave", "name": sid, "phase": phase, "version": 3,
              "wave": sid, "planned": {"initiera": "2026-01-31", phase: "2026-05-31"},
              "evidence": ({"key": "tidplan-satt", "phase": "initiera", "seq": 2},
                           {"key": "gone", "phase": phase, "seq": 3}),
              **extra}
    return Subject.from_dict(fields)


def _renamed(**renames) -> object:
    """Millennium whose Designa-bygga-validera became `designa` (as its data would say)."""
    phases = tuple(dataclasses.replace(p, id="designa") if p.id == "designa-bygga-validera"
                   else p for p in MILLENNIUM.phases)
    return dataclasses.replace(MILLENNIUM, phases=phases, digest="0" * 64,
                               renames=Renames(**renames))


def test_a_mapped_phase_moves_with_its_evidence_and_dates():
    new = _renamed(phases={"designa-bygga-validera": "designa"},
                   evidence={"tidplan-satt": "tidplan"})
    move = plan(MILLENNIUM, new, [_subject()]).moves[0]
    assert move.phase == ("designa-bygga-validera", "designa")
    assert move.evidence == {"tidplan-satt": "tidplan"}
    assert move.dropped == ("gone",)
    moved = migrate(_subject().to_dict(), move.payload("a", "b"))
    assert moved["phase"] == "designa"
    assert [(e["key"], e["phase"], e.get("was")) for e in moved["evidence"]] == [
        ("tidplan", "initiera", "tidplan-satt"), ("gone", "designa", None)]
    assert moved["planned"] == {"initiera": "2026-01-31", "designa": "2026-05-31"}


def test_a_phase_without_mapping_blocks_the_move():
    the_plan = plan(MILLENNIUM, _renamed(phases={}, evidence={}), [_subject()])
    assert the_plan.blocked
    assert the_plan.unmapped == (("etapp-1", "designa-bygga-validera"),)
    assert "etapp-1 stands in phase 'designa-bygga-validera'" in the_plan.refusals()[0]


def test_a_subject_the_new_version_lacks_cannot_go():
    the_plan = plan(MILLENNIUM, MILLENNIUM, [_subject("etapp-9", "initiera")])
    assert the_plan.removed == ("etapp-9",) and the_plan.blocked


@pytest.mark.parametrize("phase", ["initiera", "acceptera", "avslutad"])
def test_the_same_definition_changes_no_subject(phase):
    the_plan = plan(MILLENNIUM, MILLENNIUM, [_subject(phase=phase)])
    assert not the_plan.changed and not the_plan.blocked


@given(st.sampled_from(MILLENNIUM.phase_ids()),
       st.lists(st.sampled_from(["tidplan-satt", "x", "y"]), max_size=4))
def test_an_empty_move_changes_nothing(phase, keys):
    s = _subject(phase=phase, evidence=tuple({"key": k, "phase": phase} for k in keys))
    moved = migrate(s.to_dict(), {"from": "a", "to": "b", "phase": None})
    assert moved == {"phase": s.phase, "evidence": s.evidence, "planned": s.planned}
