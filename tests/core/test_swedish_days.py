import datetime

import pytest

from core.swedish_days import day_off, days_off, easter_sunday, next_weekday

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # the latest possible
        (2285, D(2285, 3, 22)),  # the earliest possible
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_days_off_of_2024():
    assert days_off(2024) == {
        D(2024, 1, 1): "nyårsdagen",
        D(2024, 1, 6): "trettondedag jul",
        D(2024, 3, 29): "långfredagen",
        D(2024, 3, 30): "påskafton",
        D(2024, 3, 31): "påskdagen",
        D(2024, 4, 1): "annandag påsk",
        D(2024, 5, 1): "första maj",
        D(2024, 5, 9): "Kristi himmelsfärdsdag",
        D(2024, 5, 19): "pingstdagen",
        D(2024, 6, 6): "Sveriges nationaldag",
        D(2024, 6, 21): "midsommarafton",
        D(2024, 6, 22): "midsommardagen",
        D(2024, 11, 2): "alla helgons dag",
        D(2024, 12, 24): "julafton",
        D(2024, 12, 25): "juldagen",
        D(2024, 12, 26): "annandag jul",
        D(2024, 12, 31): "nyårsafton",
    }


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2025, 2, 1), "lördag"),
        (D(2025, 2, 2), "söndag"),
        (D(2025, 6, 20), "midsommarafton"),
        (D(2026, 10, 31), "alla helgons dag"),  # the first Saturday it can be
        (D(2025, 2, 3), None),
    ],
)
def test_day_off(day, name):
    assert day_off(day) == name


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (D(2025, 2, 3), D(2025, 2, 3)),  # a Monday stays
        (D(2025, 2, 1), D(2025, 2, 3)),  # a Saturday goes to Monday
        (D(2024, 3, 29), D(2024, 4, 2)),  # långfredagen to the Tuesday after Easter
        (D(2024, 12, 31), D(2025, 1, 2)),  # nyårsafton past nyårsdagen
        (D(2025, 12, 24), D(2025, 12, 29)),  # julafton to the Monday after
        (D(2025, 6, 6), D(2025, 6, 9)),  # nationaldagen on a Friday
    ],
)
def test_next_weekday(day, weekday):
    assert next_weekday(day) == weekday
