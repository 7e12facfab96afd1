"""The §7.2 risk register on SQLite and PostgreSQL: events, projection, replay, as-of."""

from __future__ import annotations

from datetime import date

import pytest
from etapp_testing import run_sql

from engine.domain.commands import AcceptRisk, AddRisk, CloseRisk, OccurRisk, UpdateRisk
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    InvalidInputError,
    NotFoundError,
    RuleViolation,
)
from engine.ledger.codec import format_instant
from engine.services.audit import replay_log, verify_log
from engine.services.risk_queries import list_risks, show_risk
from engine.services.risks import accept_risk, add_risk, close_risk, occur_risk, update_risk


def _count(app) -> int:
    with app.uow(write=False) as uow:
        return uow.events.count()


def _add(app, subject="etapp-1", title="Nyckelpersoner slutar", p=4, c=5, **kw):
    actor = kw.pop("actor", "anna")
    cmd = AddRisk(subject, title, p, c, kw.pop("owner", "anna"), **kw)
    [e] = add_risk(app, actor, cmd)
    return e


def _accept(app, rid="R-1", actor="chefsgruppen", body="chefsgrupp"):
    return accept_risk(app, actor, AcceptRisk(rid, body, "Go-live hålls enligt tidplan",
                                              "Protokoll CG 2026-01-12 §4", "kvalitet"))


def test_a_risk_is_scored_levelled_and_listed_with_its_owner(app):
    e = _add(app, action="Rekrytera ersättare", due_on=date(2026, 3, 1), ref="RP-2026-01")
    assert (e.subject, e.type) == ("risk:R-1", "RiskAdded")
    _add(app, "boras", "Integrationer sena", 2, 3)
    _add(app, "programme", "Budget", 1, 5)
    rows = list_risks(app)
    assert [(r["id"], r["subject"], r["score"], r["level"], r["status"]) for r in rows] == [
        ("R-1", "etapp-1", 20, "high", "open"), ("R-2", "boras", 6, "medium", "open"),
        ("R-3", "programme", 5, "low", "open")]
    assert rows[0]["owner"] == "anna"
    assert rows[0]["open_action"] == {"kind": "risk-action", "due": "2026-03-01"}
    assert rows[0]["blocks_go_live"] is True
    assert [r["id"] for r in list_risks(app, "Borås")] == ["R-2"]


def test_acceptance_covers_the_score_it_was_given_for(app):
    _add(app)
    _accept(app)
    assert list_risks(app)[0]["accepted"] is True
    with pytest.raises(ConcurrencyError):
        _accept(app)
    update_risk(app, "anna", UpdateRisk("R-1", probability=5))
    r = show_risk(app, "R-1")
    assert (r["score"], r["accepted"], r["blocks_go_live"]) == (25, False, True)
    assert r["acceptance"]["score"] == 20
    _accept(app)
    assert show_risk(app, "r-1")["accepted"] is True


def test_acceptance_records_the_section_1_6_weighting(app):
    _add(app)
    [e] = _accept(app)
    assert e.body == "chefsgrupp"
    assert e.payload["weights"] == {"kvalitet": 30, "tid": 50, "kostnad": 20}
    assert (e.payload["affects"], e.payload["favoured"]) == (["kvalitet"], ["tid", "kostnad"])
    assert (e.payload["at_stake"], e.payload["kept"]) == (30, 70)
    assert (e.payload["ref"], e.payload["meeting_on"]) == ("Protokoll CG 2026-01-12 §4",
                                                           "2026-01-12")


def test_an_acceptance_needs_its_document_and_a_meeting_no_later_than_the_decision(app):
    _add(app)
    before = _count(app)
    for ref, meeting in (("  ", None), ("Protokoll", date(2026, 1, 13))):
        with pytest.raises(InvalidInputError):
            accept_risk(app, "chefsgruppen", AcceptRisk("R-1", "chefsgrupp", "Skäl", ref,
                                                        "kvalitet", meeting_on=meeting))
    assert _count(app) == before
    [_e] = accept_risk(app, "chefsgruppen", AcceptRisk(
        "R-1", "chefsgrupp", "Skäl", "Protokoll", "kvalitet", meeting_on=date(2026, 1, 9)))
    assert show_risk(app, "R-1")["acceptance"]["meeting_on"] == "2026-01-09"


@pytest.mark.parametrize(("actor", "body", "error"), [
    ("anna", "chefsgrupp", DecisionNotPermitted),
    ("styrgruppen", "programstyrgrupp", DecisionNotPermitted),
    ("chefsgruppen", "programstyrgrupp", InvalidInputError),
    ("chefsgruppen", "styrelsen", InvalidInputError),
])
def test_only_the_body_with_the_mandate_accepts_and_a_refusal_writes_nothing(
        app, actor, body, error):
    _add(app)
    before = _count(app)
    with pytest.raises(error):
        _accept(app, actor=actor, body=body)
    assert _count(app) == before
    assert show_risk(app, "R-1")["acceptance"] is None


def test_a_problem_has_its_own_action_and_a_closed_risk_stays_closed(app):
    _add(app, due_on=date(2026, 3, 1))
    occur_risk(app, "anna", OccurRisk("R-1", "Inhyrd resurs", date(2026, 2, 1), note="Två slutade"))
    r = show_risk(app, "R-1")
    assert (r["status"], r["kind"]) == ("occurred", "problem")
    assert r["open_action"] == {"kind": "problem-action", "due": "2026-02-01"}
    with pytest.raises(ConcurrencyError):
        occur_risk(app, "anna", OccurRisk("R-1", "igen"))
    close_risk(app, "anna", CloseRisk("R-1", "Åtgärdsrapport"))
    before = _count(app)
    with pytest.raises(ConcurrencyError, match="closed already"):
        close_risk(app, "anna", CloseRisk("R-1", "igen"))
    with pytest.raises(RuleViolation):
        update_risk(app, "anna", UpdateRisk("R-1", probability=1))
    assert _count(app) == before
    assert list_risks(app, open_only=True) == []
    assert show_risk(app, "R-1")["open_action"] is None


@pytest.mark.parametrize(("change", "error"), [
    ({"p": 0}, InvalidInputError), ({"p": 6}, InvalidInputError), ({"c": 9}, InvalidInputError),
    ({"title": "x" * 10_000}, InvalidInputError), ({"title": "a\x1bb"}, InvalidInputError),
    ({"title": "rätt\u202etxt"}, InvalidInputError), ({"title": "   "}, InvalidInputError),
    ({"owner": "okänd"}, NotFoundError), ({"owner": "revisorn"}, InvalidInputError),
    ({"subject": "ingenstans"}, NotFoundError), ({"due_on": date(2025, 1, 1)}, InvalidInputError),
    ({"actor": "revisorn"}, DecisionNotPermitted), ({"actor": "pl-boras"}, DecisionNotPermitted),
])
def test_bad_input_is_refused_and_nothing_is_written(app, change, error):
    before = _count(app)
    with pytest.raises(error):
        _add(app, **change)
    assert _count(app) == before
    assert list_risks(app) == []


def test_a_scoped_project_manager_adds_risks_for_its_own_municipality_only(app):
    _add(app, "boras", actor="pl-boras", owner="pl-boras")
    with pytest.raises(DecisionNotPermitted):
        _add(app, "amal", actor="pl-boras", owner="pl-boras")


def test_update_refuses_nothing_to_change_and_unknown_risks(app):
    _add(app)
    with pytest.raises(InvalidInputError):
        update_risk(app, "anna", UpdateRisk("R-1"))
    with pytest.raises(ConcurrencyError):
        update_risk(app, "anna", UpdateRisk("R-1", probability=4, consequence=5))
    with pytest.raises(NotFoundError):
        update_risk(app, "anna", UpdateRisk("R-9", probability=1))
    with pytest.raises(InvalidInputError):
        update_risk(app, "anna", UpdateRisk("nine", probability=1))


def test_replay_rebuilds_the_register_and_finds_a_changed_row(app):
    _add(app, due_on=date(2026, 3, 1))
    _add(app, "boras", "Integrationer sena", 2, 3)
    _accept(app)
    close_risk(app, "anna", CloseRisk("R-2", "Klart"))
    report = replay_log(app)
    assert report.ok, report.problems
    assert report.details["risks"] == 2
    assert verify_log(app).ok
    run_sql(app, "UPDATE risk SET probability = 1, score = 5 WHERE id = 'R-1'")
    report = replay_log(app)
    assert not report.ok
    fields = {p["field"] for p in report.problems}
    assert {"probability", "score"} <= fields
    assert all(p["subject"] == "risk:R-1" for p in report.problems)


def test_replay_finds_a_deleted_risk_row(app):
    _add(app)
    run_sql(app, "DELETE FROM risk")
    report = replay_log(app)
    assert not report.ok
    assert report.problems[0]["field"] == "risk"


def test_as_of_shows_the_register_as_it_was_recorded_then(app, clock):
    _add(app)
    then = format_instant(clock())
    clock.advance(days=2)
    _add(app, "boras", "Integrationer sena", 2, 3)
    update_risk(app, "anna", UpdateRisk("R-1", consequence=2))
    close_risk(app, "anna", CloseRisk("R-1", "Klart"))
    was = list_risks(app, as_of=then)
    assert [(r["id"], r["score"], r["status"]) for r in was] == [("R-1", 20, "open")]
    assert [(r["id"], r["status"]) for r in list_risks(app)] == [("R-1", "closed"), ("R-2", "open")]
    assert show_risk(app, "R-1", then)["score"] == 20
    with pytest.raises(NotFoundError):
        show_risk(app, "R-2", then)


def test_as_of_is_business_time_and_recorded_as_of_what_the_log_held(app, clock):
    clock.advance(days=30)  # 2026-02-11
    cmd = AddRisk("etapp-1", "Registrerad i efterhand", 3, 3, "anna")
    add_risk(app, "anna", cmd, occurred_at=date(2026, 1, 20))
    jan_25 = "2026-01-25T12:00:00.000000Z"
    assert [r["id"] for r in list_risks(app, as_of=jan_25)] == ["R-1"]
    assert list_risks(app, recorded_as_of=jan_25) == []
