"""The iCal feed (issue 19.5): it parses with icalendar, has Sweden's VTIMEZONE and a
DESCRIPTION with the dagordning and the meeting's link, and SEQUENCE grows with the
kallelse version. The calendar section offers webcal:// and a copy button."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings.models import ItemKind
from meetings.services import (
    add_case_item,
    add_free_item,
    issue_calendar_token,
    publish_kallelse,
)
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _url(name, *args):
    return reverse(f"meetings:{name}", args=["testforbund", *args])


@pytest.fixture
def token(ledamot_person):
    return issue_calendar_token(ledamot_person)


def _event(client, token):
    response = client.get(_url("calendar_feed", token.token))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_feed_has_swedens_timezone_and_local_times(
    client, token, meeting, chef, federation
):
    add_free_item(meeting, kind=ItemKind.REPORT, title="Verksamhetsrapport", by=chef)

    calendar, event = _event(client, token)

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Stockholm"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert event["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("dtstart").isoformat() == "2024-03-01T09:00:00+01:00"
    assert event.decoded("dtend").isoformat() == "2024-03-01T12:00:00+01:00"


def test_a_summer_meeting_is_at_its_swedish_hour(client, token, body, chef):
    from meetings.services import create_meeting  # noqa: PLC0415 leaf

    summer = create_meeting(
        body, date=D(2024, 6, 10), starts_at=datetime.time(13), by=chef
    )

    calendar = Calendar.from_ical(
        client.get(_url("calendar_feed", token.token)).content
    )

    event = next(e for e in calendar.walk("VEVENT") if f"-{summer.pk}@" in e["uid"])
    assert event.decoded("dtstart").isoformat() == "2024-06-10T13:00:00+02:00"


def test_the_description_has_the_published_agenda_and_the_link(
    client, token, meeting, chef, federation
):
    add_case_item(
        meeting,
        case=CaseFactory(federation=federation, title="Ny brandstation"),
        by=chef,
    )
    add_free_item(
        meeting,
        kind=ItemKind.REPORT,
        title="Förhandling om löner för namngiven anställd",
        is_public=False,
        by=chef,
    )
    _, planned = _event(client, token)
    publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))

    _, event = _event(client, token)

    text = str(event["description"])
    assert "Kallelsen är inte publicerad än." in str(planned["description"])
    assert text.startswith("Dagordning:")
    assert "Ny brandstation" in text
    assert "Ett ärende som inte är offentligt" in text
    assert "Förhandling om löner" not in text
    assert _url("meeting_detail", meeting.pk) in text
    assert str(event["url"]).endswith(_url("meeting_detail", meeting.pk))


def test_sequence_grows_with_the_kallelse_version(client, token, meeting, chef):
    add_free_item(meeting, kind=ItemKind.REPORT, title="Rapport", by=chef)
    _, planned = _event(client, token)
    publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    _, first = _event(client, token)
    add_free_item(meeting, kind=ItemKind.REPORT, title="Ny punkt", by=chef)
    publish_kallelse(meeting, by=chef, change_note="Ny punkt")

    _, second = _event(client, token)

    assert (planned["sequence"], first["sequence"], second["sequence"]) == (0, 1, 2)
    assert "Ny punkt" in str(second["description"])
    assert "Ny punkt" not in str(first["description"])


def test_the_calendar_section_offers_webcal_and_a_copy_button(client, ledamot, token):
    client.force_login(ledamot)

    response = client.get(_url("my_meetings"))

    html = response.content.decode()
    feed = _url("calendar_feed", token.token)
    assert f'href="webcal://testserver{feed}"' in html
    assert f'value="http://testserver{feed}"' in html
    assert 'data-copy="calendar-address"' in html
    assert "<script>" not in html
    assert "onclick" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
