"""Swedish number formats for templates: 14 840 kr, 2,5 %."""

from decimal import Decimal

from django import template

register = template.Library()

NBSP = "\xa0"


def group_thousands(value: Decimal | int | float, decimals: int = 0) -> str:
    """Format a number the Swedish way: space between thousands, comma for decimals."""
    number = Decimal(str(value))
    text = f"{number:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


@register.filter
def kr(value: Decimal | int | float | None, decimals: int = 0) -> str:
    """14840 → '14 840 kr'."""
    if value is None or value == "":
        return ""
    return f"{group_thousands(value, int(decimals))}{NBSP}kr"


@register.filter
def tal(value: Decimal | int | float | None, decimals: int = 0) -> str:
    """A plain grouped number: 104 256."""
    if value is None or value == "":
        return ""
    return group_thousands(value, int(decimals))


@register.filter
def procent(value: Decimal | int | float | None, decimals: int = 1) -> str:
    """2.5 → '2,5 %'."""
    if value is None or value == "":
        return ""
    return f"{group_thousands(value, int(decimals))}{NBSP}%"
