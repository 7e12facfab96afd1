"""`show` explains what is missing (label, §, roles); deadlines carry their alert level."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner

from cli.main import cli
from engine.domain.commands import PauseSubject
from engine.services.decisions import pause_subject
from engine.services.queries import show, status


def test_each_missing_item_has_its_label_source_and_roles(app):
    detail = show(app, "boras")
    assert detail["missing"] == [
        "inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan",
        "etapp-1 leaves initiera first (it is in initiera)"]
    first, *_, last = detail["needs"]
    assert first["label"] == "Lokal införandeansvarig/projektledare utsedd"
    assert first["source"].startswith("§2.2") and "delprojektledare" in first["roles"]
    assert last["item"] == detail["missing"][-1] and last["source"] == "§3.2"
    assert [n["item"] for n in detail["needs"]] == detail["missing"]
    milestones = [n for n in show(app, "etapp-1")["needs"] if n["subject"] == "programme"]
    assert milestones[0]["key"] == "direktiv-beslutat" and "projektagare" in milestones[0]["roles"]


def test_deadlines_carry_their_alert_level_and_none_while_paused(app, clock):
    clock.set(datetime(2023, 3, 21, 9, tzinfo=UTC))  # etapp-1 leaves Initiera by 2023-03-31
    assert show(app, "etapp-1")["deadlines"][0]["level"] == "upcoming-14"
    clock.set(datetime(2023, 4, 20, 9, tzinfo=UTC))
    row = next(r for r in status(app, "etapp-1") if r["id"] == "boras")
    assert row["next_deadline"] == {"kind": "phase:initiera", "due": "2023-03-31",
                                    "level": "escalated"}
    clock.set(datetime(2023, 4, 3, 9, tzinfo=UTC))
    assert show(app, "etapp-1")["deadlines"][0]["level"] == "overdue"
    pause_subject(app, "pia", PauseSubject("etapp-1", "väntar", ref="PSG §1"))
    assert show(app, "boras")["deadlines"][0]["level"] is None


def test_show_prints_labels_and_levels_for_people(sqlite_url, sqlite_app):
    out = CliRunner().invoke(cli, ["--db", sqlite_url, "show", "borås"]).output
    assert "deadline: 2023-03-31 (phase:initiera) ESCALATED" in out
    assert ("- genomforandeplan — Plan för genomförande; §2.2; roles: projektledare, "
            "delprojektledare, huvudprojektledare") in out
