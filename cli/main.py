"""The `etapp` root command: global options, the command groups, and one error boundary."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from cli.commands import MODULES, load
from cli.commands.index import COMMANDS
from cli.context import AppContext
from cli.errors import report_exception
from cli.language import choose_language, localize, use_language
from engine.config import DEFAULT_DATABASE_URL

GLOBAL_VALUE_OPTIONS = ("--db", "--programme", "--actor", "--key", "--log-key", "--log-format",
                        "--log-level", "--lang")
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


def terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, without importing shutil (with bz2, lzma and
    zlib) for the one number `etapp --help` needs: COLUMNS, else the terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        """click's formatter, its width computed as click computes it (see terminal_columns)."""
        from click import formatting

        width = self.terminal_width or formatting.FORCED_WIDTH
        if width is None:
            width = max(min(terminal_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


class EtappGroup(click.Group):
    """A group whose every failure ends as a contract exit code, never a traceback.

    Its commands are loaded when first used (`cli.commands.index`): a command
    imports its own module only, and the help lists every command from the index.
    """

    context_class = _Context

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Load every command (what walks the whole tree: the catalog, a fuzzer)."""
        for module in MODULES:
            self._load(module)

    def _load(self, module: str) -> None:
        if any(self.commands.get(n) is None for n, (m, _t) in COMMANDS.items() if m == module):
            before = set(self.commands)
            load(self, module)
            for name in set(self.commands) - before:
                localize(self.commands[name])  # in the language chosen for this run

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and self.get_command(ctx, args[0]) is None:
            self.load_all()  # "Did you mean …?" looks among every command
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, with the help of those not loaded from the index."""
        from engine.i18n import _

        commands = [(name, self.commands.get(name) or click.Command(name, help=_(COMMANDS[
            name][1]))) for name in self.list_commands(ctx)]
        commands = [(name, cmd) for name, cmd in commands if not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            rows = [(name, cmd.get_short_help_str(limit)) for name, cmd in commands]
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

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
@click.option("--programme", envvar="ETAPP_PROGRAMME", metavar="ID",
              help="Work on this programme of the database (an id or a unique prefix; "
                   "`etapp programmes` lists them). Default: the main programme.")
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
def cli(ctx: click.Context, db: str, programme: str | None, actor: str | None, key_file: str | None,
        log_key: str | None, json_output: bool, log_format: str, log_level: str,
        lang: str | None) -> None:
    """etapp — phased delivery with explicit guards and a hash-chained audit log."""
    import logging

    from engine.logconfig import configure_logging

    configure_logging(log_format, getattr(logging, log_level.upper()))
    ctx.obj = AppContext(db=db, actor=actor, json_output=json_output, key_file=key_file,
                         log_key=log_key, programme=programme)



def main() -> None:
    cli()
