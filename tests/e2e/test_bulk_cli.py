"""Bulk commands on the command line: bad input is one line, its exit code, nothing written."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import cli


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/bulk.db"
    for argv in (["init"], ["actor", "add", "kansliet", "--role", "administrator"],
                 ["actor", "add", "anna", "--role", "huvudprojektledare", "--actor", "kansliet"]):
        assert CliRunner().invoke(cli, ["--db", url, *argv]).exit_code == 0
    return url


def etapp(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "--actor", "anna", *args])
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    return result.output


def head(db: str) -> int:
    return json.loads(etapp(db, "--json", "history"))["head"]["seq"]


@pytest.mark.parametrize(("name", "content", "code", "says"), [
    ("a.csv", "subject,key,colour\nboras,genomforandeplan,red\n", 2, "unknown column 'colour'"),
    ("a.csv", "subject,key,ref,at\nprogramme,direktiv-beslutat,d,2026-02-31\n", 2,
     "at '2026-02-31' is not a date"),
    ("a.csv", "subject,key,ref\nprogramme,no-such-key,d\n", 6, "unknown key 'no-such-key'"),
    ("a.csv", "", 2, "the file is empty"),
    ("a.csv", "subject,key\n", 2, "no rows to import"),
    ("a.txt", "subject,key\nprogramme,direktiv-beslutat\n", 2, "not a CSV or XLSX file"),
    ("a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", 2, "not a CSV text file"),
    ("a.xlsx", "subject,key\n", 2, "not a readable XLSX workbook"),
    ("a.csv", "subject,key,ref\nprogramme,direktiv-beslutat,d,extra\n", 2, "3 columns"),
])
def test_bad_input_is_one_line_with_its_exit_code_and_writes_nothing(
        db, tmp_path, name, content, code, says):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = head(db)
    result = CliRunner().invoke(cli, ["--db", db, "--actor", "anna", "import", str(path)])
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("etapp: ") and says in lines[0], lines
    assert head(db) == before


def test_a_missing_file_is_refused(db, tmp_path):
    out = etapp(db, "import", str(tmp_path / "nej.csv"), code=2)
    assert "no such file" in out


def test_dry_run_lists_refusals_and_writes_nothing(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("subject,key,ref\nprogramme,direktiv-beslutat,d\nboras,cutover-plan,x\n",
                    encoding="utf-8")
    before = head(db)
    out = etapp(db, "import", str(path), "--dry-run")
    assert "row 2: would record direktiv-beslutat for programme" in out
    assert "row 3: refused (not_found): evidence key 'cutover-plan' does not apply" in out
    assert head(db) == before
    doc = json.loads(etapp(db, "--json", "import", str(path), "--dry-run"))
    assert [r["row"] for r in doc["refused"]] == [3] and doc["written"] is False


def test_skip_refused_writes_a_reject_file_where_asked(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("subject,key,ref\nprogramme,direktiv-beslutat,d\nboras,cutover-plan,x\n",
                    encoding="utf-8")
    out = etapp(db, "import", str(path), "--skip-refused", "--rejects", str(tmp_path / "r.csv"))
    assert "1 of 2 rows recorded, 1 refused" in out
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()[1].startswith(
        "boras,cutover-plan,x,3,")


def test_the_template_lists_every_key_with_its_label(db, tmp_path):
    out = etapp(db, "import", "--template")
    lines = out.splitlines()
    assert lines[0].startswith("subject,key,value,ref,note,at,actor")
    assert any(",genomforandeplan," in x and "Plan för genomförande" in x for x in lines)
    etapp(db, "import", "--template", str(tmp_path / "mall.xlsx"))
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "mall.xlsx").worksheets[0]
    assert ws.cell(1, 1).value == "subject" and ws.max_row == len(lines)


def test_wave_options_need_the_right_arguments(db):
    assert "give SUBJECT, or --wave ID" in etapp(db, "advance", code=2)
    assert "give SUBJECT, or --wave ID" in etapp(db, "advance", "boras", "--wave", "etapp-1",
                                                 code=2)
    assert "with --wave give only the KEY" in etapp(
        db, "evidence", "add", "--wave", "etapp-1", "boras", "genomforandeplan", code=2)


def test_advance_wave_reports_who_is_held_back(db):
    out = etapp(db, "advance", "--wave", "etapp-1", code=3)
    assert out.startswith("etapp: no municipality of etapp-1 could move")


def _complete(words: str, shell: str = "bash") -> str:
    env = {"_ETAPP_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    return CliRunner().invoke(cli, [], prog_name="etapp", env=env).output


def test_the_shell_completes_commands_subjects_keys_and_waves():
    assert "plain,import" in _complete("etapp imp").splitlines()
    assert "plain,boras" in _complete("etapp evidence add bor").splitlines()
    assert "plain,etapp-2" in _complete("etapp advance --wave etapp-").splitlines()
    assert "Plan för genomförande" in _complete("etapp evidence add boras genomf", "zsh")
    for shell in ("bash", "zsh", "fish"):
        script = CliRunner().invoke(cli, [], prog_name="etapp",
                                    env={"_ETAPP_COMPLETE": f"{shell}_source"}).output
        assert "_ETAPP_COMPLETE" in script
