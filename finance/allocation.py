"""The arithmetic of fees, free of the database: sharing, rounding, pro rata, plans.

Everything is `Decimal` or `int`; nothing here is ever a float.
"""

import calendar
import datetime
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from core.swedish_days import day_off, next_weekday

ONE = Decimal(1)
HUNDRED = Decimal(100)
Key = TypeVar("Key", bound=Hashable)


def allocate_by_population(
    total: Decimal, populations: Mapping[Key, int], unit: Decimal
) -> dict[Key, Decimal]:
    """Share `total` by population so that the parts add up to `total` exactly.

    Largest remainder: every key first gets the floor of its exact share in whole
    `unit`s; the units left over go one each to the keys with the largest remainders.
    Ties are broken by the larger population first, then by the order of the keys in
    `populations` (callers pass members ordered by kommunkod), so the result is the
    same every time. Each part is a multiple of `unit` and lies less than one `unit`
    from the exact share. Integer arithmetic throughout: no rounding error can creep
    in, whatever the sizes.
    """
    if unit <= 0:
        raise ValueError("unit must be positive")
    units, rest = divmod(Decimal(total), Decimal(unit))
    if rest != 0:
        raise ValueError("total must be a whole number of units")
    if units < 0:
        raise ValueError("total must not be negative")
    if any(int(p) < 0 for p in populations.values()):
        raise ValueError("populations must not be negative")
    whole = int(units)
    sum_population = sum(int(p) for p in populations.values())
    if sum_population == 0:
        if whole == 0:
            return {key: Decimal(0) for key in populations}
        raise ValueError("cannot share an amount among no inhabitants")
    floors: dict[Key, int] = {}
    remainders: list[tuple[int, int, int, Key]] = []
    for position, (key, population) in enumerate(populations.items()):
        floor, remainder = divmod(whole * int(population), sum_population)
        floors[key] = floor
        remainders.append((-remainder, -int(population), position, key))
    leftover = whole - sum(floors.values())
    for _remainder, _population, _position, key in sorted(remainders)[:leftover]:
        floors[key] += 1
    return {key: Decimal(floors[key]) * Decimal(unit) for key in populations}


def round_to_unit(amount: Decimal, unit: Decimal) -> Decimal:
    """Round half up to a whole number of units (1 kr or 1 000 kr)."""
    return (amount / unit).quantize(ONE, rounding=ROUND_HALF_UP) * unit


def floor_krona(amount: Decimal) -> Decimal:
    return amount.quantize(ONE, rounding=ROUND_FLOOR)


def months_in_year(
    year: int, starts: datetime.date | None, ends: datetime.date | None
) -> int:
    """How many months of `year` the period touches (a started month counts)."""
    first = datetime.date(year, 1, 1)
    last = datetime.date(year, 12, 31)
    start = max(first, starts) if starts else first
    end = min(last, ends) if ends else last
    if start > end:
        return 0
    return end.month - start.month + 1


@dataclass(frozen=True)
class PlannedInstalment:
    """A share of the year's amount due on a day of the month."""

    percent: Decimal
    month: int
    day: int


DEFAULT_PLAN = (PlannedInstalment(HUNDRED, 1, 31),)


def due_date(year: int, month: int, day: int) -> datetime.date:
    """The due day, or the month's last day when the month is shorter."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def split_instalments(
    amount: Decimal,
    plan: Iterable[PlannedInstalment],
    *,
    year: int,
    move_weekends: bool = False,
    preliminary_basis: Decimal | None = None,
) -> list[dict]:
    """The instalments of `amount`: each but the last is the floor of its share in
    whole kronor, the last is the rest, so they add up to `amount` exactly.

    With `preliminary_basis` (last year's amount) the first instalment is that
    basis's share and marked preliminary; the last one settles the difference.
    """
    steps = list(plan) or list(DEFAULT_PLAN)
    result: list[dict] = []
    paid = Decimal(0)
    for position, step in enumerate(steps):
        is_last = position == len(steps) - 1
        preliminary = preliminary_basis is not None and position == 0 and not is_last
        basis = (
            preliminary_basis
            if preliminary_basis is not None and preliminary
            else amount
        )
        share = amount - paid if is_last else floor_krona(basis * step.percent / 100)
        paid += share
        day = due_date(year, step.month, step.day)
        # Not a banking day: a weekend, a holiday or an eve (core.swedish_days).
        off = day_off(day)
        moved = next_weekday(day) if off and move_weekends else day
        result.append(
            {
                "position": position + 1,
                "amount": share,
                "due_on": moved,
                "planned_on": day,
                "day_off": off,
                "is_moved": moved != day,
                "is_preliminary": preliminary,
            }
        )
    return result
