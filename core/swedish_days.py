"""Days off in Sweden, and the next weekday after one.

Lag (1930:173) om beräkning av lagstadgad tid: a period whose last day is a
Saturday, a Sunday, another allmän helgdag (Lag (1989:253)), midsommarafton,
julafton or nyårsafton runs to the next weekday. The banks count the same days as
not banking days, so a förfallodag moves by the same rule.

The helgdagar and the three aftnar come from the `holidays` package (its PUBLIC
and DE_FACTO categories for Sweden, which cover the years 1953 to 2100); Saturdays
and Sundays are a weekday test here, not rows of the package.
"""

import datetime
from functools import cache

import holidays
from dateutil.easter import easter

ONE_DAY = datetime.timedelta(days=1)

# The package's Swedish names are capitalised as headings ("Nyårsdagen"); ours are
# written as in running text, and the national day by its name in Lag (1989:253).
_NAMES = {
    "Kristi himmelsfärdsdag": "Kristi himmelsfärdsdag",
    "Nationaldagen": "Sveriges nationaldag",
}


def easter_sunday(year: int) -> datetime.date:
    """Påskdagen, by the Gregorian computus (dateutil's, as the package uses)."""
    return easter(year)


def _name(package_name: str) -> str:
    return _NAMES.get(package_name, package_name[0].lower() + package_name[1:])


@cache
def days_off(year: int) -> dict[datetime.date, str]:
    """The year's named days off (weekends aside), in Swedish."""
    sweden = holidays.Sweden(
        years=year,
        language="sv",
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
        include_sundays=False,  # a Sunday is "söndag" in day_off, not a named day
    )
    # Two helgdagar can fall on one day (första maj and Kristi himmelsfärdsdag in 2008).
    named = {day: " och ".join(map(_name, sweden.get_list(day))) for day in sweden}
    # Påskafton is always a Saturday, so a day off anyway; the package keeps it
    # among its OPTIONAL days (with half days and klämdagar), so it is named here.
    if named:
        named[easter_sunday(year) - ONE_DAY] = "påskafton"
    return dict(sorted(named.items()))


def day_off(day: datetime.date) -> str | None:
    """What makes the day a day off ("lördag", "julafton", ...), or None."""
    named = days_off(day.year).get(day)
    if named:
        return named
    if day.weekday() == 5:
        return "lördag"
    if day.weekday() == 6:
        return "söndag"
    return None


def next_weekday(day: datetime.date) -> datetime.date:
    """The day itself when it is a weekday, else the first weekday after it."""
    while day_off(day):
        day += ONE_DAY
    return day
