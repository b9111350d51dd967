"""Days off in Sweden, and the next weekday after one.

Lag (1930:173) om beräkning av lagstadgad tid: a period whose last day is a
Saturday, a Sunday, another allmän helgdag (Lag (1989:253)), midsommarafton,
julafton or nyårsafton runs to the next weekday. The banks count the same days as
not banking days, so a förfallodag moves by the same rule.
"""

import datetime
from functools import cache

ONE_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    """Påskdagen, by the Gregorian computus (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _saturday_between(year: int, month: int, first: int) -> datetime.date:
    """The Saturday in the week that starts on `first` of the month."""
    day = datetime.date(year, month, first)
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


@cache
def days_off(year: int) -> dict[datetime.date, str]:
    """The year's named days off (weekends aside), in Swedish."""
    easter = easter_sunday(year)
    midsummer = _saturday_between(year, 6, 20)
    all_saints = _saturday_between(year, 10, 31)
    return {
        datetime.date(year, 1, 1): "nyårsdagen",
        datetime.date(year, 1, 6): "trettondedag jul",
        easter - 2 * ONE_DAY: "långfredagen",
        easter - ONE_DAY: "påskafton",
        easter: "påskdagen",
        easter + ONE_DAY: "annandag påsk",
        datetime.date(year, 5, 1): "första maj",
        easter + 39 * ONE_DAY: "Kristi himmelsfärdsdag",
        easter + 49 * ONE_DAY: "pingstdagen",
        datetime.date(year, 6, 6): "Sveriges nationaldag",
        midsummer - ONE_DAY: "midsommarafton",
        midsummer: "midsommardagen",
        all_saints: "alla helgons dag",
        datetime.date(year, 12, 24): "julafton",
        datetime.date(year, 12, 25): "juldagen",
        datetime.date(year, 12, 26): "annandag jul",
        datetime.date(year, 12, 31): "nyårsafton",
    }


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
