"""A person's meetings as an iCalendar feed (RFC 5545)."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from federation.models import Federation, Person

from .models import Meeting

TZID = "Europe/Stockholm"
STOCKHOLM = ZoneInfo(TZID)


def stockholm_timezone():
    """Sweden's time as a VTIMEZONE with the EU's yearly rules (the last Sunday of
    March and of October), as calendar programs write it: a short block that holds
    for every year, rather than a list of dates that ends."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard  # slow

    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0))  # noqa: DTZ001 local
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0))  # noqa: DTZ001 local
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def description(meeting: Meeting, url: str) -> str:
    """The dagordning as published in the latest kallelse version (its snapshot),
    one line per item, and the meeting page's address. A calendar is often synced
    to a service outside the förbund, so an item that is not public shows no title."""
    versions = list(meeting.kallelse_versions.all())
    latest = max(versions, key=lambda v: v.number, default=None)
    items = latest.snapshot.get("items", []) if latest else []
    with override("sv"):
        lines = [_("Agenda:")] if items else [_("The kallelse is not published yet.")]
        for number, item in enumerate(items, start=1):
            title = item.get("title", "") if item.get("is_public", True) else ""
            lines.append(f"{number}. {title or _('An item that is not public')}")
        lines += ["", _("The agenda and every document: %(url)s") % {"url": url}]
    return "\n".join(lines)


def calendar_for(
    person: Person, meetings: Iterable[Meeting], federation: Federation
) -> bytes:
    """One VEVENT per meeting, in Swedish time with its VTIMEZONE. SEQUENCE counts
    the kallelse versions, so a calendar replaces the event when kompletterande
    handlingar are published; DESCRIPTION has the dagordning and the page's link."""
    from icalendar import Calendar, Event  # slow

    calendar = Calendar()
    calendar.add("prodid", "-//Förbundsportalen//meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{federation.name}: {person.full_name}")
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(stockholm_timezone())
    base = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    for meeting in meetings:
        versions = [v.number for v in meeting.kallelse_versions.all()]
        url = base + reverse(
            "meetings:meeting_detail", args=[federation.slug, meeting.pk]
        )
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{federation.slug}.forbundsportalen")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts.astimezone(STOCKHOLM))
        event.add("dtend", meeting.ends.astimezone(STOCKHOLM))
        event.add("summary", f"{meeting.body.name}, sammanträde")
        event.add("location", meeting.place)
        event.add("description", description(meeting, url))
        event.add("sequence", max(versions, default=0))
        event.add(
            "status",
            "CONFIRMED" if meeting.status != Meeting.Status.PLANNED else "TENTATIVE",
        )
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
