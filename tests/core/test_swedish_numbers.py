"""core.swedish_numbers: numbers typed the Swedish way, shown back the same way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.swedish_numbers import (
    SwedishDecimalField,
    SwedishIntegerField,
    format_swedish_number,
    parse_swedish_number,
)

NBSP, NNBSP = "\u00a0", "\u202f"
AMBIGUOUS_SV = (
    "”1.270.000” kan läsas på flera sätt. Skriv tusental med mellanslag och "
    "decimaler med komma, till exempel 1 270 000 eller 1 270 000,50."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 270 000", Decimal(1270000)),
        ("1 270 000,50", Decimal("1270000.50")),
        (f"1{NBSP}270{NBSP}000,50", Decimal("1270000.50")),
        (f"1{NNBSP}270{NNBSP}000", Decimal(1270000)),
        ("1\u2009270\u2009000", Decimal(1270000)),
        ("1270000", Decimal(1270000)),
        ("6,53", Decimal("6.53")),
        ("  6,53 ", Decimal("6.53")),
        ("-5", Decimal(-5)),
        ("\u22125", Decimal(-5)),
        ("−1 270 000,5", Decimal("-1270000.5")),
        ("0,0001", Decimal("0.0001")),
        ("1,270", Decimal("1.270")),  # one comma is a decimal comma in Swedish
    ],
)
def test_parse_accepts_swedish_numbers(text, expected):
    assert parse_swedish_number(text) == expected


@pytest.mark.parametrize(
    "text", ["1.270.000", "1,270,000", "1.270", "6.53", "1.270,50", "1,270,000.50"]
)
def test_parse_refuses_points_and_several_commas_as_ambiguous(text):
    with pytest.raises(ValidationError) as refused:
        parse_swedish_number(text)

    assert refused.value.code == "ambiguous"


@pytest.mark.parametrize(
    "text",
    ["", "abc", "12 70 000", "1 2700", "1  270", ",5", "5,", "+5", "- 5", "1e6", "٣"],
)
def test_parse_refuses_what_is_not_a_number(text):
    with pytest.raises(ValidationError) as refused:
        parse_swedish_number(text)

    assert refused.value.code == "invalid"


def test_parse_refuses_a_pasted_megabyte_quickly():
    with pytest.raises(ValidationError):
        parse_swedish_number("1" * 1_000_000)


def test_ambiguity_message_is_swedish():
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        parse_swedish_number("1.270.000")

    assert refused.value.messages == [AMBIGUOUS_SV]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1270000.5, "1 270 000,50"),
        (Decimal("1270000.50"), "1 270 000,50"),
        (Decimal("41.0000"), "41"),
        (Decimal("6.5300"), "6,53"),
        (Decimal("0.1234"), "0,1234"),
        (Decimal("2.500"), "2,50"),
        (104256, "104 256"),
        (-5, "-5"),
        (Decimal(-1270000), "-1 270 000"),
    ],
)
def test_format_writes_the_swedish_way(value, expected):
    assert format_swedish_number(value) == expected


SPACES = st.sampled_from([" ", NBSP, NNBSP])


@given(
    number=st.decimals(
        min_value=-(10**14), max_value=10**14, places=4, allow_nan=False
    ),
    space=SPACES,
)
def test_format_then_parse_gives_the_number_back(number, space):
    text = format_swedish_number(number).replace(" ", space)

    assert parse_swedish_number(text) == number
    assert format_swedish_number(parse_swedish_number(text)) == text.replace(space, " ")


@given(text=st.text(alphabet="0123456789 ,.-", min_size=1).filter(lambda t: "." in t))
def test_a_point_is_never_taken_for_a_number(text):
    with pytest.raises(ValidationError) as refused:
        parse_swedish_number(text)

    assert refused.value.code == "ambiguous"


def test_decimal_field_keeps_digits_places_and_limits():
    field = SwedishDecimalField(max_digits=6, decimal_places=2, min_value=0)

    assert field.clean("1 234,50") == Decimal("1234.50")
    with pytest.raises(ValidationError) as places:
        field.clean("1,505")
    with pytest.raises(ValidationError) as digits:
        field.clean("12 345,50")
    with pytest.raises(ValidationError) as minimum:
        field.clean("−1")
    assert [e.value.error_list[0].code for e in (places, digits, minimum)] == [
        "max_decimal_places",
        "max_digits",
        "min_value",
    ]


def test_integer_field_takes_whole_numbers_only():
    field = SwedishIntegerField(min_value=0, max_value=10_000_000)

    assert [field.clean("104 256"), field.clean("10 050,00")] == [104256, 10050]
    with pytest.raises(ValidationError) as fraction:
        field.clean("10 050,5")
    with pytest.raises(ValidationError) as maximum:
        field.clean("10 000 001")
    assert [e.value.error_list[0].code for e in (fraction, maximum)] == [
        "invalid",
        "max_value",
    ]


def test_empty_input_is_none_and_required_says_so():
    assert SwedishDecimalField(required=False).clean("  ") is None
    with pytest.raises(ValidationError) as refused:
        SwedishIntegerField().clean("")

    assert refused.value.code == "required"


@pytest.mark.parametrize(
    ("field", "inputmode"),
    [(SwedishDecimalField(), "decimal"), (SwedishIntegerField(), "numeric")],
)
def test_widget_is_text_with_an_inputmode_and_the_swedish_value(field, inputmode):
    html = field.widget.render("amount", 1270000)

    assert html == (
        f'<input type="text" name="amount" value="1 270 000" inputmode="{inputmode}">'
    )


def test_widget_shows_what_was_typed_after_an_error():
    html = SwedishDecimalField().widget.render("amount", "1.270.000")

    assert 'value="1.270.000"' in html


@pytest.mark.parametrize("text", ["-0", "−0", "-0,00"])
def test_minus_zero_is_zero(text):
    """Adversary review: "−0" was kept as Decimal("-0") and shown back as "-0"."""
    number = parse_swedish_number(text)

    assert not number.is_signed()
    assert format_swedish_number(number) in {"0", "0,00"}
