"""Messages in the reader's language: gettext catalogs shipped with the package.

English is the source language (the msgids); Swedish comes from
`engine/locale/sv/LC_MESSAGES/etapp.po`, compiled to the `.mo` next to it
(`make messages` re-extracts and compiles; a test holds the two in step).

The language is process-wide configuration, chosen once at the edge (the
CLI's `--lang` or the locale) before any command runs, like the workflow
definition. Messages are translated where they are made (`_()` at the
raise site): the lookup is a pure function of the immutable catalog, so the
domain stays free of I/O, and an exception's text is final when it leaves the
engine, which is what the error boundary, logs and `--json` print. Texts kept
for later (click's help, table headers defined as constants) are marked with
`N_()` and translated when shown.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "etapp"
LOCALE_DIR = Path(__file__).with_name("locale")
#: The languages a user may choose; English needs no catalog (it is the msgid).
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "en"
#: gettext's own order: the first of these that is set decides (LANGUAGE may list several).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def language_from_locale(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: `sv` for any Swedish locale (sv_SE.UTF-8, sv_FI),
    otherwise English, also for C/POSIX or a language etapp has no catalog for."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if not value:
            continue
        for entry in value.split(":") if name == "LANGUAGE" else [value]:
            lang = entry.split(".")[0].split("@")[0].split("_")[0].lower()
            if lang in LANGUAGES:
                return lang
        if name != "LANGUAGE":  # LANGUAGE falls through to the locale; the locale decides
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def activate(language: str) -> None:
    """Use `language` (`sv` or `en`) for every message from now on."""
    global _active, _language
    if language not in LANGUAGES:
        msg = f"unknown language {language!r}; languages are {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    _language = language
    _active = (gettext.NullTranslations() if language == DEFAULT_LANGUAGE
               else gettext.translation(DOMAIN, LOCALE_DIR, languages=[language]))


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """`message` in the active language (the English msgid when it has no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:  # gettext's conventional name
    """Mark `message` for the catalog without translating it yet (translate when shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for the catalog, for code that calls `ngettext` with it later."""
    return singular, plural
