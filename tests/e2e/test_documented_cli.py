"""Every decision and every `requires_ref` evidence key needs its document (§3.4, W4)."""

from __future__ import annotations

import pytest
from etapp_testing import bring_pilot
from etapp_testing import cli_event_count as events
from etapp_testing import cli_json as run


@pytest.fixture
def acceptera(sqlite_app, sqlite_url) -> str:
    bring_pilot(sqlite_app, "acceptera")
    return sqlite_url


def test_a_decision_records_its_document_and_meeting(acceptera):
    out = run(acceptera, "decide", "etapp-1", "prepare", "--body", "programledning",
              "--ref", "PL 2026-01-09 §3", "--meeting-date", "2026-01-09", "--at", "2026-01-14",
              actor="ledningen")
    payload = out["events"][0]["payload"]
    assert (payload["ref"], payload["meeting_on"]) == ("PL 2026-01-09 §3", "2026-01-09")
    shown = run(acceptera, "show", "etapp-1")["decisions"][-1]
    assert (shown["ref"], shown["meeting_on"], shown["body"]) == (
        "PL 2026-01-09 §3", "2026-01-09", "programledning")


def test_the_meeting_defaults_to_the_business_day(acceptera):
    out = run(acceptera, "decide", "etapp-1", "prepare", "--body", "programledning",
              "--ref", "PL §3", "--at", "2026-06-01", actor="ledningen")
    assert out["events"][0]["payload"]["meeting_on"] == "2026-06-01"


@pytest.mark.parametrize(("args", "actor", "message"), [
    (["decide", "etapp-1", "prepare", "--body", "programledning"], "ledningen",
     "needs its document"),
    (["decide", "etapp-1", "prepare", "--body", "programledning", "--ref", "  "], "ledningen",
     "needs its document"),
    (["decide", "etapp-1", "prepare", "--body", "programledning", "--ref", "PL §3",
      "--meeting-date", "2099-02-01"], "ledningen", "lies after the decision day"),
    (["pause", "etapp-2", "--reason", "Paus"], "pia", "a pause (a decision) needs its document"),
    (["replan", "etapp-2", "--phase", "godkanna", "--date", "2026-06-16", "--body", "chefsgrupp",
      "--rationale", "Tid"], "chefsgruppen", "a replan (chefsgrupp's decision) needs its document"),
    (["evidence", "add", "etapp-1", "e2e-test-validerat"], "anna",
     "e2e-test-validerat (Kunden har validerat framtida tillstånd i end-to-end-test) needs its"),
])
def test_without_its_document_nothing_is_recorded(acceptera, args, actor, message):
    before = events(acceptera)
    out = run(acceptera, *args, actor=actor, code=2)
    assert out["error"]["code"] == "invalid"
    assert message in out["error"]["message"] and "\n" not in out["error"]["message"]
    assert events(acceptera) == before


def test_evidence_not_marked_requires_ref_is_recorded_without_one(acceptera):
    out = run(acceptera, "evidence", "add", "etapp-1", "anvandarutbildning-genomford", actor="anna")
    assert out["type"] == "EvidenceRecorded" and out["payload"]["ref"] is None
