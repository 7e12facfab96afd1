"""The one place that maps errors to exit codes and error output (CONTRACT.md)."""

from __future__ import annotations

import sys
from typing import Any

import click

from engine.i18n import _

EXIT_CODES = {
    "internal": 1, "usage": 2, "invalid": 2, "guard": 3, "forbidden": 4, "conflict": 5,
    "not_found": 6, "integrity": 7,
    # Beyond CONTRACT.md's table (README, exit codes): `deadlines check` recorded its alerts
    # but a sink did not take every one; the next check retries them.
    "undelivered": 8,
}


def report(code: str, message: str, *, json_mode: bool, **extra: Any) -> int:
    """Print one error (one line, or one JSON document with --json); return the exit code."""
    message = " ".join(message.split())
    if json_mode:
        import json

        click.echo(json.dumps({"error": {"code": code, "message": message, **extra}},
                              ensure_ascii=False))
    else:
        click.echo(f"etapp: {message}", err=True)
    return EXIT_CODES[code]


def report_exception(exc: BaseException, *, json_mode: bool) -> int:
    """Map any exception that reached the top to its contract exit code."""
    from engine.errors import (
        BatchRefused,
        DefinitionProblems,
        EngineError,
        GuardRejected,
        LedgerIntegrityError,
    )

    if isinstance(exc, BatchRefused):
        return report(exc.code, str(exc), json_mode=json_mode, refused=exc.refused)
    if isinstance(exc, DefinitionProblems):
        return report(exc.code, str(exc), json_mode=json_mode, problems=exc.problems)
    if isinstance(exc, GuardRejected):
        return report(exc.code, str(exc), json_mode=json_mode, missing=exc.missing)
    if isinstance(exc, LedgerIntegrityError):
        return report(exc.code, str(exc), json_mode=json_mode, seq=exc.seq)
    if isinstance(exc, EngineError):
        return report(exc.code, str(exc), json_mode=json_mode)
    if isinstance(exc, click.NoSuchOption) and exc.option_name == "--at":
        where = " ".join(["etapp", *(exc.ctx.command_path.split()[1:] if exc.ctx else [])])
        hint = (_("put --at after the command it dates (etapp pause etapp-2 --at 2024-11-15 …)")
                if exc.ctx is None or exc.ctx.parent is None else
                _("{command} takes no --at, which dates what a recording command "
                  "records").format(command=where))
        return report("usage", _("{hint}; to read as of a time use --as-of (business time) or "
                                 "--recorded-as-of (recorded time)").format(hint=hint),
                      json_mode=json_mode)
    if isinstance(exc, click.ClickException):
        return report("usage", exc.format_message(), json_mode=json_mode)
    if isinstance(exc, KeyboardInterrupt):
        click.echo("etapp: " + _("interrupted, nothing written"), err=True)
        return 130
    if "--debug-traceback" in sys.argv:
        raise exc
    return report("internal", _("internal error (a bug, please report it): {error}").format(
        error=f"{type(exc).__name__}: {exc}"), json_mode=json_mode)
