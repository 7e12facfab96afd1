"""A risk's action deadline on the alert ladder: each level once, escalation to the owner's body."""

from __future__ import annotations

from datetime import UTC, date, datetime

from engine.domain.commands import AddRisk, CloseRisk, OccurRisk, PauseSubject
from engine.services.alerting import check_deadlines, list_deadlines
from engine.services.audit import replay_log
from engine.services.decisions import pause_subject
from engine.services.risk_queries import show_risk
from engine.services.risks import add_risk, close_risk, occur_risk


def _at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T08:00:00").replace(tzinfo=UTC)


def _risk_alerts(result):
    return [(f.subject, f.level, f.escalate_to) for f in result.fired
            if f.subject.startswith("risk:")]


def test_an_overdue_action_alerts_once_and_escalates_to_the_owners_body(app):
    add_risk(app, "anna", AddRisk("etapp-1", "Nyckelpersoner slutar", 4, 5, "ledningen",
                                  "Rekrytera", date(2026, 3, 2)))
    assert _risk_alerts(check_deadlines(app, _at("2026-03-03"))) == [
        ("risk:R-1", "overdue", None)]
    assert _risk_alerts(check_deadlines(app, _at("2026-03-04"))) == []
    assert _risk_alerts(check_deadlines(app, _at("2026-03-10"))) == [
        ("risk:R-1", "escalated", "programledning")]
    assert _risk_alerts(check_deadlines(app, _at("2026-03-11"))) == []
    events = show_risk(app, "R-1")["events"]
    assert [e["payload"].get("level") for e in events if e["type"] == "AlertFired"] == [
        "overdue", "escalated"]
    assert replay_log(app).ok


def test_an_owner_in_no_body_escalates_to_the_policys_body(app):
    add_risk(app, "anna", AddRisk("boras", "Integration sen", 3, 3, "anna", "Ny leverantör",
                                  date(2026, 2, 2)))
    fired = _risk_alerts(check_deadlines(app, _at("2026-03-02")))
    assert fired == [("risk:R-1", "escalated", "chefsgrupp")]


def test_the_problem_action_replaces_the_risk_action_and_closing_ends_the_alerts(app):
    add_risk(app, "anna", AddRisk("etapp-1", "Risk", 2, 2, "anna", "Förebygg", date(2026, 6, 1)))
    occur_risk(app, "anna", OccurRisk("R-1", "Åtgärda", date(2026, 2, 1)))
    rows = [r for r in list_deadlines(app, _at("2026-01-20")) if r.get("risk")]
    assert [(r["kind"], r["due"], r["level"]) for r in rows] == [
        ("problem-action", "2026-02-01", "upcoming-14")]
    close_risk(app, "anna", CloseRisk("R-1", "Klart"))
    assert [r for r in list_deadlines(app, _at("2026-02-05"), include_all=True)
            if r.get("risk")] == []
    assert _risk_alerts(check_deadlines(app, _at("2026-02-05"))) == []


def test_a_pause_does_not_freeze_a_risk_action(app):
    add_risk(app, "anna", AddRisk("etapp-1", "Risk", 2, 2, "anna", "Förebygg", date(2026, 2, 2)))
    pause_subject(app, "pia", PauseSubject("programme", "Utrullningen pausas", ref="PSG §2"))
    assert _risk_alerts(check_deadlines(app, _at("2026-02-03"))) == [
        ("risk:R-1", "overdue", None)]
