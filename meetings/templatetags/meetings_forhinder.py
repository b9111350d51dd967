"""`{% forhinder_controls meeting meetings %}` on Mina sammanträden's cards and
`{% forhinder_panel meeting_id %}` on the meeting page: the reader's own förhinder
and distance request, and for the secretary the chain of inkallelse. Rendered per
request (the meeting page's cached content never holds them)."""

from django import template
from django.utils import timezone

from federation.models import Person
from meetings.forhinder_selectors import OwnState, chain_context, own_states
from meetings.models import Meeting
from meetings.permissions import can_manage_meetings

register = template.Library()


def _states(request, meetings: list[Meeting]) -> dict[int, OwnState]:
    """Once per request for every card of the page."""
    found = getattr(request, "_forhinder_states", None)
    if found is None:
        persons = list(
            Person.objects.filter(federation=request.federation, user=request.user)
        )
        now = timezone.now()
        coming = [m for m in meetings if m.starts > now]
        found = own_states(coming, persons)
        request._forhinder_states = found
    return found


@register.inclusion_tag("meetings/partials/forhinder_own.html", takes_context=True)
def forhinder_controls(
    context: template.Context, meeting: Meeting, meetings=None
) -> dict:
    request = context.get("request")
    if request is None or getattr(request, "federation", None) is None:
        return {}
    state = _states(request, list(meetings or [meeting])).get(meeting.pk)
    return {"state": state, "request": request}


@register.inclusion_tag(
    "meetings/partials/forhinder_chain_panel.html", takes_context=True
)
def forhinder_panel(context: template.Context, meeting_id: int) -> dict:
    """The chain for the secretary; nothing (and no query) for other readers, whose
    meeting page is served from the cache."""
    request = context.get("request")
    federation = getattr(request, "federation", None)
    if (
        request is None
        or federation is None
        or not can_manage_meetings(request.user, federation)
    ):
        return {}
    meeting = (
        Meeting.objects.select_related("body")
        .filter(pk=meeting_id, body__federation=federation)
        .first()
    )
    if meeting is None:
        return {}
    return {"request": request, "show_chain": True, **chain_context(meeting)}
