"""core.formatting: the one way numbers and money are written (templates, PDFs, the
explanations of a fee, forms)."""

from decimal import Decimal

import pytest
from django.utils import numberformat, translation
from django.utils.formats import get_format, number_format
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import exact_percent, money, number, percent

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (104256, 0, f"104{NBSP}256"),
        (Decimal("14840000"), 0, f"14{NBSP}840{NBSP}000"),
        (Decimal("6.53"), 2, "6,53"),
        (Decimal("-1270000.5"), 2, f"-1{NBSP}270{NBSP}000,50"),
        (1270000.5, 2, f"1{NBSP}270{NBSP}000,50"),
        (Decimal("1.0070000000"), 6, "1,007000"),
        (999, 0, "999"),
    ],
)
def test_number_groups_thousands_with_a_no_break_space(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_rounds_where_django_cuts_off():
    """Why core.formatting rounds before it hands a number to Django."""
    assert number_format(Decimal("1234.9"), 0, force_grouping=True) == f"1{NBSP}234"
    assert number(Decimal("1234.9")) == f"1{NBSP}235"
    halves = [number(Decimal("2.675"), 2), number(Decimal("0.125"), 2)]

    assert halves == ["2,68", "0,12"]  # half to even, as Python's decimal does


def test_money_and_percent():
    assert money(14840) == f"14{NBSP}840{NBSP}kr"
    assert money(Decimal("6.53"), 2) == f"6,53{NBSP}kr"
    assert percent(Decimal("2.5")) == f"2,5{NBSP}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.5"), f"2,5{NBSP}%"),
        (Decimal(10), f"10{NBSP}%"),
        (Decimal("0.1254"), f"0,125{NBSP}%"),
        (Decimal("-3.100"), f"-3,1{NBSP}%"),
    ],
)
def test_exact_percent_has_no_trailing_zeros(value, expected):
    assert exact_percent(value) == expected


@pytest.mark.parametrize("language", ["en", None])
def test_swedish_whatever_language_is_active(language):
    """A task or command without Swedish active still writes Swedish figures."""
    with translation.override(language):
        written = [money(1270000), percent(Decimal("2.5")), number(-1234.5, 1)]

    assert written == [
        f"1{NBSP}270{NBSP}000{NBSP}kr",
        f"2,5{NBSP}%",
        f"-1{NBSP}234,5",
    ]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("-0"), 0, "0"),
        (Decimal("-0.4"), 0, "0"),
        (-0.0, 0, "0"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("-0.005"), 2, "0,00"),
        (Decimal("-0.006"), 2, "-0,01"),
    ],
)
def test_a_value_rounded_to_zero_has_no_minus(value, decimals, expected):
    assert number(value, decimals) == expected


@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        allow_nan=False,
        allow_infinity=False,
    ),
    st.integers(min_value=0, max_value=6),
)
def test_number_writes_what_djangos_numberformat_writes(value, decimals):
    """Python's grouping with the sv separators gives Django's output, once rounded."""
    rounded = Decimal(f"{value:.{decimals}f}")
    django = numberformat.format(
        rounded,
        get_format("DECIMAL_SEPARATOR", "sv"),
        decimals,
        get_format("NUMBER_GROUPING", "sv"),
        get_format("THOUSAND_SEPARATOR", "sv"),
        force_grouping=True,
    )
    assert number(value, decimals) == django
