"""Swedish business calendar: the law's rules, and the holidays package (its only importer)
for years before today's law."""

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


#: The years the law's rules are applied directly: today's law holds from 2005
#: (Nationaldagen replaced Annandag pingst, SFS 2004:1327); the package stops at 2100.
_RULE_YEARS = range(2005, 2101)


def _easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_from(d: date) -> date:
    return d + timedelta(days=(5 - d.weekday()) % 7)


def _public_by_rule(year: int) -> dict[date, str]:
    """The public holidays of lag (1989:253) as it stands since 2005, by its own rules;
    two on one day are named together, as the package names them ("Första maj; Kristi
    himmelsfärdsdag")."""
    easter = _easter(year)
    days: dict[date, list[str]] = {}
    for day, name in _law(year, easter):
        days.setdefault(day, []).append(name)
    return {day: "; ".join(sorted(names)) for day, names in days.items()}


def _law(year: int, easter: date) -> tuple[tuple[date, str], ...]:
    return (
        (date(year, 1, 1), "Nyårsdagen"),
        (date(year, 1, 6), "Trettondedag jul"),
        (easter - timedelta(days=2), "Långfredagen"),
        (easter, "Påskdagen"),
        (easter + timedelta(days=1), "Annandag påsk"),
        (date(year, 5, 1), "Första maj"),
        (easter + timedelta(days=39), "Kristi himmelsfärdsdag"),
        (easter + timedelta(days=49), "Pingstdagen"),
        (date(year, 6, 6), "Nationaldagen"),
        (_saturday_from(date(year, 6, 20)), "Midsommardagen"),
        (_saturday_from(date(year, 10, 31)), "Alla helgons dag"),
        (date(year, 12, 25), "Juldagen"),
        (date(year, 12, 26), "Annandag jul"),
    )


def _public_from_package(years: list[int]) -> dict[date, str]:
    # Imported here because it loads every country's rules (a tenth of a second or more);
    # only years outside _RULE_YEARS need it.
    import holidays

    # include_sundays is passed explicitly: the Sweden class has at times
    # listed every Sunday as a holiday ("Söndag"), which would swamp the set.
    public = holidays.country_holidays("SE", years=years, include_sundays=False, language="sv")
    return {d: str(name) for d, name in public.items()}


def swedish_holidays(years: Iterable[int]) -> dict[date, str]:
    """
    Name the Swedish non-working holidays of ``years``.

    Years 2005-2100 follow the law's rules directly (a test holds them equal to the
    holidays package year by year), so a calendar costs microseconds instead of the
    package's import; other years, earlier when the law differed, come from the package.

    Args:
        years: calendar years to cover.

    Returns:
        Date to Swedish name: the public holidays of lag (1989:253) plus
        julafton, nyårsafton and midsommarafton. Ordinary Sundays are left
        out; they are weekend days anyway.
    """
    wanted = sorted(set(years))
    others = [y for y in wanted if y not in _RULE_YEARS]
    names = _public_from_package(others) if others else {}
    for year in wanted:
        if year in _RULE_YEARS:
            names.update(_public_by_rule(year))
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
