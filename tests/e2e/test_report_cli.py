"""`etapp report`, `report issue`, `report verify` and `diagram` through the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli


def invoke(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/report.db"
    invoke(url, "init")
    invoke(url, "actor", "add", "kansliet", "--role", "programkontor", "--role", "administrator")
    invoke(url, "actor", "add", "anna", "--role", "huvudprojektledare", "--actor", "kansliet")
    return url


def head(db: str) -> int:
    return len(json.loads(invoke(db, "--json", "history"))["events"])


def test_report_renders_each_format(db: str) -> None:
    html = invoke(db, "report")
    assert html.startswith("<!DOCTYPE html>") and "Statusrapport" in html
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    md = invoke(db, "report", "--format", "md", "--for", "boras")
    assert "# Statusrapport" in md and "Borås" in md and "Mark" not in md
    doc = json.loads(invoke(db, "report", "--format", "json"))
    assert set(doc) >= {"generated_at", "as_of", "recipient", "template", "subjects",
                        "decisions", "alerts", "risks"}


def test_issue_then_verify_the_file_sent(db: str, tmp_path: Path) -> None:
    out = tmp_path / "chefsgruppen.html"
    before = head(db)
    issued = json.loads(invoke(db, "--json", "--actor", "anna", "report", "issue", "--for",
                               "chefsgruppen", "--meeting", "Chefsgruppen 2026-12-10",
                               "--output", str(out)))
    assert head(db) == before + 1
    assert issued["sha256"] and out.exists()
    again = invoke(db, "report", "--for", "chefsgruppen", "--recorded-as-of", issued["as_of"])
    assert again.encode() == out.read_bytes()
    assert json.loads(invoke(db, "--json", "report", "verify", str(out)))["ok"] is True
    out.write_bytes(out.read_bytes().replace(b"Inga larm.", b"Inga larm!"))
    err = json.loads(invoke(db, "--json", "report", "verify", str(out), code=7))
    assert err["error"]["code"] == "integrity"


@pytest.mark.parametrize(("args", "code"), [
    (["report", "issue", "--for", "nowhere", "--meeting", "Möte"], 2),
    (["report", "issue", "--for", "chefsgruppen"], 2),
    (["report", "issue", "--for", "chefsgruppen", "--meeting", "Möte", "--format", "pdf"], 2),
])
def test_bad_issue_exits_with_one_line_and_writes_nothing(db: str, args: list[str],
                                                           code: int) -> None:
    before = head(db)
    result = CliRunner().invoke(cli, ["--db", db, "--actor", "anna", *args])
    assert result.exit_code == code
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert head(db) == before


def test_issue_needs_an_actor(db: str) -> None:
    before = head(db)
    invoke(db, "report", "issue", "--for", "styrelsen", "--meeting", "VästKoms styrelse",
           code=4)
    assert head(db) == before


def test_verify_a_file_that_is_no_report(db: str, tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("hello")
    invoke(db, "report", "verify", str(f), code=2)


def test_diagram_names_every_guard(db: str) -> None:
    mermaid = invoke(db, "diagram")
    assert mermaid.startswith("stateDiagram-v2")
    assert "acceptera --> godkanna : not-paused<br/>evidence<br/>follows-wave" in mermaid
    dot = invoke(db, "diagram", "--format", "dot")
    assert dot.startswith('digraph "millennium"') and "go-live-together" in dot


def _one_document(stdout: str) -> dict[str, object]:
    doc = json.loads(stdout)  # raises when stdout holds anything besides one document
    assert isinstance(doc, dict)
    return doc


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_json_output_is_one_document_carrying_the_report(db: str, fmt: str) -> None:
    import hashlib

    doc = _one_document(invoke(db, "--json", "report", "--format", fmt))
    assert doc["format"] == fmt and doc["output"] is None
    content = str(doc["content"])
    assert hashlib.sha256(content.encode()).hexdigest() == doc["sha256"]
    assert "Statusrapport" in content


def test_json_report_in_json_format_is_the_report_itself(db: str) -> None:
    doc = _one_document(invoke(db, "--json", "report", "--format", "json"))
    assert {"generated_at", "as_of", "recipient", "subjects"} <= set(doc)


def test_json_issue_without_output_is_one_document(db: str) -> None:
    before = head(db)
    doc = _one_document(invoke(db, "--json", "--actor", "anna", "report", "issue", "--for",
                               "styrelsen", "--meeting", "VästKoms styrelse 2026-12-01"))
    assert head(db) == before + 1
    assert doc["seq"] == before + 1 and doc["recipient"] == "styrelsen"
    again = invoke(db, "report", "--for", "styrelsen", "--recorded-as-of", str(doc["as_of"]))
    assert again == doc["content"]


def test_issue_to_an_unwritable_file_is_refused_before_recording(db: str,
                                                                 tmp_path: Path) -> None:
    before = head(db)
    result = CliRunner().invoke(cli, ["--db", db, "--actor", "anna", "report", "issue", "--for",
                                      "styrelsen", "--meeting", "Möte", "--output",
                                      str(tmp_path / "no-such-folder" / "r.html")])
    assert result.exit_code == 2 and "--output" in result.output
    assert head(db) == before


def test_json_diagram_is_one_document(db: str) -> None:
    doc = _one_document(invoke(db, "--json", "diagram", "--format", "dot"))
    assert doc["format"] == "dot" and str(doc["diagram"]).startswith("digraph")
