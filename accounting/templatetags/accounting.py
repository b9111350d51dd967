"""tkr for the bokslut tables, and the mandate-period flag of the finance page."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

from accounting.permissions import can_edit_accounting
from accounting.terms import flags
from core import formatting
from finance.permissions import can_view_finance

register = template.Library()


@register.filter
def tkr(value: Decimal | int | None) -> str:
    """Kronor as whole thousands, as the årsbokslut prints them: 8491650 → 8 492."""
    if value is None or value == "":
        return ""
    thousands = (Decimal(value) / 1000).quantize(Decimal(1), ROUND_HALF_UP)
    return formatting.number(thousands + 0)  # + 0: never "-0"


@register.inclusion_tag("accounting/partials/term_flags.html", takes_context=True)
def term_flags(context) -> dict:
    """The agreements to reassess before the coming mandate period (terms.py)."""
    request = context["request"]
    federation = getattr(request, "federation", None)
    if federation is None or not can_view_finance(request.user, federation):
        return {"flags": []}
    return {
        "flags": flags(federation, timezone.localdate()),
        "can_edit": can_edit_accounting(request.user, federation),
        "request": request,
    }


@register.filter
def total(roll, name: str) -> Decimal:
    """A column's sum of a roll-forward (commitments.RollForward.total)."""
    return roll.total(name)
