"""Distansdeltagande: a person asks to take part in a meeting at a distance, where
the body has decided to allow it (BodyMeetingSettings.allows_distance). The upprop
starts from the request; the secretary records what happened
(Attendance.at_distance), and the protokoll says who took part at a distance."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from federation.models import Person
from meetings.models import DistanceRequest, Forhinder, Meeting

from .forhinder import seat_of
from .meetings import meeting_settings_for


def _open_meeting(meeting: Meeting, now: datetime.datetime) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if now >= meeting.starts:
        raise ValidationError(_("The meeting has started; tell the secretary instead."))
    return meeting


@transaction.atomic
def request_distance(
    meeting: Meeting,
    person: Person,
    *,
    comment: str = "",
    by: User | None,
    now: datetime.datetime | None = None,
) -> DistanceRequest:
    """Ask to take part at a distance; refused where the body does not allow it."""
    now = now or timezone.now()
    meeting = _open_meeting(meeting, now)
    if not meeting_settings_for(meeting.body).allows_distance:
        raise ValidationError(
            _("The body has not decided to allow taking part at a distance.")
        )
    if seat_of(meeting, person) is None:
        raise ValidationError(_("You have no seat in this body on the meeting's day."))
    if Forhinder.objects.filter(meeting=meeting, person=person).exclude(
        status=Forhinder.Status.WITHDRAWN
    ):
        raise ValidationError(
            _("You have reported forhinder; withdraw it to take part at a distance.")
        )
    request = DistanceRequest.objects.filter(meeting=meeting, person=person).first()
    if request is not None and request.is_active:
        raise ValidationError(_("You have asked to take part at a distance already."))
    request = request or DistanceRequest(meeting=meeting, person=person)
    request.comment = comment.strip()[:500]
    request.requested_at, request.withdrawn_at = now, None
    history.save(request, by=by, reason="Begäran om distansdeltagande")
    return request


@transaction.atomic
def withdraw_distance(
    request: DistanceRequest,
    *,
    by: User | None,
    now: datetime.datetime | None = None,
) -> DistanceRequest:
    """The person comes to the room after all."""
    now = now or timezone.now()
    _open_meeting(request.meeting, now)
    request = DistanceRequest.objects.get(pk=request.pk)
    if request.is_active:
        request.withdrawn_at = now
        history.save(request, by=by, reason="Distansdeltagande återtaget")
    return request
