"""Whom an escalated deadline goes to, from the workflow's [[escalation]] (W11)."""

from __future__ import annotations

import pytest

import workflows
from engine.domain.escalation import EscalationRule, escalation_target, parse_escalation, problems
from engine.domain.subject import Subject

RULES = (EscalationRule("fix-by", "*", ("programledning", "programstyrgrupp"), "§3.4"),
         EscalationRule("phase", "municipality", ("delprojektledare", "koordinator i {federation}"),
                        "§5.8"),
         EscalationRule("phase", "*", ("programledning",), "§3.1"))


def muni(federation: str | None) -> Subject:
    return Subject("boras", "municipality", "Borås", "initiera", wave="etapp-1",
                   federation=federation)


def test_a_kind_prefix_covers_every_phase_and_the_first_matching_rule_decides() -> None:
    assert escalation_target(RULES, "phase:godkanna", muni("Sjuhärad"), "chefsgrupp") == (
        "delprojektledare, koordinator i Sjuhärad")
    wave = Subject("etapp-1", "wave", "Etapp 1", "initiera")
    assert escalation_target(RULES, "phase:initiera", wave, "chefsgrupp") == "programledning"
    assert escalation_target(RULES, "fix-by", wave, "chefsgrupp") == (
        "programledning, programstyrgrupp")


def test_a_deadline_no_rule_covers_goes_to_the_policy_default() -> None:
    programme = Subject("programme", "programme", "P", "initiera")
    assert escalation_target(RULES, "report:chefsgrupp", programme, "chefsgrupp") == "chefsgrupp"
    assert escalation_target((), "fix-by", programme, "chefsgrupp") == "chefsgrupp"


def test_a_target_whose_field_the_subject_lacks_is_left_out() -> None:
    assert escalation_target(RULES, "phase:initiera", muni(None), "chefsgrupp") == (
        "delprojektledare")


def test_problems_name_unknown_owners_subject_kinds_and_fields() -> None:
    bad = (EscalationRule("phase", "county", ("styrelsen {kommun}",), "§5"),)
    found = problems(bad, {"programledning"})
    assert len(found) == 3
    assert any("'styrelsen'" in p for p in found)


def test_the_shipped_rules_name_declared_roles_and_bodies() -> None:
    d = workflows.load()
    assert d.escalation and not problems(d.escalation, {r.id for r in d.roles} | set(d.bodies))


@pytest.mark.parametrize("raw", [{"escalation": {}}, {"escalation": [{"deadline": "phase"}]},
                                 {"escalation": [{"deadline": "x", "subject": "*",
                                                  "source": "§", "to": []}]}])
def test_a_malformed_entry_is_refused(raw: dict) -> None:
    with pytest.raises(ValueError, match="escalation"):
        parse_escalation(raw)
