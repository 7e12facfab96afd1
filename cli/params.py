"""Click parameter types for dates and instants, with one-line errors."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import click

from cli.render import LOCAL_TZ


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date: use YYYY-MM-DD", param, ctx)


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
            self.fail(f"{value!r} is not a date or time: use YYYY-MM-DD or "
                      "YYYY-MM-DDTHH:MM[:SS][+01:00]", param, ctx)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


ISO_DATE = IsoDate()
AS_OF = Instant(end_of_day=True)
SINCE = Instant(end_of_day=False)
