"""`todo`: each listed command, run as printed, is recorded, and only by a role that may."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.demo_script import CAST, run_demo
from cli.main import cli
from engine.domain.commands import AdvanceSubject, RecordDecision, RecordEvidence
from engine.services.decisions import record_decision
from engine.services.handlers import advance_subject, record_evidence
from engine.services.todo import todo


def invoke(db: Path, argv: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *argv])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def run_each(db: Path, items: list[dict], scratch: Path) -> None:
    """Run every listed command on its own fresh copy of `db`: each is recorded."""
    for i, item in enumerate(items):
        copy = scratch / f"try-{i}.db"
        shutil.copy(db, copy)
        argv = shlex.split(item["command"])
        assert argv[0] == "etapp"
        code, out = invoke(copy, argv[1:])
        assert code == 0, f"{item['command']}: {out}"
        copy.unlink()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    run_demo(f"sqlite:///{path}", json_output=True)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(("name", "roles", "scope"), CAST, ids=[c[0] for c in CAST])
def test_every_command_todo_lists_for_a_demo_actor_is_recorded_as_printed(
        demo_db, tmp_path, name, roles, scope):
    code, out = invoke(demo_db, ["--json", "--actor", name, "todo"])
    assert code == 0, out
    result = json.loads(out)
    items = [dict(i, subject=s["id"]) for s in result["subjects"] for i in s["items"]]
    assert result["count"] == len(items)
    for item in items:
        assert set(item["roles"]) & set(roles), item
        if scope:
            assert item["subject"] == scope
        assert f"--actor {name} " in item["command"]
    run_each(demo_db, items, tmp_path)


def test_the_steering_group_is_told_to_resume_the_paused_programme_without_moving_dates(demo_db):
    # A resume is a body's decision (§1.6, R13): programstyrgruppen's mandate lists resume but
    # not time, so it may lift the pause only without moving dates; the projektägare paused
    # the programme but sits in no body that resumes.
    _code, out = invoke(demo_db, ["--json", "--actor", "styrgruppen", "todo"])
    items = [i for s in json.loads(out)["subjects"] for i in s["items"]
             if s["id"] == "programme" and i["kind"] == "resume"]
    assert [i["command"].split(" --ref")[0].endswith("--no-shift") for i in items] == [True]
    _code, out = invoke(demo_db, ["--json", "--actor", "pia", "todo"])
    assert not [i for s in json.loads(out)["subjects"] for i in s["items"]
                if i["kind"] == "resume"]


def test_an_auditor_reads_only_and_has_nothing_to_do(demo_db):
    import workflows
    from engine.bootstrap import bootstrap
    from engine.domain.commands import AddActor
    from engine.services.actors import add_actor

    copy = demo_db.with_name("audit.db")
    shutil.copy(demo_db, copy)
    app = bootstrap(f"sqlite:///{copy}", workflows.load())
    add_actor(app, "adam", AddActor("revisorn", ("revisor",)))
    result = todo(app, "revisorn")
    app.close()
    assert result["read_only"] and result["count"] == 0


def test_todo_needs_a_known_actor(demo_db):
    assert invoke(demo_db, ["todo"])[0] == 4
    assert invoke(demo_db, ["--actor", "nobody", "todo"])[0] == 4
    assert invoke(demo_db, ["--actor", "hanna", "todo", "--wave", "nowhere"])[0] == 6


def test_acceptance_steps_and_advances_are_listed_when_they_would_pass(app, start_pilot):
    start_pilot(app)
    for key in ("arbetsfloden-validerade", "systemtest-godkant"):
        record_evidence(app, "anna", RecordEvidence("etapp-1", key, ref="x"))
    advance_subject(app, "anna", AdvanceSubject("etapp-1"))

    def commands(actor: str) -> list[str]:
        return [i["command"] for s in todo(app, actor, "etapp-1")["subjects"]
                for i in s["items"]]

    assert commands("ledningen") == [
        "etapp --actor ledningen decide etapp-1 prepare --body programledning --ref DOC"]
    assert not any("decide" in c for c in commands("styrgruppen"))
    record_decision(app, "ledningen", RecordDecision("etapp-1", "prepare", "programledning",
                                                     ref="x"))
    assert commands("styrgruppen") == [
        "etapp --actor styrgruppen decide etapp-1 accept --body programstyrgrupp --ref DOC"]
    anna = commands("anna")
    assert "etapp --actor anna evidence add etapp-1 e2e-test-validerat --ref DOC" in anna
    assert "etapp --actor anna evidence add boras genomforandeplan --ref DOC" in anna
    assert not any(" advance " in c for c in anna)  # the municipalities lack their plans
    for key in ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan"):
        record_evidence(app, "anna", RecordEvidence("boras", key, ref="x"))
    assert "etapp --actor anna advance boras" in commands("anna")
    assert "etapp --actor pl-boras advance boras" in commands("pl-boras")
    assert all("boras" in c.split() for c in commands("pl-boras"))
