"""`etapp workflow validate DIR`: every problem of a definition, each with its file and line.

tests/data/workflows/broken holds one directory per broken definition: the one
file that differs from tests/data/workflows/minimal, and `expected.txt`, the one
line validate must print for it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "workflows"
CASES = sorted(p.name for p in (DATA / "broken").iterdir() if p.is_dir())


def _definition(tmp_path: Path, case: str | None = None) -> Path:
    folder = tmp_path / "definition"
    shutil.copytree(DATA / "minimal", folder)
    if case is not None:
        for f in (DATA / "broken" / case).iterdir():
            if f.name != "expected.txt":
                shutil.copy(f, folder / f.name)
    return folder


def _validate(folder: Path, monkeypatch, *extra: str):
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, [*extra, "workflow", "validate", "."])
    assert "Traceback" not in result.output
    return result


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_a_broken_definition_gives_its_one_line_error(case, tmp_path, monkeypatch):
    expected = (DATA / "broken" / case / "expected.txt").read_text(encoding="utf-8").strip()
    result = _validate(_definition(tmp_path, case), monkeypatch)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [expected]
    assert result.stderr.strip() == "etapp: .: 1 problem in the workflow definition"


def test_every_problem_is_listed_not_only_the_first(tmp_path, monkeypatch):
    folder = _definition(tmp_path)
    for case in ("unknown-guard", "wave-unknown-variant", "unit-code-not-four-digits"):
        for f in (DATA / "broken" / case).iterdir():
            if f.name != "expected.txt":
                shutil.copy(f, folder / f.name)
    result = _validate(folder, monkeypatch, "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "invalid"
    assert error["problems"] == [
        "municipalities.csv:3: unit 'Bergby' has code '10O2', not four digits",
        "waves.toml:14: wave 'second' has unknown variant 'beta'",
        "workflow.toml:26: transition plan -> build names unknown guard 'quorum'",
    ]


def test_a_valid_definition_passes(tmp_path, monkeypatch):
    result = _validate(_definition(tmp_path), monkeypatch)
    assert result.exit_code == 0
    assert "workflow minimal@" in result.stdout and "3 units" in result.stdout


def test_the_shipped_workflows_are_valid():
    result = CliRunner().invoke(cli, ["--json", "workflow", "validate",
                                      str(DATA.parents[2] / "workflows")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["workflow"] == "millennium"


def test_a_missing_directory_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["workflow", "validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"etapp: {tmp_path / 'nowhere'}: not a directory"
