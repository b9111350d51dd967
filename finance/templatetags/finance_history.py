"""The reason of a finance history row in words (finance.history_reasons)."""

from django import template

from finance.history_reasons import shown

register = template.Library()


@register.filter
def history_reason(stored: str | None) -> str:
    return shown(stored)
