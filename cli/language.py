"""The CLI's language: chosen once from `--lang`, ETAPP_LANG or the locale, before parsing.

It is chosen before click parses anything, because click prints help and usage
errors while it parses. Help texts stay the English msgids in the code
(docstrings and `help=`); `localize` swaps in their translations on the command
tree, and click's own few texts (Usage, Options, its usage errors) are routed
through etapp's catalog too.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping, Sequence

import click

from engine import i18n
from engine.i18n import N_, N_plural

#: The English msgid of each help text, kept on the object the first time it is
#: translated, so that a second `localize` (tests run several languages in one process)
#: starts from the source text.
_MSGID = "_etapp_msgid"

#: click's own texts a user of etapp meets; the rest of click's messages stay English.
CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter"), N_("Missing command."), N_("No such option {name!r}."),
    N_("No such command {name!r}."), N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"), N_("Option {name!r} does not take a value."),
    N_("default: {default}"), N_("env var: {var}"),
)
CLICK_PLURALS = (
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("Option {name!r} requires an argument.",
             "Option {name!r} requires {nargs} arguments."),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
)
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils",
                  "termui")


def choose_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """`--lang sv|en` on the command line, else ETAPP_LANG, else the locale (see `i18n`)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            wanted = argv[i + 1]
        else:
            continue
        if wanted in i18n.LANGUAGES:
            return wanted
        break  # click refuses the bad value; say so in the locale's language
    wanted = environ.get("ETAPP_LANG", "")
    if wanted in i18n.LANGUAGES:
        return wanted
    return i18n.language_from_locale(environ)


def source_text(obj: object, attr: str) -> str | None:
    """The English help text of `obj.attr`, as the catalog holds it (indentation removed)."""
    text = getattr(obj, _MSGID + attr, None) or getattr(obj, attr, None)
    return inspect.cleandoc(text) if text else None


def _translated(obj: object, attr: str) -> None:
    source = source_text(obj, attr)
    if source is None:
        return
    setattr(obj, _MSGID + attr, source)
    setattr(obj, attr, i18n._(source))


def localize(command: click.Command) -> None:
    """Translate the help of `command`, its parameters and subcommands in place."""
    for attr in ("help", "short_help"):
        _translated(command, attr)
    for param in command.params:
        _translated(param, "help")
    # click makes --help's option once per command, with the language of that moment.
    command._help_option = None
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localize(sub)


def use_language(language: str, root: click.Command) -> None:
    """Make `language` the language of every message, etapp's and click's."""
    i18n.activate(language)
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    localize(root)


def help_texts(command: click.Command) -> list[str]:
    """Every help text of `command`'s tree, as click stores it (the English msgids)."""
    texts = [t for t in (source_text(command, a) for a in ("help", "short_help")) if t]
    texts += [t for t in (source_text(p, "help") for p in command.params) if t]
    if isinstance(command, click.Group):
        load_all = getattr(command, "load_all", None)
        if load_all is not None:
            load_all()  # the root loads its commands when used: every one, here
        for sub in command.commands.values():
            texts += help_texts(sub)
    return texts


def extract_help(fileobj: object, keywords: object, comment_tags: object,
                 options: object) -> list[tuple[int, None, str, list[str]]]:
    """A Babel extractor (babel.cfg): the help texts of etapp's command tree."""
    from cli.main import cli

    return [(0, None, text, []) for text in dict.fromkeys(help_texts(cli))]
