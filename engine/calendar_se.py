"""Swedish business calendar built from the holidays package (its only importer)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from engine.domain.deadlines import BusinessCalendar

__all__ = ["default_calendar", "swedish_calendar", "swedish_holidays"]

_YEARS_BEFORE = 1
_YEARS_AFTER = 5


def _midsommarafton(year: int) -> date:
    # Midsommarafton is the Friday between 19 and 25 June (lag 1989:253, via midsommardagen).
    june_19 = date(year, 6, 19)
    return june_19 + timedelta(days=(4 - june_19.weekday()) % 7)


def _eves(year: int) -> set[date]:
    # Julafton, nyårsafton and midsommarafton are not public holidays in law,
    # but the annual leave act (SFS 1977:480 §7) treats them as Sundays and
    # municipal offices are closed. The package lists them only in its
    # optional "de_facto" category, which older releases lack, so they are
    # added here by rule and the calendar does not depend on the version.
    return {_midsommarafton(year), date(year, 12, 24), date(year, 12, 31)}


def swedish_holidays(years: Iterable[int]) -> dict[date, str]:
    """
    Name the Swedish non-working holidays of ``years``.

    Args:
        years: calendar years to cover.

    Returns:
        Date to Swedish name: the public holidays of lag (1989:253) plus
        julafton, nyårsafton and midsommarafton. Ordinary Sundays are left
        out; they are weekend days anyway.
    """
    # Imported here because it loads every country's rules; only building a
    # calendar needs it, and `etapp --help` should not pay for it.
    import holidays

    wanted = sorted(set(years))
    # include_sundays is passed explicitly: the Sweden class has at times
    # listed every Sunday as a holiday ("Söndag"), which would swamp the set.
    public = holidays.country_holidays("SE", years=wanted, include_sundays=False, language="sv")
    names: dict[date, str] = {d: str(name) for d, name in public.items()}
    eve_names = {(12, 24): "Julafton", (12, 31): "Nyårsafton"}
    for year in wanted:
        for eve in _eves(year):
            names.setdefault(eve, eve_names.get((eve.month, eve.day), "Midsommarafton"))
    return dict(sorted(names.items()))


def swedish_calendar(years: Iterable[int]) -> BusinessCalendar:
    """
    Build the Swedish business calendar for ``years``.

    Returns:
        A calendar whose holidays are :func:`swedish_holidays`; dates outside
        ``years`` count as ordinary weekdays, so cover every year in use.
    """
    return BusinessCalendar(holidays=frozenset(swedish_holidays(years)))


def default_calendar(around: date) -> BusinessCalendar:
    """
    Build the Swedish calendar from the year before ``around`` to five after.

    The span covers deadlines set last year that are still overdue and
    programme deadlines a few years ahead.
    """
    return swedish_calendar(range(around.year - _YEARS_BEFORE, around.year + _YEARS_AFTER + 1))
