"""The `etapp` root command: global options, the command groups, and one error boundary."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from cli.commands import register
from cli.context import AppContext
from cli.errors import report_exception
from cli.language import choose_language, use_language
from engine.config import DEFAULT_DATABASE_URL

GLOBAL_VALUE_OPTIONS = ("--db", "--actor", "--key", "--log-key", "--log-format", "--log-level",
                        "--lang")
GLOBAL_FLAGS = ("--json",)


def hoist_global_options(argv: list[str]) -> list[str]:
    """Accept global options after the command too (`etapp advance boras --actor anna`).

    They are moved in front of the command, where click expects them. Anything
    after `--` is left alone.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS or (name in GLOBAL_VALUE_OPTIONS and "=" in arg):
            front.append(arg)
        elif arg in GLOBAL_VALUE_OPTIONS and i + 1 < len(argv):
            front.extend(argv[i:i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


class EtappGroup(click.Group):
    """A group whose every failure ends as a contract exit code, never a traceback."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        argv = hoist_global_options(list(sys.argv[1:] if args is None else args))
        # Click prints help and usage errors while it parses: choose the language first.
        use_language(choose_language(argv, os.environ), self)
        # Click may fail before it parses --json, so look for it first.
        json_mode = "--json" in argv
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as e:
            rv = e.exit_code
        except BaseException as e:  # the single boundary that maps every error to an exit code
            if isinstance(e, SystemExit):
                raise
            rv = report_exception(e, json_mode=json_mode)
        code = rv if isinstance(rv, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


@click.group(cls=EtappGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="ETAPP_DATABASE_URL", default=DEFAULT_DATABASE_URL,
              show_default=True, metavar="URL",
              help="SQLAlchemy URL (sqlite:///FILE or postgresql+psycopg://…).")
@click.option("--actor", envvar="ETAPP_ACTOR", metavar="NAME",
              help="Who is acting; required for every command that writes.")
@click.option("--key", "key_file", envvar="ETAPP_KEY", metavar="FILE",
              help="The acting actor's private key (etapp key new): its events are signed.")
@click.option("--log-key", envvar="ETAPP_LOG_KEY", metavar="FILE",
              help="The log's own private key (made by init; default beside a SQLite file).")
@click.option("--json", "json_output", is_flag=True, help="One JSON document on stdout.")
@click.option("--log-format", envvar="ETAPP_LOG_FORMAT", default="console",
              type=click.Choice(["console", "json"]), help="Log lines on stderr.")
@click.option("--log-level", envvar="ETAPP_LOG_LEVEL", default="warning",
              type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
              help="Least severe log lines shown (info: every recorded change).")
@click.option("--lang", envvar="ETAPP_LANG", type=click.Choice(["sv", "en"]),
              help="Language of messages, help and tables (default: the locale, "
                   "LC_ALL/LC_MESSAGES/LANG; Swedish for a Swedish locale, else English).")
@click.version_option(package_name="etapp")
@click.pass_context
def cli(ctx: click.Context, db: str, actor: str | None, key_file: str | None,
        log_key: str | None, json_output: bool, log_format: str, log_level: str,
        lang: str | None) -> None:
    """etapp — phased delivery with explicit guards and a hash-chained audit log."""
    import logging

    from engine.logconfig import configure_logging

    configure_logging(log_format, getattr(logging, log_level.upper()))
    ctx.obj = AppContext(db=db, actor=actor, json_output=json_output, key_file=key_file,
                         log_key=log_key)


register(cli)


def main() -> None:
    cli()
