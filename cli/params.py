"""Click parameter types for dates and instants, with one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from cli.render import LOCAL_TZ
from engine.i18n import _


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(_("{value!r} is not a date: use YYYY-MM-DD").format(value=value),
                      param, ctx)


class Instant(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A date (that day's start or end in Stockholm) or a datetime (local if no offset)."""

    name = "DATETIME"

    def __init__(self, *, end_of_day: bool = True) -> None:
        self.end_of_day = end_of_day

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:
                day = date.fromisoformat(text)
                moment = datetime.combine(day, time.max if self.end_of_day else time.min)
                return moment.replace(tzinfo=LOCAL_TZ)
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.fail(_("{value!r} is not a date or time: use YYYY-MM-DD or "
                        "YYYY-MM-DDTHH:MM[:SS][+01:00]").format(value=value), param, ctx)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


class BusinessTime(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """`--at`: a date (kept a date: the services read it as that day, see
    `engine.domain.business_time.business_instant`) or a datetime (Stockholm if no offset)."""

    name = "DATE[TIME]"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.fail(_("{value!r} is not a date or time: use YYYY-MM-DD or "
                        "YYYY-MM-DDTHH:MM[:SS][+01:00]").format(value=value), param, ctx)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


F = TypeVar("F", bound=Callable[..., Any])


def at_option(f: F) -> F:
    """`--at DATE[TIME]` for a command that writes: the business time of what it records.

    The command gets `at` (a `date` or an aware `datetime`, or None) and passes it
    on as `occurred_at=at`; `run_write` checks it. Read commands do not take it,
    so click refuses it there instead of ignoring it.
    """
    return click.option(
        "--at", "at", type=BUSINESS_TIME, metavar="DATE[TIME]",
        help="Business time: when this happened (default now). A date alone is that "
             "day in Stockholm, after what is already recorded for it; no earlier than "
             "the subject's previous event, not in the future.")(f)


ISO_DATE = IsoDate()
BUSINESS_TIME = BusinessTime()
AS_OF = Instant(end_of_day=True)
SINCE = Instant(end_of_day=False)


def as_of_options(f: F) -> F:
    """`--as-of` (business time) and `--recorded-as-of` (recorded time) for a read command.

    The command gets `as_of` and `recorded_as_of` (aware datetimes or None); a date
    alone is the end of that day in Stockholm.
    """
    f = click.option(
        "--recorded-as-of", "recorded_as_of", type=AS_OF, metavar="DATE[TIME]",
        help="Recorded time: only what the log held then (what anyone could have seen).")(f)
    return click.option(
        "--as-of", "as_of", type=AS_OF, metavar="DATE[TIME]",
        help="Business time: what had happened by then, as the log knows it now.")(f)


def complete_subject(ctx: click.Context, param: click.Parameter,
                     incomplete: str) -> list[CompletionItem]:
    """Shell completion of a subject: the programme, the waves and the municipalities of the
    shipped workflow (no database is opened while the user types)."""
    import workflows

    d = workflows.load()
    ids = ["programme", *(w.id for w in d.waves), *(m.id for m in d.municipalities)]
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def complete_wave(ctx: click.Context, param: click.Parameter,
                  incomplete: str) -> list[CompletionItem]:
    import workflows

    return [CompletionItem(w.id) for w in workflows.load().waves if w.id.startswith(incomplete)]


def complete_key(ctx: click.Context, param: click.Parameter,
                 incomplete: str) -> list[CompletionItem]:
    """Shell completion of an evidence key, with its Swedish label as help (zsh, fish)."""
    import workflows

    return [CompletionItem(e.key, help=e.label) for e in workflows.load().evidence
            if e.key.startswith(incomplete)]
