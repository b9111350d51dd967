"""Swedish number filters for templates: 14 840 kr, 104 256, 2,5 %.

Thin wrappers of core.formatting, the one place numbers are written; an empty value
shows as nothing.
"""

from decimal import Decimal

from django import template

from core import formatting

register = template.Library()

Number = Decimal | int | float | str | None


@register.filter
def kr(value: Number, decimals: int = 0) -> str:
    """14840 → '14 840 kr'."""
    if value is None or value == "":
        return ""
    return formatting.money(Decimal(str(value)), int(decimals))


@register.filter
def tal(value: Number, decimals: int = 0) -> str:
    """A plain grouped number: 104 256."""
    if value is None or value == "":
        return ""
    return formatting.number(Decimal(str(value)), int(decimals))


@register.filter
def procent(value: Number, decimals: int = 1) -> str:
    """2.5 → '2,5 %'."""
    if value is None or value == "":
        return ""
    return formatting.percent(Decimal(str(value)), int(decimals))
