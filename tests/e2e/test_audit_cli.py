"""`verify`, `replay`, `export` and `history` filters through the CLI: exit codes 0/7, JSON."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from etapp_testing import drop_protection
from etapp_testing import run_sql as sql

from cli.main import cli
from engine.domain.commands import AdvanceSubject, RecordEvidence
from engine.services.handlers import advance_subject, record_evidence


def invoke(url: str, *args: str, json_mode: bool = True, code: int = 0, env=None):
    argv = ["--db", url, *(["--json"] if json_mode else []), *args]
    result = CliRunner().invoke(cli, argv, env=env)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if json_mode else result.stdout


@pytest.fixture
def url(app, db_url, clock) -> str:
    """A database with a little history, closed again so only the CLI uses it."""
    for key in ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad"):
        record_evidence(app, "anna", RecordEvidence("programme", key, ref=f"DOC-{key}"))
        clock.advance(hours=1)
    for key in ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt"):
        record_evidence(app, "dan", RecordEvidence("etapp-1", key, ref=f"W1-{key}",
                                                   note="granskat"))
        clock.advance(hours=1)
    advance_subject(app, "anna", AdvanceSubject("etapp-1", note="klart"))
    return db_url


def test_verify_passes_an_intact_log(url):
    report = invoke(url, "verify")
    assert report["ok"] is True and report["events"] == 70 and report["problems"] == []
    assert report["head"]["seq"] == 70 and len(report["head"]["hash"]) == 64
    assert "ok: 70 events, chain intact" in invoke(url, "verify", json_mode=False)


def test_verify_exits_7_naming_the_first_bad_event(url, app):
    drop_protection(app, how="disable")
    sql(app, "UPDATE event SET actor = 'pia' WHERE seq = 66")
    report = invoke(url, "verify", code=7)
    assert report["ok"] is False and report["events"] == 70
    first = next(p for p in report["problems"] if p["seq"] is not None)
    assert (first["seq"], first["kind"]) == (66, "altered") and first["message"]
    assert any(p["kind"] == "unprotected" for p in report["problems"])
    human = invoke(url, "verify", json_mode=False, code=7)
    assert "#66: altered:" in human and "database: unprotected:" in human


def test_verify_with_the_head_from_history_detects_a_truncated_tail(url, app):
    head = invoke(url, "history")["head"]
    drop_protection(app, how="disable")
    sql(app, "DELETE FROM event WHERE seq > 68")
    report = invoke(url, "verify", "--head", head["hash"], code=7)
    assert [(p["seq"], p["kind"]) for p in report["problems"] if p["seq"]] == [(69, "truncated")]
    invoke(url, "verify", "--head", "not-a-hash", code=2)


def test_replay_exits_7_listing_every_difference(url, app):
    assert invoke(url, "replay")["ok"] is True
    sql(app, "UPDATE subject SET phase = 'godkanna' WHERE id = 'etapp-1'",
        "UPDATE subject SET paused = TRUE WHERE id = 'amal'")
    report = invoke(url, "replay", code=7)
    found = {(p["subject"], p["field"], p["stored"], p["replayed"]) for p in report["problems"]}
    assert found == {("etapp-1", "phase", "godkanna", "designa-bygga-validera"),
                     ("amal", "paused", True, False)}
    human = invoke(url, "replay", json_mode=False, code=7)
    assert "etapp-1: phase is \"godkanna\" in the projection" in human


def test_replay_as_of_reports_the_state_then(url):
    report = invoke(url, "replay", "--as-of", "2026-01-12T10:30+01:00")
    assert report["ok"] is True and report["as_of"] == "2026-01-12T09:30:00.000000Z"
    assert report["events"] == 64
    assert report["phases"]["wave"] == {"initiera": 4}
    assert "replayed, not compared" in invoke(url, "replay", "--as-of", "2026-01-12",
                                              json_mode=False)
    invoke(url, "replay", "--as-of", "yesterday", code=2)


def test_status_as_of_shows_the_past(url):
    now = {r["id"]: r["phase"] for r in invoke(url, "status")["subjects"]}
    then = {r["id"]: r["phase"] for r in
            invoke(url, "status", "--as-of", "2026-01-12T10:30+01:00")["subjects"]}
    assert now["etapp-1"] == "designa-bygga-validera" and then["etapp-1"] == "initiera"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_export_writes_every_event_and_prints_the_head(url, tmp_path, fmt):
    out = tmp_path / f"log.{fmt}"
    report = invoke(url, "export", "--out", str(out))
    assert report["exported"] == 70 and report["format"] == fmt
    assert report["head"] == invoke(url, "verify")["head"]
    assert out.stat().st_size > 0
    if fmt == "csv":
        with out.open(encoding="utf-8", newline="") as f:
            assert sum(1 for _ in csv.DictReader(f)) == 70
    human = invoke(url, "export", "--format", fmt, "--out", str(tmp_path / "again"),
                   json_mode=False)
    assert f"head: #70 {report['head']['hash']}" in human


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_an_export_to_a_missing_folder_is_one_line_and_leaves_nothing_behind(url, tmp_path,
                                                                            fmt):
    import gc

    out = invoke(url, "export", "--format", fmt, "--out", str(tmp_path / "no" / f"log.{fmt}"),
                 code=2)
    assert "cannot write" in out["error"]["message"]
    # A write-only workbook left half-saved would write to a closed file when collected:
    # pytest reports that as an unraisable exception of this test.
    gc.collect()
    assert not (tmp_path / "no").exists()


def test_export_needs_a_known_format(url, tmp_path):
    invoke(url, "export", "--out", str(tmp_path / "log.pdf"), code=2)
    invoke(url, "export", "--format", "pdf", "--out", str(tmp_path / "log.csv"), code=2)


def test_a_revisor_runs_every_audit_command_and_an_unknown_actor_is_refused(url, tmp_path):
    for args in (["verify"], ["replay"], ["export", "--out", str(tmp_path / "r.jsonl")],
                 ["history"]):
        invoke(url, *args, "--actor", "revisorn")
    error = invoke(url, "verify", "--actor", "mallory", code=4)
    assert error["error"]["code"] == "forbidden"


def test_history_filters_by_actor_and_type(url):
    by_dan = invoke(url, "history", "--by", "dan")["events"]
    assert {e["actor"] for e in by_dan} == {"dan"} and len(by_dan) == 3
    # The auditor who says who they are sees everything: --actor is never a filter.
    assert len(invoke(url, "history", "--actor", "dan")["events"]) == 70
    everyone = invoke(url, "history", env={"ETAPP_ACTOR": "dan"})
    assert len(everyone["events"]) == 70  # who is acting is not a filter
    advanced = invoke(url, "history", "etapp-1", "--type", "subject-advanced")["events"]
    assert [(e["type"], e["actor"]) for e in advanced] == [("SubjectAdvanced", "anna")]
    assert invoke(url, "history", "--type", "nope", code=2)["error"]["code"] == "invalid"


def test_history_for_people_shows_who_role_evidence_and_notes(url):
    human = invoke(url, "history", "etapp-1", "--type", "EvidenceRecorded", json_mode=False)
    line = human.splitlines()[0]
    assert "evidence styrning-upprattad (ref W1-styrning-upprattad)" in line
    assert "dan (delprojektledare)" in line and "note: granskat" in line
    assert human.splitlines()[-1].startswith("head: #70 ")
