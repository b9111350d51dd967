"""`{% minutes_deadline_warnings %}` / `{% minutes_deadline_warnings meeting %}`:
the missed deadlines of kommunallagen, for the secretariat only.

For other apps' templates (the meeting page, the start page), so that they never
import minutes code.
"""

from django import template

from minutes.deadlines import deadline_warnings
from minutes.permissions import can_edit_minutes

register = template.Library()


@register.inclusion_tag("minutes/partials/deadline_warnings.html", takes_context=True)
def minutes_deadline_warnings(context: template.Context, meeting=None) -> dict:
    request = context.get("request")
    federation = getattr(request, "federation", None)
    if federation is None or not can_edit_minutes(request.user, federation):
        return {"warnings": []}
    return {
        "warnings": deadline_warnings(federation, meeting=meeting),
        "request": request,
    }
