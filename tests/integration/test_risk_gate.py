"""The go-live gate (§7.2, §1.6): no go-live over an open high risk that the body with the
mandate has not accepted; the refusal names every such risk."""

from __future__ import annotations

from etapp_testing import bring_pilot, decide, members, record_all, refused

from engine.domain.commands import AcceptRisk, AddRisk, AdvanceSubject, CloseRisk, UpdateRisk
from engine.errors import GuardRejected
from engine.services import handlers, queries
from engine.services.risks import accept_risk, add_risk, close_risk, update_risk


def _ready(app) -> None:
    bring_pilot(app, "godkanna")
    for sid in ("etapp-1", *members(app, "etapp-1")):
        record_all(app, sid)
    decide(app, "etapp-1", "go-live")


def _go_live(app):
    return handlers.advance_subject(app, "anna", AdvanceSubject("etapp-1"))


def _add(app, subject, title, p=4, c=5):
    return add_risk(app, "anna", AddRisk(subject, title, p, c, "anna"))


def _accept(app, rid):
    return accept_risk(app, "chefsgruppen", AcceptRisk(
        rid, "chefsgrupp", "Go-live hålls: tid väger 50 %", "Protokoll CG 2026-01-12 §4",
        "kvalitet"))


def test_the_gate_names_every_unaccepted_high_risk_of_the_wave_its_municipalities_and_programme(
        app):
    _ready(app)
    _add(app, "etapp-1", "Nyckelpersoner slutar")
    _add(app, "boras", "Integration ej klar", 3, 5)
    _add(app, "programme", "Leverantören försenad", 5, 5)
    _add(app, "mark", "Utbildning halkar efter", 3, 3)   # medium: no gate
    _add(app, "etapp-2", "Annan etapp", 5, 5)             # another wave: no gate
    error = refused(app, GuardRejected, lambda: _go_live(app))
    assert isinstance(error, GuardRejected)
    named = [m.split(" ")[0] for m in error.missing]
    assert named == ["R-1", "R-2", "R-3"]
    assert "R-1 (etapp-1): Nyckelpersoner slutar — high risk, score 20" in error.missing[0]
    assert "not accepted by chefsgrupp" in str(error)
    assert {r["phase"] for r in queries.status(app, "etapp-1")} == {"godkanna"}
    assert [m.split(" ")[0] for m in queries.show(app, "etapp-1")["missing"]] == named


def test_acceptance_or_closing_lets_the_wave_go_live(app):
    _ready(app)
    _add(app, "etapp-1", "Nyckelpersoner slutar")
    _add(app, "boras", "Integration ej klar", 3, 5)
    _accept(app, "R-1")
    error = refused(app, GuardRejected, lambda: _go_live(app))
    assert [m.split(" ")[0] for m in error.missing] == ["R-2"]
    close_risk(app, "anna", CloseRisk("R-2", "Integrationstest godkänt"))
    moved = _go_live(app)
    assert [e.subject for e in moved] == ["etapp-1", *members(app, "etapp-1")]


def test_a_risk_whose_score_rose_after_acceptance_stops_the_go_live_again(app):
    _ready(app)
    _add(app, "etapp-1", "Nyckelpersoner slutar", 3, 5)
    _accept(app, "R-1")
    update_risk(app, "anna", UpdateRisk("R-1", probability=5))
    error = refused(app, GuardRejected, lambda: _go_live(app))
    assert "again (its score rose)" in error.missing[0]
    _accept(app, "R-1")
    assert _go_live(app)
