"""The Swedish catalog: complete, compiled from the committed .po, and chosen by the locale."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from engine import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "sv" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}
FIX = "run `make messages`, translate each empty msgstr in the .po, then `make messages` again"


def _po():
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        return read_po(f, locale="sv")


def _extracted() -> set[str | tuple[str, str]]:
    """Every msgid in the code now, found as `make messages` finds them (babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def test_every_text_a_user_reads_has_its_swedish():
    catalog = _po()
    translated = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog
                  if m.id and not m.fuzzy
                  and all(m.string if isinstance(m.string, tuple) else (m.string,))}
    untranslated = sorted(map(str, _extracted() - translated))
    assert untranslated == [], f"{len(untranslated)} texts without Swedish: {FIX}"


def test_the_po_keeps_no_texts_the_code_no_longer_has():
    def singular(msgid: str | tuple[str, ...]) -> str:
        return msgid if isinstance(msgid, str) else msgid[0]

    stale = {singular(m.id) for m in _po() if m.id} - {singular(m) for m in _extracted()}
    assert sorted(stale) == [], f"obsolete entries: {FIX}"


def test_the_compiled_catalog_is_the_committed_po():
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for m in _po():
        if not m.id:
            continue
        if isinstance(m.id, str):
            assert compiled.gettext(m.id) == m.string, f".mo lags the .po: {FIX}"
        else:
            assert compiled.ngettext(m.id[0], m.id[1], 1) == m.string[0], FIX
            assert compiled.ngettext(m.id[0], m.id[1], 5) == m.string[1], FIX


def test_translations_keep_the_placeholders_of_their_english():
    import re

    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{[^{}]*\}", text))

    for m in _po():
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        wanted = set().union(*map(fields, ids))
        for s in strings:
            assert fields(s) <= wanted, f"{m.id!r}: {s!r} names a field its English lacks"


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "sv_SE.UTF-8"}, "sv"),
    ({"LC_MESSAGES": "sv_FI.UTF-8", "LANG": "en_GB.UTF-8"}, "sv"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
    ({"LANGUAGE": "sv:en", "LANG": "C.UTF-8"}, "sv"),
    ({"LANGUAGE": "de", "LANG": "sv_SE"}, "sv"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_locale_chooses_swedish_or_else_english(environ, language):
    assert i18n.language_from_locale(environ) == language


def test_messages_follow_the_active_language():
    i18n.activate("sv")
    assert i18n._("Usage:") == "Användning:"
    assert i18n.ngettext("… and {n} more problem", "… and {n} more problems", 2) == (
        "… och {n} problem till")
    i18n.activate("en")
    assert i18n._("Usage:") == "Usage:"
    with pytest.raises(ValueError, match="unknown language 'de'"):
        i18n.activate("de")
