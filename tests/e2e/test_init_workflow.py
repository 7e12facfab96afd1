"""`etapp init --workflow DIR|NAME`: a user's definition, kept by the database."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from etapp_testing import cli_json as run

from cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def test_a_directory_runs_on_after_it_is_gone(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "workflows" / "eprescribe", folder)
    db = f"sqlite:///{tmp_path}/mine.db"
    out = run(db, "init", "--workflow", str(folder))
    assert out["workflow"] == "eprescribe" and out["ref"].startswith("eprescribe@")
    shutil.rmtree(folder)
    run(db, "actor", "add", "ada", "--role", "admin")
    run(db, "actor", "add", "cora", "--role", "coordinator", actor="ada")
    refused = run(db, "advance", "pilot", actor="cora", code=3)["error"]["missing"]
    assert "wave-plan" in refused
    with sqlite3.connect(tmp_path / "mine.db") as conn:
        refs = {r[0] for r in conn.execute("SELECT DISTINCT workflow FROM event")}
    assert refs == {out["ref"]}
    assert run(db, "init")["initialised"] is False
    assert run(db, "replay")["ok"] is True


def test_a_shipped_name_and_the_default(tmp_path):
    assert run(f"sqlite:///{tmp_path}/e.db", "init", "--workflow", "eprescribe")["workflow"] \
        == "eprescribe"
    assert len(run(f"sqlite:///{tmp_path}/e.db", "status")["subjects"]) == 11
    assert run(f"sqlite:///{tmp_path}/m.db", "init")["workflow"] == "millennium"
    assert len(run(f"sqlite:///{tmp_path}/m.db", "status")["subjects"]) == 54


@pytest.mark.parametrize(("case", "error"), [
    ("unknown-guard", "names unknown guard 'quorum'"),
    ("freeze-week-out-of-range", "workflow.toml:34: [guards.outside-freeze] weeks: must be a "
                                 "list of ISO week numbers 1..53, not [52, 54]"),
])
def test_a_broken_directory_is_one_line_and_writes_nothing(tmp_path, case, error):
    folder = tmp_path / "broken"
    shutil.copytree(ROOT / "tests" / "data" / "workflows" / "minimal", folder)
    shutil.copy(ROOT / "tests" / "data" / "workflows" / "broken" / case / "workflow.toml",
                folder / "workflow.toml")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/b.db", "init",
                                      "--workflow", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert error in result.stderr
    assert not (tmp_path / "b.db").exists()
