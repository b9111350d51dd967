"""Calendar feeds: a person's secret feed address, and the feed itself."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federation.http import FederationRequest, PublicRequest
from federation.models import Person
from federation.selectors import federation_view
from meetings import services
from meetings.calendar import calendar_for
from meetings.permissions import can_view_meetings
from meetings.selectors import feed_meetings, feed_token


@require_POST
@federation_view(can_view_meetings)
def calendar_token_issue(request: FederationRequest) -> HttpResponse:
    person = get_object_or_404(Person, federation=request.federation, user=request.user)
    services.issue_calendar_token(person, by=request.user)
    messages.success(request, _("Your calendar address is ready. Keep it to yourself."))
    return redirect("meetings:my_meetings", request.federation.slug)


@require_POST
@federation_view(can_view_meetings)
def calendar_token_revoke(request: FederationRequest) -> HttpResponse:
    services.revoke_calendar_tokens_of(request.user, request.federation)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("meetings:my_meetings", request.federation.slug)


@federation_view(public=True)
def calendar_feed(request: PublicRequest, token: str) -> HttpResponse:
    """The person's meetings as iCalendar; the secret in the URL is the credential."""
    found = feed_token(request.federation, token)
    if found is None:
        raise Http404
    meetings = feed_meetings(request.federation, found.person)
    body = calendar_for(found.person, meetings, request.federation)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
