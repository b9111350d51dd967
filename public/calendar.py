"""The public meeting calendar as iCalendar (RFC 5545), without a token: the same
meetings the public calendar page lists (public.selectors.public_meetings)."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from federation.models import Federation
from meetings.models import Meeting


def public_calendar(
    federation: Federation, meetings: Iterable[Meeting], name: str
) -> bytes:
    """One VEVENT per meeting; its UID differs from the personal feed's (another
    calendar), SEQUENCE counts the kallelse versions as there."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Förbundsportalen//public//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    base = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    for meeting in meetings:
        versions = [v.number for v in meeting.kallelse_versions.all()]
        event = Event()
        event.add(
            "uid", f"public-meeting-{meeting.pk}@{federation.slug}.forbundsportalen"
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts)
        event.add("dtend", meeting.ends)
        event.add("summary", f"{meeting.body.name}, sammanträde")
        event.add("location", meeting.place)
        event.add("sequence", max(versions, default=0))
        event.add("status", "CONFIRMED")
        event.add(
            "url", base + reverse("public:meeting", args=[federation.slug, meeting.pk])
        )
        calendar.add_component(event)
    return calendar.to_ical()
