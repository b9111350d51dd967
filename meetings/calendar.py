"""A person's meetings as an iCalendar feed (RFC 5545)."""

import datetime
from collections.abc import Container, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from federation.models import Body, Federation, Person

from .models import AgendaItem, Meeting
from .permissions import can_view_meetings
from .selectors import meetings_for_user

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


# Bodies whose meetings are not the public's (public.selectors has the same kinds):
# their items' titles stay out of a feed that may be synced outside the förbund.
NON_PUBLIC_BODY_KINDS = (Body.Kind.EXTERNAL, Body.Kind.OFFICIALS)


def description(meeting: Meeting, url: str, public_now: Container[int] = ()) -> str:
    """The dagordning as published in the latest kallelse version (its snapshot),
    one line per item, and the meeting page's address. A calendar is often synced
    to a service outside the förbund, so only the title of an item that was public
    in that kallelse and is public now (`public_now`, the ids of the meeting's items
    public today) is shown; the others are named "not public"."""
    versions = list(meeting.kallelse_versions.all())
    latest = max(versions, key=lambda v: v.number, default=None)
    items = latest.snapshot.get("items", []) if latest else []
    with override("sv"):
        lines = [_("Agenda:")] if items else [_("The kallelse is not published yet.")]
        for number, item in enumerate(items, start=1):
            shown = item.get("is_public", True) and item.get("id") in public_now
            title = item.get("title", "") if shown else ""
            lines.append(f"{number}. {title or _('An item that is not public')}")
        lines += ["", _("The agenda and every document: %(url)s") % {"url": url}]
    return "\n".join(lines)


def readable_now(
    person: Person, meetings: Iterable[Meeting], federation: Federation
) -> list[Meeting]:
    """Those of the person's meetings their account may see today, as the meeting
    page decides (meetings.selectors.meetings_for_user): none once the account is
    gone, inactive or without a role in the förbund; one query."""
    meetings = list(meetings)
    user = person.user
    if not meetings or user is None or not user.is_active:
        return []
    if not can_view_meetings(user, federation):
        return []
    allowed = set(
        meetings_for_user(user, federation)
        .filter(pk__in=[m.pk for m in meetings])
        .values_list("pk", flat=True)
    )
    return [m for m in meetings if m.pk in allowed]


def public_item_ids(meetings: list[Meeting]) -> set[int]:
    """The items public today of these meetings (one query): an item made not
    public after its kallelse, or of a body the public does not follow, is not."""
    return set(
        AgendaItem.objects.filter(meeting__in=meetings, is_public=True)
        .exclude(meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)
        .values_list("pk", flat=True)
    )


def calendar_for(
    person: Person, meetings: Iterable[Meeting], federation: Federation
) -> bytes:
    """One VEVENT per meeting the person may see now (readable_now), in Swedish
    time with its VTIMEZONE. SEQUENCE counts the kallelse versions, so a calendar
    replaces the event when kompletterande handlingar are published; DESCRIPTION
    has the dagordning (public titles only) and the page's link."""
    from icalendar import Calendar, Event  # slow

    calendar = Calendar()
    calendar.add("prodid", "-//Förbundsportalen//meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{federation.name}: {person.full_name}")
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(stockholm_timezone())
    base = settings.SITE_URL.rstrip("/")
    stamp = timezone.now()
    shown = readable_now(person, meetings, federation)
    public_now = public_item_ids(shown) if shown else set()
    for meeting in shown:
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
        event.add("description", description(meeting, url, public_now))
        event.add("sequence", max(versions, default=0))
        event.add(
            "status",
            "CONFIRMED" if meeting.status != Meeting.Status.PLANNED else "TENTATIVE",
        )
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
