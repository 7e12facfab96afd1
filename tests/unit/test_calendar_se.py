"""The Swedish calendar built from the real holidays package."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from engine.calendar_se import default_calendar, swedish_calendar, swedish_holidays

HOLIDAYS_2026 = {
    date(2026, 1, 1): "Nyårsdagen",
    date(2026, 1, 6): "Trettondedag jul",
    date(2026, 4, 3): "Långfredagen",
    date(2026, 4, 5): "Påskdagen",
    date(2026, 4, 6): "Annandag påsk",
    date(2026, 5, 1): "Första maj",
    date(2026, 5, 14): "Kristi himmelsfärdsdag",
    date(2026, 5, 24): "Pingstdagen",
    date(2026, 6, 6): "Nationaldagen",
    date(2026, 6, 19): "Midsommarafton",
    date(2026, 6, 20): "Midsommardagen",
    date(2026, 10, 31): "Alla helgons dag",
    date(2026, 12, 24): "Julafton",
    date(2026, 12, 25): "Juldagen",
    date(2026, 12, 26): "Annandag jul",
    date(2026, 12, 31): "Nyårsafton",
}


def test_swedish_holidays_2026_are_the_known_days() -> None:
    assert swedish_holidays([2026]) == HOLIDAYS_2026


def test_swedish_calendar_holds_exactly_those_days() -> None:
    assert swedish_calendar([2026]).holidays == frozenset(HOLIDAYS_2026)


def test_ordinary_sundays_are_not_listed_but_are_not_business_days() -> None:
    calendar = swedish_calendar([2026])
    sundays = [date(2026, 1, 4) + timedelta(weeks=w) for w in range(52)]
    listed = {s for s in sundays if s in calendar.holidays}
    # Only the Sundays that are holidays in their own right.
    assert listed == {date(2026, 4, 5), date(2026, 5, 24)}
    assert not any(calendar.is_business_day(s) for s in sundays)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 6, 19),  # midsommarafton
        date(2026, 12, 24),  # julafton
        date(2026, 12, 31),  # nyårsafton
        date(2025, 6, 20),  # midsommarafton 2025
        date(2027, 6, 25),  # midsommarafton 2027
        date(2026, 4, 3),  # långfredagen
        date(2026, 5, 14),  # Kristi himmelsfärdsdag
    ],
)
def test_eves_and_holidays_are_not_business_days(day: date) -> None:
    assert not swedish_calendar([2025, 2026, 2027]).is_business_day(day)


def test_business_days_around_christmas_2026() -> None:
    calendar = swedish_calendar([2026, 2027])
    # 23 Dec (Wed) + 1: julafton, juldagen, annandag jul and a Sunday are skipped.
    assert calendar.add_business_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    # 30 Dec + 1: nyårsafton and nyårsdagen are skipped, then a weekend.
    assert calendar.add_business_days(date(2026, 12, 30), 1) == date(2027, 1, 4)


def test_default_calendar_spans_the_year_before_to_five_after() -> None:
    holidays = default_calendar(date(2026, 3, 1)).holidays
    assert {h.year for h in holidays} == set(range(2025, 2032))
    assert date(2031, 12, 24) in holidays
    assert date(2024, 12, 24) not in holidays


def test_the_laws_rules_name_the_same_days_as_the_holidays_package() -> None:
    import holidays

    years = range(1995, 2110)  # before today's law, all of its years, after the package's
    package = {d: str(n) for d, n in holidays.country_holidays(
        "SE", years=list(years), include_sundays=False, language="sv").items()}
    eves = {d: n for d, n in swedish_holidays(years).items()
            if n in ("Julafton", "Nyårsafton", "Midsommarafton")}

    assert swedish_holidays(years) == dict(sorted({**eves, **package}.items()))
