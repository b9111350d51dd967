"""A person's meetings as an iCalendar feed (RFC 5545)."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from federation.models import Federation, Person

from .models import Meeting


def calendar_for(
    person: Person, meetings: Iterable[Meeting], federation: Federation
) -> bytes:
    """One VEVENT per meeting. SEQUENCE counts the kallelse versions, so a calendar
    replaces the event when kompletterande handlingar are published."""
    from icalendar import Calendar, Event  # slow

    calendar = Calendar()
    calendar.add("prodid", "-//Förbundsportalen//meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{federation.name}: {person.full_name}")
    base = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    for meeting in meetings:
        versions = [v.number for v in meeting.kallelse_versions.all()]
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{federation.slug}.forbundsportalen")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts)
        event.add("dtend", meeting.ends)
        event.add("summary", f"{meeting.body.name}, sammanträde")
        event.add("location", meeting.place)
        event.add("sequence", max(versions, default=0))
        event.add(
            "status",
            "CONFIRMED" if meeting.status != Meeting.Status.PLANNED else "TENTATIVE",
        )
        event.add(
            "url",
            base
            + reverse("meetings:meeting_detail", args=[federation.slug, meeting.pk]),
        )
        calendar.add_component(event)
    return calendar.to_ical()
