"""Numbers as a person in Sweden types them: 1 270 000, 1 270 000,50, 6,53, −5.

Every amount, rate and population input uses `SwedishDecimalField` or
`SwedishIntegerField`. Thousands are grouped with a space (normal, no-break or
narrow no-break), decimals follow a comma. A point, or more than one comma, is
refused: "1.270.000" and "1,270,000" mean a million in one convention and
something else in another, and a figure in a fee model must never be guessed.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import formatting

# The spaces people and programs put between thousands: normal, no-break, narrow
# no-break (Word, macOS) and thin.
GROUP_SPACES = str.maketrans({formatting.NBSP: " ", "\u202f": " ", "\u2009": " "})
MINUS = "\u2212"  # the typographic minus sign
NUMBER = re.compile(r"(-?)([0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:,([0-9]+))?")
# Nobody types a longer figure; the limit keeps a pasted megabyte cheap to refuse.
MAX_LENGTH = 60

INVALID = _("Enter a number, for example 1 270 000 or 6,53.")
AMBIGUOUS = _(
    '"%(value)s" can be read in more than one way. Write thousands with a space '
    "and decimals with a comma, for example 1 270 000 or 1 270 000,50."
)


def parse_swedish_number(text: str) -> Decimal:
    """The number in `text`, or a ValidationError (code "invalid" or "ambiguous")."""
    typed = text.strip().translate(GROUP_SPACES).replace(MINUS, "-")
    match = NUMBER.fullmatch(typed) if len(typed) <= MAX_LENGTH else None
    if match is None:
        if "." in typed or typed.count(",") > 1:
            raise ValidationError(
                AMBIGUOUS, code="ambiguous", params={"value": text.strip()}
            )
        raise ValidationError(INVALID, code="invalid")
    sign, whole, fraction = match.groups()
    number = sign + whole.replace(" ", "")
    value = Decimal(f"{number}.{fraction}" if fraction else number)
    # "−0" is zero, not a negative zero shown back as "-0".
    return value.copy_abs() if value.is_zero() else value


def format_swedish_number(value: Decimal | int | float) -> str:
    """1270000.5 → "1 270 000,50", 41.0000 → "41", 0.1234 → "0,1234": the
    decimals a value has, at least two when it has any."""
    number = _decimal(value)
    if number == number.to_integral_value():
        decimals = 0
    else:
        decimals = max(2, -int(number.normalize().as_tuple().exponent))
    # A normal space: what a person types, and what other programs paste as one.
    return formatting.number(number, decimals).replace(formatting.NBSP, " ")


def _decimal(value: Decimal | int | float) -> Decimal:
    # str() first: Decimal(0.1) would keep the float's binary error.
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _field_value(value) -> Decimal | None:
    """What was typed, parsed, or an initial value (a disabled field's) as it is."""
    if isinstance(value, str):
        return parse_swedish_number(value) if value.strip() else None
    return None if value is None else _decimal(value)


class SwedishNumberInput(forms.TextInput):
    """A text input: <input type="number"> refuses the spaces of 1 270 000. The
    field sets inputmode, so phones show a keyboard with digits."""

    def format_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_swedish_number(value)
        return super().format_value(value)


class SwedishDecimalField(forms.DecimalField):
    """An amount or rate; max_digits, decimal_places, min and max as Django's."""

    widget = SwedishNumberInput

    # The stubs make DecimalField an IntegerField, whose to_python gives an int.
    def to_python(self, value) -> Decimal | None:  # type: ignore[override]
        return _field_value(value)

    def widget_attrs(self, widget) -> dict:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


class SwedishIntegerField(forms.IntegerField):
    """A whole number such as a population; min and max as Django's."""

    widget = SwedishNumberInput

    def to_python(self, value) -> int | None:
        number = _field_value(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget) -> dict:
        return {**super().widget_attrs(widget), "inputmode": "numeric"}
