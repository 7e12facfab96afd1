"""`--lang sv|en` and the locale: the same command speaks Swedish or English."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import cli


def etapp(*args: str, env: dict[str, str | None] | None = None):
    result = CliRunner().invoke(cli, list(args), env=env, prog_name="etapp")
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/lang.db"
    assert etapp("--db", url, "init").exit_code == 0
    return url


@pytest.mark.parametrize(("lang", "usage", "text"), [
    ("en", "Usage: etapp show", "what is missing"),
    ("sv", "Användning: etapp show", "vad som saknas"),
])
def test_help_in_either_language(lang, usage, text):
    out = " ".join(etapp("show", "--help", "--lang", lang).output.split())
    assert out.startswith(usage)
    assert text in out
    assert ("Visa denna hjälp och avsluta." in out) == (lang == "sv")


@pytest.mark.parametrize(("lang", "header"), [
    ("en", ["id", "kind", "name", "wave", "phase", "paused", "next deadline"]),
    ("sv", ["id", "typ", "namn", "etapp", "fas", "pausad", "nästa tidsfrist"]),
])
def test_table_headers_in_either_language(db, lang, header):
    lines = etapp("--db", db, "--lang", lang, "status").output.splitlines()
    assert [h.strip() for h in lines[1].split("  ") if h.strip()] == header


def test_json_keys_and_codes_do_not_follow_the_language(db):
    en = json.loads(etapp("--db", db, "--json", "--lang", "en", "status").output)
    sv = json.loads(etapp("--db", db, "--json", "--lang", "sv", "status").output)
    assert en == sv


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "etapp: Missing argument 'SUBJECT'."),
    ("sv", "etapp: Argument saknas 'SUBJECT'."),
])
def test_a_usage_refusal_in_either_language(lang, message):
    result = etapp("show", "--lang", lang)
    assert result.exit_code == 2
    assert result.output.strip() == message


@pytest.mark.parametrize(("environ", "usage"), [
    ({"ETAPP_LANG": None, "LC_ALL": None, "LANGUAGE": None, "LANG": "sv_SE.UTF-8"}, "Användning"),
    ({"ETAPP_LANG": None, "LC_ALL": None, "LANGUAGE": None, "LANG": "C.UTF-8"}, "Usage"),
    ({"ETAPP_LANG": "sv", "LANG": "en_GB.UTF-8"}, "Användning"),
])
def test_the_locale_or_etapp_lang_chooses_when_lang_is_not_given(environ, usage):
    assert etapp("--help", env={"LC_MESSAGES": None, **environ}).output.startswith(usage)


def test_lang_given_after_the_command_wins_over_the_locale():
    out = etapp("status", "--help", "--lang=en", env={"ETAPP_LANG": "sv"}).output
    assert out.startswith("Usage")


def test_an_unknown_language_is_a_usage_error():
    result = etapp("--lang", "de", "status")
    assert result.exit_code == 2
    assert "'de' is not one of 'sv', 'en'" in result.output


@pytest.fixture
def cast(db) -> str:
    assert etapp("--db", db, "actor", "add", "kansliet", "--role", "administrator").exit_code == 0
    assert etapp("--db", db, "actor", "add", "anna", "--role", "huvudprojektledare",
                 "--actor", "kansliet").exit_code == 0
    return db


@pytest.mark.parametrize(("lang", "refusal", "item"), [
    ("en", "etapp: etapp-1 cannot leave initiera yet: missing styrning-upprattad "
           "(Styrning upprättad);",
     "programme: direktiv-beslutat (Projektdirektivet beslutat)"),
    ("sv", "etapp: etapp-1 kan inte lämna initiera än: saknas styrning-upprattad "
           "(Styrning upprättad);",
     "programme: direktiv-beslutat (Projektdirektivet beslutat)"),
])
def test_a_guard_refusal_in_either_language_names_keys_with_their_labels(cast, lang, refusal,
                                                                          item):
    result = etapp("--db", cast, "--lang", lang, "advance", "etapp-1", "--actor", "anna")
    assert result.exit_code == 3
    assert result.output.startswith(refusal)
    assert item in result.output


def test_json_refusal_keeps_code_and_bare_ids_while_the_message_follows_the_language(cast):
    docs = {lang: json.loads(etapp("--db", cast, "--json", "--lang", lang, "advance", "etapp-1",
                                   "--actor", "anna").output)["error"] for lang in ("en", "sv")}
    assert docs["en"]["code"] == docs["sv"]["code"] == "guard"
    assert docs["en"]["missing"] == docs["sv"]["missing"]
    assert "styrning-upprattad" in docs["sv"]["missing"]
    assert "saknas" in docs["sv"]["message"]
    assert "missing" in docs["en"]["message"]


@pytest.mark.parametrize(("lang", "heading", "item"), [
    ("en", "  missing for the next phase (and who may record it):",
     "    - styrning-upprattad — Styrning upprättad; §3.3 Initiera; roles: "),
    ("sv", "  saknas för nästa fas (och vem som får registrera det):",
     "    - styrning-upprattad — Styrning upprättad; §3.3 Initiera; roller: "),
])
def test_shows_missing_list_in_either_language(db, lang, heading, item):
    lines = etapp("--db", db, "--lang", lang, "show", "etapp-1").output.splitlines()
    assert heading in lines
    assert any(line.startswith(item) for line in lines), lines


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "etapp: this command writes: say who you are with --actor NAME or ETAPP_ACTOR"),
    ("sv", "etapp: detta kommando registrerar: ange vem du är med --actor NAME eller ETAPP_ACTOR"),
])
def test_a_service_refusal_in_either_language(cast, lang, message):
    result = etapp("--db", cast, "--lang", lang, "advance", "etapp-1",
                   env={"ETAPP_ACTOR": None})
    assert result.exit_code == 4
    assert result.output.strip() == message


@pytest.mark.parametrize(("lang", "todo_line", "risks_line"), [
    ("sv", "kansliet (programkontor): 0 saker att göra nu", "inga risker"),
    ("en", "kansliet (programkontor): 0 things to do now", "no risks"),
])
def test_the_office_s_working_lists_speak_the_chosen_language(db, lang, todo_line, risks_line):
    assert etapp("--db", db, "actor", "add", "adam", "--role", "administrator").exit_code == 0
    assert etapp("--db", db, "--actor", "adam", "actor", "add", "kansliet",
                 "--role", "programkontor").exit_code == 0
    todo = etapp("--db", db, "--lang", lang, "--actor", "kansliet", "todo")
    assert todo.exit_code == 0, todo.output
    assert todo.output.strip().splitlines()[0] == todo_line
    risks = etapp("--db", db, "--lang", lang, "risk", "list")
    assert risks.exit_code == 0, risks.output
    assert risks.output.strip() == risks_line


def test_refusals_of_reports_and_proofs_speak_swedish(db, tmp_path):
    report = etapp("--db", db, "--lang", "sv", "report", "--for", "nobody")
    assert report.exit_code == 2
    assert "okänd mottagare 'nobody'" in report.output
    bad = tmp_path / "cp.txt"
    bad.write_text("not a checkpoint\n", encoding="utf-8")
    verify = etapp("--db", db, "--lang", "sv", "verify", "--checkpoint", str(bad))
    assert verify.exit_code == 7
    assert "ingen signerad anteckning: ingen tom rad före signaturerna" in verify.output
