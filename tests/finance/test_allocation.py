"""The arithmetic of fees on its own: sharing, rounding, pro rata and instalments."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finance.allocation import (
    PlannedInstalment,
    months_in_year,
    round_to_unit,
    split_instalments,
)
from finance.models import AllocationLine
from finance.selectors import instalments_of
from finance.services import allocate_by_population

D = datetime.date
# Ten kommuner whose exact shares of 14 840 000 kr round half up to one krona too much.
TEN = dict(
    zip(
        "ABCDEFGHIJ",
        [23493, 13755, 16152, 8434, 26260, 5948, 25121, 4519, 10395, 157287],
        strict=True,
    )
)


def test_shared_total_adds_up_where_naive_rounding_gives_one_krona_too_much():
    total = Decimal(14_840_000)
    everyone = sum(TEN.values())
    naive = sum(
        (total * p / everyone).quantize(Decimal(1), ROUND_HALF_UP) for p in TEN.values()
    )

    shares = allocate_by_population(total, TEN, Decimal(1))

    assert naive == Decimal(14_840_001)
    assert sum(shares.values()) == Decimal(14_840_000)
    assert shares["J"] == Decimal(8_011_076)  # exact 8 011 075,77


def test_shares_in_tkr_are_whole_thousands_that_add_up():
    shares = allocate_by_population(
        Decimal(10_000_000), {"a": 1, "b": 1, "c": 1}, Decimal(1000)
    )

    assert shares == {
        "a": Decimal(3_334_000),
        "b": Decimal(3_333_000),
        "c": Decimal(3_333_000),
    }


def test_tie_goes_to_the_larger_population_then_to_the_earlier_key():
    # Exact shares 0.5 and 1.5: equal remainders, the larger population wins.
    larger_wins = allocate_by_population(Decimal(2), {"x": 1, "y": 3}, Decimal(1))
    # Exact shares 0.5, 1 and 0.5: x and z tie on both, the earlier key wins.
    earlier_wins = allocate_by_population(
        Decimal(2), {"x": 1, "y": 2, "z": 1}, Decimal(1)
    )

    assert larger_wins == {"x": Decimal(0), "y": Decimal(2)}
    assert earlier_wins == {"x": Decimal(1), "y": Decimal(1), "z": Decimal(0)}


@pytest.mark.parametrize(
    ("total", "populations", "unit"),
    [
        (Decimal(1500), {"a": 1}, Decimal(1000)),
        (Decimal(-5), {"a": 1}, Decimal(1)),
        (Decimal(5), {"a": 0}, Decimal(1)),
        (Decimal(5), {"a": -1}, Decimal(1)),
        (Decimal(5), {"a": 1}, Decimal(0)),
    ],
)
def test_allocation_refuses_impossible_input(total, populations, unit):
    with pytest.raises(ValueError):  # noqa: PT011 (each case has its own message)
        allocate_by_population(total, populations, unit)


@given(
    units=st.integers(min_value=0, max_value=10**9),
    unit=st.sampled_from([Decimal(1), Decimal(1000)]),
    populations=st.lists(
        st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=300
    ).filter(lambda p: sum(p) > 0),
)
def test_shares_always_add_up_and_stay_within_one_unit(units, unit, populations):
    total = units * unit
    keyed = dict(enumerate(populations))

    shares = allocate_by_population(total, keyed, unit)

    everyone = sum(populations)
    assert sum(shares.values()) == total
    for key, population in keyed.items():
        exact = Fraction(int(total) * population, everyone)
        assert shares[key] % unit == 0
        assert abs(Fraction(int(shares[key])) - exact) < int(unit)


def test_round_to_unit_rounds_half_up():
    assert round_to_unit(Decimal("2.5"), Decimal(1)) == Decimal(3)
    assert round_to_unit(Decimal(134_499), Decimal(1000)) == Decimal(134_000)
    assert round_to_unit(Decimal(134_500), Decimal(1000)) == Decimal(135_000)


@pytest.mark.parametrize(
    ("starts", "ends", "months"),
    [
        (None, None, 12),
        (D(2025, 3, 15), None, 10),
        (None, D(2025, 6, 30), 6),
        (D(2024, 1, 1), D(2024, 12, 31), 0),
        (D(2025, 4, 1), D(2025, 4, 2), 1),
    ],
)
def test_months_in_year_counts_touched_months(starts, ends, months):
    assert months_in_year(2025, starts, ends) == months


HALF_AND_HALF = [
    PlannedInstalment(Decimal(50), 2, 1),
    PlannedInstalment(Decimal(50), 8, 1),
]


def test_instalments_floor_the_first_half_and_flag_weekends():
    instalments = split_instalments(Decimal(1_484_001), HALF_AND_HALF, year=2025)

    assert [(i["amount"], i["due_on"], i["day_off"]) for i in instalments] == [
        (Decimal(742_000), D(2025, 2, 1), "lördag"),
        (Decimal(742_001), D(2025, 8, 1), None),
    ]


def test_an_instalment_on_a_holiday_moves_past_it_when_set():
    plan = [
        PlannedInstalment(Decimal(50), 6, 6),
        PlannedInstalment(Decimal(50), 12, 24),
    ]

    instalments = split_instalments(Decimal(100), plan, year=2025, move_weekends=True)

    assert [(i["planned_on"], i["day_off"], i["due_on"]) for i in instalments] == [
        (D(2025, 6, 6), "Sveriges nationaldag", D(2025, 6, 9)),
        (D(2025, 12, 24), "julafton", D(2025, 12, 29)),
    ]


def test_instalment_on_a_weekend_moves_to_monday_when_set():
    instalments = split_instalments(
        Decimal(100), HALF_AND_HALF, year=2025, move_weekends=True
    )

    assert instalments[0]["due_on"] == D(2025, 2, 3)
    assert instalments[0]["planned_on"] == D(2025, 2, 1)
    assert instalments[0]["is_moved"] is True


def test_preliminary_first_instalment_uses_last_years_amount():
    instalments = split_instalments(
        Decimal(1_030_000),
        HALF_AND_HALF,
        year=2025,
        preliminary_basis=Decimal(1_000_001),
    )

    assert [(i["amount"], i["is_preliminary"]) for i in instalments] == [
        (Decimal(500_000), True),
        (Decimal(530_000), False),
    ]


def test_without_a_plan_the_whole_amount_is_due_at_the_end_of_january():
    instalments = split_instalments(Decimal(900), [], year=2025)

    assert [(i["amount"], i["due_on"]) for i in instalments] == [
        (Decimal(900), D(2025, 1, 31))
    ]


def test_instalments_stored_before_holidays_counted_read_as_weekends():
    """An approved run is frozen: its stored instalments keep what they said."""
    old = {"amount": "100", "due_on": "2025-02-01", "planned_on": "2025-02-01"}
    line = AllocationLine(
        instalments=[{**old, "is_weekend": True}, {**old, "is_weekend": False}]
    )

    assert [i["day_off"] for i in instalments_of(line)] == ["helg", None]
