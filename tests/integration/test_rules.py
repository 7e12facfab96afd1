"""The directive's rules end to end on SQLite and PostgreSQL: go-live, decisions, pause, replan.

A refused command writes nothing: each refusal is checked against the event count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from etapp_testing import add_timeline_actors, bring_pilot, decide, members, record_all, refused

from cli.main import cli
from engine.domain.commands import (
    AdvanceSubject,
    PauseSubject,
    RecordDecision,
    RecordRetest,
    ReplanDate,
    ResumeSubject,
)
from engine.errors import (
    ConcurrencyError,
    DecisionNotPermitted,
    GuardRejected,
    InvalidInputError,
)
from engine.services import decisions, handlers, queries
from engine.services.unit import App


def test_go_live_moves_the_wave_and_all_municipalities_in_one_transaction(app: App) -> None:
    bring_pilot(app, "godkanna")
    for sid in ("etapp-1", *members(app, "etapp-1")):
        record_all(app, sid)
    decide(app, "etapp-1", "go-live")
    stored = handlers.advance_subject(app, "anna", AdvanceSubject("etapp-1"))
    assert [e.subject for e in stored] == ["etapp-1", *members(app, "etapp-1")]
    assert len({e.recorded_at for e in stored}) == 1
    rows = {r["id"]: r["phase"] for r in queries.status(app, "etapp-1")}
    assert set(rows.values()) == {"stanga"}


def test_go_live_refused_for_one_unready_municipality_moves_nothing(app: App) -> None:
    bring_pilot(app, "godkanna")
    record_all(app, "etapp-1")
    for m in members(app, "etapp-1"):
        if m != "mark":
            record_all(app, m)
    decide(app, "etapp-1", "go-live")
    error = refused(app, GuardRejected,
                    lambda: handlers.advance_subject(app, "anna", AdvanceSubject("etapp-1")))
    assert isinstance(error, GuardRejected)
    assert {m.split(":")[0] for m in error.missing} == {"mark"}
    assert {r["phase"] for r in queries.status(app, "etapp-1")} == {"godkanna"}


def test_acceptance_rejection_retest_and_acceptance(app: App) -> None:
    bring_pilot(app, "acceptera")
    refused(app, GuardRejected, lambda: decide(app, "etapp-1", "accept"))
    decide(app, "etapp-1", "prepare")
    refused(app, InvalidInputError, lambda: decide(app, "etapp-1", "reject", ref="Brev"))
    refused(app, DecisionNotPermitted, lambda: decisions.record_decision(
        app, "anna", RecordDecision("etapp-1", "accept", "programstyrgrupp", ref="P§1")))
    [rejection] = decide(app, "etapp-1", "reject", ref="Brev", defects=3,
                         fix_by=date(2026, 2, 27), rationale="Fel i e2e")
    assert (rejection.body, rejection.actor, rejection.payload["defects"]) == \
        ("programstyrgrupp", "styrgruppen", 3)
    detail = queries.show(app, "etapp-1")
    assert {"kind": "fix-by", "due": "2026-02-27"} in [
        {k: d[k] for k in ("kind", "due")} for d in detail["deadlines"]]
    refused(app, GuardRejected, lambda: decide(app, "etapp-1", "accept"))
    decisions.record_retest(app, "anna", RecordRetest("etapp-1", ref="Omtest"))
    refused(app, GuardRejected, lambda: decide(app, "etapp-1", "accept"))
    decide(app, "etapp-1", "prepare")
    decide(app, "etapp-1", "accept", ref="PSG")
    refused(app, ConcurrencyError, lambda: decide(app, "etapp-1", "accept"))
    assert queries.show(app, "etapp-1")["acceptance"] == "accepted"
    assert all(d["kind"] != "fix-by" for d in queries.show(app, "etapp-1")["deadlines"])


def test_programme_pause_is_inherited_and_resume_shifts_every_wave(app: App, clock: Any) -> None:
    clock.set(datetime(2026, 1, 12, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("programme", "Paus", ref="P§1"))
    assert all(r["paused_by"] == "programme" for r in queries.status(app))
    refused(app, ConcurrencyError,
            lambda: decisions.pause_subject(app, "pia", PauseSubject("etapp-2", "igen", ref="P§1")))
    add_timeline_actors(app)
    refused(app, ConcurrencyError, lambda: decisions.resume_subject(
        app, "styrgruppen", ResumeSubject("etapp-2", ref="P§1")))
    clock.set(datetime(2026, 2, 11, 9, tzinfo=UTC))
    shift = ResumeSubject("programme", rationale="Klart", ref="RS 2026-02-11 §2")
    refused(app, InvalidInputError, lambda: decisions.resume_subject(app, "chefsgruppen", shift))
    stored = decisions.resume_subject(app, "regionstyrelsen", shift)
    assert stored[0].payload == {"paused_days": 30, "shift_days": 30, "shifted": True,
                                 "rationale": "Klart", "ref": "RS 2026-02-11 §2",
                                 "meeting_on": "2026-02-11", "affects": ["tid"], "warnings": []}
    assert stored[0].body == "regionstyrelse"
    assert [e.subject for e in stored[1:]] == ["etapp-1", "etapp-2", "etapp-3", "etapp-4"]
    assert {"deadline": "phase:initiera", "from": "2025-03-31", "to": "2025-04-30"} in \
        stored[2].payload["dates"]
    assert queries.show(app, "etapp-2")["planned"]["initiera"] == "2025-04-30"
    assert queries.show(app, "amal")["planned"]["initiera"] == "2025-04-30"


def test_resume_without_shift_and_municipality_offset(app: App, clock: Any) -> None:
    clock.set(datetime(2026, 1, 12, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("boras", "Lokal paus", ref="P§1"))
    refused(app, GuardRejected, lambda: handlers.advance_subject(
        app, "pl-boras", AdvanceSubject("boras")))
    clock.set(datetime(2026, 1, 22, 9, tzinfo=UTC))
    refused(app, InvalidInputError, lambda: decisions.resume_subject(
        app, "pia", ResumeSubject("boras", ref="P§1")))
    decisions.resume_subject(app, "chefsgruppen", ResumeSubject("boras", rationale="Klar",
                                                                ref="CG 2026-01-22 §1"))
    assert queries.show(app, "boras")["planned"]["initiera"] == "2023-04-10"
    assert queries.show(app, "mark")["planned"]["initiera"] == "2023-03-31"
    decisions.pause_subject(app, "pia", PauseSubject("etapp-3", "Paus", ref="P§1"))
    clock.set(datetime(2026, 2, 1, 9, tzinfo=UTC))
    [only] = decisions.resume_subject(app, "styrgruppen",
                                      ResumeSubject("etapp-3", shift=False, ref="P§1"))
    assert only.payload["shifted"] is False and only.payload["paused_days"] == 10


def test_replan_is_a_regionstyrelse_decision_with_rationale_and_goals(app: App) -> None:
    add_timeline_actors(app)
    cmd = ReplanDate("etapp-2", "godkanna", date(2026, 6, 16), "regionstyrelse", "Tid", "RS-1",
                     affects=("tid", "kostnad"))
    [e] = decisions.replan_date(app, "regionstyrelsen", cmd)
    assert e.payload == {"phase": "godkanna", "from": "2026-04-21", "to": "2026-06-16",
                         "rationale": "Tid", "ref": "RS-1", "meeting_on": "2026-01-12",
                         "affects": ["tid", "kostnad"], "warnings": []}
    assert queries.show(app, "amal")["planned"]["godkanna"] == "2026-06-16"
    move = ReplanDate("etapp-2", "godkanna", date(2026, 7, 1), "chefsgrupp", "x", ref="P§1")
    refused(app, InvalidInputError, lambda: decisions.replan_date(app, "chefsgruppen", move))
    refused(app, InvalidInputError, lambda: decisions.replan_date(app, "regionstyrelsen",
        ReplanDate("boras", "godkanna", date(2026, 6, 1), "regionstyrelse", "x",
                   ref="P§1")))
    refused(app, InvalidInputError, lambda: decisions.replan_date(app, "regionstyrelsen",
        ReplanDate("etapp-2", "godkanna", date(2026, 7, 1), "regionstyrelse", " ",
                   ref="P§1")))
    refused(app, InvalidInputError, lambda: decisions.replan_date(app, "regionstyrelsen",
        ReplanDate("etapp-2", "godkanna", date(2026, 7, 1), "regionstyrelse", "x",
                   affects=("tid", "omfattning"), ref="P§1")))
    refused(app, DecisionNotPermitted, lambda: decisions.replan_date(
        app, "anna", ReplanDate("etapp-2", "godkanna", date(2026, 7, 1), "regionstyrelse", "x",
                   ref="P§1")))
    refused(app, ConcurrencyError, lambda: decisions.replan_date(app, "regionstyrelsen", cmd))


def test_a_body_decides_only_inside_its_validity_period(app: App, clock: Any) -> None:
    add_timeline_actors(app)
    clock.set(datetime(2024, 1, 10, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("boras", "Lokal paus", ref="P§1"))
    clock.set(datetime(2024, 3, 1, 9, tzinfo=UTC))
    shift = ResumeSubject("boras", rationale="Klar", ref="2024-03-01 §1")
    error = refused(app, InvalidInputError,
                    lambda: decisions.resume_subject(app, "chefsgruppen", shift))
    assert "from 2024-04-23" in str(error)
    [e, _] = decisions.resume_subject(app, "ssvit", shift)
    assert e.body == "ssvit"
    clock.set(datetime(2024, 5, 1, 9, tzinfo=UTC))
    decisions.pause_subject(app, "pia", PauseSubject("boras", "Igen", ref="P§1"))
    clock.set(datetime(2024, 5, 10, 9, tzinfo=UTC))
    refused(app, InvalidInputError, lambda: decisions.resume_subject(app, "ssvit", shift))
    decisions.resume_subject(app, "chefsgruppen", shift)


def test_business_time_records_a_decision_after_the_fact(app: App, clock: Any) -> None:
    clock.set(datetime(2026, 1, 12, 9, tzinfo=UTC))
    when = datetime(2025, 11, 20, 13, tzinfo=UTC)
    add_timeline_actors(app)
    cmd = ReplanDate("etapp-4", "stanga", date(2027, 6, 30), "regionstyrelse", "Komplext",
                     ref="P§1")
    [e] = decisions.replan_date(app, "regionstyrelsen", cmd, occurred_at=when)
    assert e.occurred_at.startswith("2025-11-20") and e.recorded_at.startswith("2026-01-12")
    refused(app, InvalidInputError, lambda: decisions.pause_subject(
        app, "pia", PauseSubject("etapp-4", "x", ref="P§1"),
        occurred_at=datetime(2027, 1, 1, tzinfo=UTC)))


@pytest.mark.parametrize(("args", "code"), [
    (["decide", "etapp-1", "accept", "--body", "programstyrgrupp",
     "--ref", "P§1", "--actor", "styrgruppen"], 3),
    (["decide", "etapp-1", "prepare", "--body", "programledning",
     "--ref", "P§1", "--actor", "anna"], 4),
    (["decide", "etapp-1", "reject", "--body", "programstyrgrupp",
     "--ref", "P§1", "--actor", "styrgruppen"], 2),
    (["decide", "etapp-9", "prepare", "--body", "programledning",
     "--ref", "P§1", "--actor", "ledningen"], 6),
    (["retest", "etapp-1", "--ref", "P§1", "--actor", "anna"], 3),
    (["retest", "etapp-1", "--actor", "anna"], 2),
    (["decide", "etapp-1", "accept", "--body", "programstyrgrupp", "--actor", "styrgruppen"], 2),
    (["pause", "programme", "--reason", "x", "--actor", "pia"], 2),
    (["pause", "programme", "--reason", "x", "--ref", "P§1", "--actor", "revisorn"], 4),
    (["resume", "programme", "--body", "programstyrgrupp", "--ref", "P§1",
      "--actor", "styrgruppen"], 5),
    (["resume", "programme", "--ref", "P§1", "--actor", "pia"], 2),
    (["replan", "boras", "--phase", "godkanna", "--date", "2026-01-01", "--body", "chefsgrupp",
      "--rationale", "x", "--ref", "P§1", "--actor", "chefsgruppen"], 2),
    (["replan", "etapp-2", "--phase", "godkanna", "--date", "soon", "--body", "chefsgrupp",
      "--rationale", "x", "--ref", "P§1", "--actor", "chefsgruppen"], 2),
])
def test_cli_refusals_exit_with_the_contract_code_and_no_traceback(
        sqlite_app: App, sqlite_url: str, args: list[str], code: int) -> None:
    result = CliRunner().invoke(cli, ["--db", sqlite_url, "--json", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert '"error"' in result.output


def test_cli_decide_pause_resume_replan_succeed(sqlite_app: App, sqlite_url: str) -> None:
    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", sqlite_url, *args])
        assert result.exit_code == 0, result.output
        return result.output

    bring_pilot(sqlite_app, "acceptera")
    run("decide", "etapp-1", "prepare", "--body", "programledning", "--ref", "P§1",
        "--actor", "ledningen")
    out = run("decide", "etapp-1", "reject", "--body", "programstyrgrupp", "--ref", "Brev",
              "--defects", "4", "--fix-by", "2099-01-31", "--actor", "styrgruppen")
    assert "rejected" in out and "2099-01-31" in out
    assert "retest recorded" in run("retest", "etapp-1", "--ref", "Omtest", "--actor", "anna")
    assert "paused" in run("pause", "etapp-2", "--reason", "Paus", "--ref", "P§1", "--actor", "pia")
    assert "resumed" in run("resume", "etapp-2", "--no-shift", "--ref", "P§1",
                            "--actor", "styrgruppen")
    add_timeline_actors(sqlite_app)
    out = run("replan", "etapp-3", "--phase", "Godkänna", "--date", "2026-06-01", "--body",
              "regionstyrelse", "--rationale", "Tid", "--affects", "tid,kostnad", "--ref", "P§1",
              "--actor", "regionstyrelsen")
    assert "time (tid, weight 50 %), cost (kostnad, weight 20 %)" in out
    out = run("replan", "etapp-4", "--phase", "stanga", "--date", "2027-09-30", "--body",
              "regionstyrelse", "--rationale", "Tid", "--beyond-programme-end", "--ref", "P§1",
              "--actor", "regionstyrelsen")
    assert "WARNING" in out and "2027-06-30, §3.1" in out
