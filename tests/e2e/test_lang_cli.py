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
