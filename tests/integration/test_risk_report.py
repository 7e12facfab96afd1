"""The status report's §7.2 section: open risks per subject and the accepted ones."""

from __future__ import annotations

import json

from engine.domain.commands import AcceptRisk, AddRisk, CloseRisk
from engine.services.reports import render_report
from engine.services.risks import accept_risk, add_risk, close_risk


def _register(app) -> None:
    add_risk(app, "anna", AddRisk("boras", "Journalintegrationen är inte klar", 3, 5, "anna"))
    add_risk(app, "anna", AddRisk("etapp-1", "Nyckelpersoner slutar", 4, 5, "anna"))
    add_risk(app, "anna", AddRisk("programme", "Budgeten räcker inte", 2, 3, "anna"))
    add_risk(app, "anna", AddRisk("amal", "Stängd risk", 1, 1, "anna"))
    close_risk(app, "anna", CloseRisk("R-4", "Klart"))
    accept_risk(app, "chefsgruppen", AcceptRisk(
        "R-2", "chefsgrupp", "Go-live hålls", "Protokoll CG §4", "kvalitet"))


def test_the_json_report_lists_open_risks_per_subject_and_the_accepted_ones(sqlite_app):
    _register(sqlite_app)
    figures = json.loads(render_report(sqlite_app, "chefsgruppen", "json").text)
    assert [(r["subject"], r["id"]) for r in figures["risks"]] == [
        ("boras", "R-1"), ("etapp-1", "R-2"), ("programme", "R-3")]
    assert [(r["id"], r["acceptance"]["body"]) for r in figures["risks_accepted"]] == [
        ("R-2", "chefsgrupp")]
    assert figures["risks"][0]["blocks_go_live"] is True


def test_html_and_markdown_name_the_blocking_and_the_accepted_risks(sqlite_app):
    _register(sqlite_app)
    html = render_report(sqlite_app, "chefsgruppen", "html").text
    assert 'data-risk="R-1"' in html and "stoppar driftsättning" in html
    assert "Journalintegrationen är inte klar" in html and "Stängd risk" not in html
    assert "Go-live hålls" in html and "kvalitet 30 %, tid 50 %, kostnad 20 %" in html
    md = render_report(sqlite_app, "chefsgruppen", "md").text
    assert "R-1 Journalintegrationen är inte klar — poäng 15 (Hög)" in md
    assert "R-2 (etapp-1): chefsgrupp satte kvalitet på spel" in md


def test_a_report_without_risks_says_so(sqlite_app):
    assert "Inga öppna risker registrerade." in render_report(
        sqlite_app, "chefsgruppen", "html").text
