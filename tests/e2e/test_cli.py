"""The CLI contract end to end: exit codes, JSON shapes, nothing written on error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli

ETAPP = str(Path(sys.executable).with_name("etapp"))


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/cli.db"


def run(db: str, *args: str, actor: str | None = None, code: int | None = 0) -> dict | str:
    argv = ["--db", db, "--json", *args]
    if actor:
        argv += ["--actor", actor]
    result = CliRunner().invoke(cli, argv)
    assert "Traceback" not in result.output
    if code is not None:
        assert result.exit_code == code, result.output
    return json.loads(result.stdout) if result.stdout.strip() else result.output


@pytest.fixture
def ready(db) -> str:
    run(db, "init")
    run(db, "actor", "add", "kansliet", "--role", "programkontor", "--role", "administrator")
    for name, role, scope in (("anna", "huvudprojektledare", None), ("pia", "projektagare", None),
                              ("pl-boras", "projektledare", "Borås"),
                              ("revisorn", "revisor", None)):
        extra = ["--scope", scope] if scope else []
        run(db, "actor", "add", name, "--role", role, *extra, actor="kansliet")
    return db


def events(db: str) -> int:
    return len(run(db, "history")["events"])


def test_init_is_idempotent_and_status_lists_54_subjects_in_initiera(db):
    assert run(db, "init")["initialised"] is True
    assert run(db, "init")["initialised"] is False
    subjects = run(db, "status")["subjects"]
    assert len(subjects) == 54
    assert {s["phase"] for s in subjects} == {"initiera"}
    assert {s["kind"] for s in subjects} == {"programme", "wave", "municipality"}
    assert set(subjects[0]) >= {"id", "kind", "name", "phase", "paused", "wave"}


def test_status_of_one_wave(ready):
    subjects = run(ready, "status", "--wave", "etapp-4")["subjects"]
    assert len(subjects) == 13
    assert "goteborg" in {s["id"] for s in subjects}


def test_show_names_what_is_missing_as_keys_evidence_add_accepts(ready):
    shown = run(ready, "show", "etapp-1")
    assert set(shown) >= {"id", "kind", "name", "phase", "paused", "wave", "evidence", "missing"}
    assert "styrning-upprattad" in shown["missing"]
    run(ready, "evidence", "add", "etapp-1", "styrning-upprattad", "--ref", "PM-1", actor="anna")
    assert "styrning-upprattad" not in run(ready, "show", "etapp-1")["missing"]


def test_advance_reports_from_to_and_moved(ready):
    for key in ("direktiv-beslutat", "projektplan-beslutad", "kommunikationsplan-beslutad"):
        run(ready, "evidence", "add", "programme", key, "--ref", f"VästKom {key}", actor="pia")
    for key in ("styrning-upprattad", "kontraktsomfattning-granskad", "tidplan-satt"):
        run(ready, "evidence", "add", "etapp-1", key, actor="anna")
    moved = run(ready, "advance", "etapp-1", actor="anna")
    assert moved == {"id": "etapp-1", "from": "initiera", "to": "designa-bygga-validera",
                     "moved": ["etapp-1"]}


def test_global_options_may_follow_the_command(ready):
    result = CliRunner().invoke(cli, ["--db", ready, "evidence", "add", "etapp-1",
                                      "tidplan-satt", "--actor", "anna", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["type"] == "EvidenceRecorded"


@pytest.mark.parametrize(("args", "actor", "code", "error"), [
    (["show", "atlantis"], None, 6, "not_found"),
    (["evidence", "add", "atlantis", "tidplan-satt"], "anna", 6, "not_found"),
    (["evidence", "add", "etapp-1", "magic-key"], "anna", 6, "not_found"),
    (["evidence", "add", "etapp-1", "tidplan-satt"], "mallory", 4, "forbidden"),
    (["evidence", "add", "etapp-1", "tidplan-satt"], None, 4, "forbidden"),
    (["evidence", "add", "etapp-1", "tidplan-satt"], "revisorn", 4, "forbidden"),
    (["evidence", "add", "mark", "genomforandeplan"], "pl-boras", 4, "forbidden"),
    (["evidence", "add", "etapp-1", "cutover-plan"], "anna", 3, "guard"),
    (["advance", "etapp-1"], "anna", 3, "guard"),
    (["advance", "etapp-1", "--to", "acceptera"], "anna", 3, "guard"),
    (["advance", "etapp-1", "--to", "klar"], "anna", 2, "invalid"),
    (["advance", "etapp-1", "--to", "initiera"], "anna", 5, "conflict"),
    (["status", "--as-of", "2026-02-30"], None, 2, "usage"),
    (["history", "--since", "igår"], None, 2, "usage"),
    (["actor", "add", "x", "--role", "kung"], "kansliet", 2, "invalid"),
    (["actor", "add", "anna", "--role", "revisor"], "kansliet", 5, "conflict"),
    (["actor", "add", "x", "--role", "revisor"], "anna", 4, "forbidden"),
    (["actor", "add", "x", "--role", "revisor"], None, 4, "forbidden"),
    (["frobnicate"], None, 2, "usage"),
    (["advance"], "anna", 2, "usage"),
])
def test_bad_input_gets_the_contract_exit_code_and_writes_nothing(ready, args, actor, code, error):
    before = events(ready)
    out = run(ready, *args, actor=actor, code=code)
    assert out["error"]["code"] == error
    assert "\n" not in out["error"]["message"]
    assert events(ready) == before


def test_a_guard_refusal_lists_what_is_missing(ready):
    out = run(ready, "advance", "etapp-1", actor="anna", code=3)
    assert out["error"]["missing"][:3] == ["styrning-upprattad", "kontraktsomfattning-granskad",
                                           "tidplan-satt"]


def test_people_get_one_line_on_stderr_and_no_traceback(ready):
    result = CliRunner().invoke(cli, ["--db", ready, "show", "atlantis"])
    assert result.exit_code == 6
    assert result.stderr.startswith("etapp: unknown subject 'atlantis'")
    assert result.stderr.count("\n") == 1


def test_a_missing_database_file_is_not_created(tmp_path):
    target = tmp_path / "nothing.db"
    out = run(f"sqlite:///{target}", "status", code=2)
    assert "run `etapp init`" in out["error"]["message"]
    assert not target.exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    target = tmp_path / "notes.db"
    target.write_text("dear diary " * 100)
    out = run(f"sqlite:///{target}", "status", code=2)
    assert "not an etapp database" in out["error"]["message"]
    assert target.read_text().startswith("dear diary")


def test_an_sqlite_database_without_etapp_schema_is_refused(tmp_path):
    import sqlite3

    target = tmp_path / "other.db"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    out = run(f"sqlite:///{target}", "status", code=2)
    assert "not an etapp database" in out["error"]["message"]


def test_a_database_url_that_does_not_connect_is_refused():
    out = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "status", code=2)
    assert out["error"]["message"].startswith("cannot use database")


def test_a_malformed_database_url_is_refused():
    out = run("not a url at all", "status", code=2)
    assert out["error"]["code"] == "invalid"


def test_history_is_oldest_first_with_hashes_and_head(ready):
    run(ready, "evidence", "add", "etapp-1", "tidplan-satt", actor="anna")
    hist = run(ready, "history", "etapp-1")
    seqs = [e["seq"] for e in hist["events"]]
    assert seqs == sorted(seqs)
    assert {"seq", "subject", "type", "actor", "role", "recorded_at", "hash"} <= set(
        hist["events"][0])
    assert hist["head"]["hash"] == run(ready, "history")["events"][-1]["hash"]


def test_actor_list_shows_roles_and_scope(ready):
    actors = {a["name"]: a for a in run(ready, "actor", "list")["actors"]}
    assert actors["pl-boras"] == {"name": "pl-boras", "roles": ["projektledare"],
                                  "scope": "boras", "bodies": []}
    assert actors["kansliet"]["roles"] == ["administrator", "programkontor"]


def test_the_first_actor_must_administer_the_others(db):
    run(db, "init")
    out = run(db, "actor", "add", "anna", "--role", "huvudprojektledare", code=4)
    assert "role administrator first" in out["error"]["message"]


def test_demo_runs_on_a_fresh_database_and_refuses_a_used_one(db):
    result = CliRunner().invoke(cli, ["--db", db, "demo"])
    assert result.exit_code == 0, result.output
    assert "refused, nothing written" in result.output
    again = CliRunner().invoke(cli, ["--db", db, "demo"])
    assert again.exit_code == 2


@pytest.mark.slow
def test_real_processes_help_init_status(tmp_path):
    env = {**os.environ, "ETAPP_DATABASE_URL": f"sqlite:///{tmp_path}/p.db"}
    helped = subprocess.run([ETAPP, "--help"], capture_output=True, text=True, env=env,
                            check=False)
    assert helped.returncode == 0 and "advance" in helped.stdout
    subprocess.run([ETAPP, "init"], check=True, env=env, capture_output=True)
    status = subprocess.run([ETAPP, "--json", "status"], capture_output=True, text=True, env=env,
                            check=False)
    assert status.returncode == 0
    assert len(json.loads(status.stdout)["subjects"]) == 54
    bad = subprocess.run([ETAPP, "show", "atlantis"], capture_output=True, text=True, env=env,
                         check=False)
    assert bad.returncode == 6 and "Traceback" not in bad.stderr


def test_info_logging_names_every_recorded_change_as_json_lines(ready):
    result = CliRunner().invoke(cli, ["--db", ready, "--log-level", "info", "--log-format",
                                      "json", "evidence", "add", "etapp-1", "tidplan-satt",
                                      "--actor", "anna"])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.stderr.splitlines() if x.startswith("{")]
    assert line["event"] == "recorded"
    assert line["actor"] == "anna"
    assert line["events"] == ["etapp-1:EvidenceRecorded"]


def test_by_default_a_write_logs_nothing(ready):
    result = CliRunner().invoke(cli, ["--db", ready, "evidence", "add", "etapp-1",
                                      "tidplan-satt", "--actor", "anna"])
    assert result.exit_code == 0
    assert result.stderr == ""
