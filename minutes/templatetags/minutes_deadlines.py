"""`{% minutes_deadline_warnings %}` / `{% minutes_deadline_warnings meeting %}`:
the missed deadlines of kommunallagen, for the secretariat only.

For other apps' templates (the meeting page, the start page), so that they never
import minutes code. `meeting` may be the meeting or its id: the meeting page
renders the warning per request around its cached content, with only the id.
"""

from django import template

from meetings.models import Meeting
from minutes.deadlines import deadline_warnings
from minutes.permissions import can_edit_minutes

register = template.Library()


@register.inclusion_tag("minutes/partials/deadline_warnings.html", takes_context=True)
def minutes_deadline_warnings(
    context: template.Context, meeting: Meeting | int | None = None
) -> dict:
    request = context.get("request")
    federation = getattr(request, "federation", None)
    if (
        request is None
        or federation is None
        or not can_edit_minutes(request.user, federation)
    ):
        return {"warnings": []}
    meeting_id = meeting.pk if isinstance(meeting, Meeting) else meeting
    return {
        "warnings": deadline_warnings(federation, meeting_id=meeting_id),
        "request": request,
    }
