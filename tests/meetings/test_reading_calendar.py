"""What the calendar feeds show (issue 19.5): the personal feed only what its person
may read now, though it is built from kallelse snapshots; the public feed only the
published meetings of public bodies, and no title of an item."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from federation.models import Body, RoleGrant
from meetings.models import ItemKind
from meetings.services import (
    add_free_item,
    create_meeting,
    issue_calendar_token,
    publish_kallelse,
    remove_item,
    update_item,
)
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _events(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.content).walk("VEVENT")


def _personal(client, token):
    return _events(
        client, reverse("meetings:calendar_feed", args=["testforbund", token.token])
    )


@pytest.fixture
def token(ledamot_person):
    return issue_calendar_token(ledamot_person)


@pytest.fixture
def published(meeting, chef):
    add_free_item(meeting, kind=ItemKind.REPORT, title="Lokalfrågan", by=chef)
    add_free_item(meeting, kind=ItemKind.REPORT, title="Ekonomisk rapport", by=chef)
    publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    return meeting


def test_an_item_made_not_public_after_the_kallelse_loses_its_title(
    client, token, published, chef
):
    before = str(_personal(client, token)[0]["description"])
    item = published.items.get(title="Lokalfrågan")
    update_item(item, by=chef, is_public=False)

    after = str(_personal(client, token)[0]["description"])

    assert "Lokalfrågan" in before
    assert "Lokalfrågan" not in after
    assert "Ett ärende som inte är offentligt" in after
    assert "Ekonomisk rapport" in after


def test_an_item_taken_off_the_agenda_after_the_kallelse_loses_its_title(
    client, token, published, chef
):
    remove_item(published.items.get(title="Lokalfrågan"), by=chef)

    text = str(_personal(client, token)[0]["description"])

    assert "Lokalfrågan" not in text
    assert "Ekonomisk rapport" in text


def test_an_officials_groups_items_show_no_title(client, token, published, body):
    Body.objects.filter(pk=body.pk).update(kind=Body.Kind.OFFICIALS)

    text = str(_personal(client, token)[0]["description"])

    assert "Lokalfrågan" not in text
    assert "Ekonomisk rapport" not in text


def test_the_feed_is_empty_once_the_account_may_no_longer_read(
    client, token, published, ledamot
):
    assert len(_personal(client, token)) == 1
    RoleGrant.objects.filter(user=ledamot).delete()
    cache.clear()  # the grants are cached per user (federation.access)
    no_role = _personal(client, token)
    RoleGrant.objects.create(
        user=ledamot, federation=published.body.federation, role="fortroendevald"
    )
    ledamot.is_active = False
    ledamot.save()
    cache.clear()

    inactive = _personal(client, token)

    assert (no_role, inactive) == ([], [])


def test_the_feed_has_no_meeting_of_a_body_the_person_no_longer_sat_in(
    client, token, published, ledamot_person, chef
):
    later = create_meeting(
        published.body, date=D(2024, 9, 6), starts_at=datetime.time(9), by=chef
    )
    ledamot_person.assignments.update(valid_to=D(2024, 6, 30))
    cache.clear()

    uids = [str(e["uid"]) for e in _personal(client, token)]

    assert uids == [f"meeting-{published.pk}@testforbund.forbundsportalen"]
    assert f"meeting-{later.pk}@" not in " ".join(uids)


def test_the_public_feed_has_published_meetings_of_public_bodies_without_titles(
    client, body, chef, federation
):
    day = timezone.localdate() + datetime.timedelta(days=20)
    announced = create_meeting(body, date=day, starts_at=datetime.time(9), by=chef)
    add_free_item(announced, kind=ItemKind.REPORT, title="Lokalfrågan", by=chef)
    add_free_item(
        announced,
        kind=ItemKind.REPORT,
        title="Förhandling om namngiven anställd",
        is_public=False,
        by=chef,
    )
    publish_kallelse(announced, by=chef, today=timezone.localdate())
    planned = create_meeting(
        body, date=day + datetime.timedelta(days=7), starts_at=datetime.time(9), by=chef
    )
    officials = BodyFactory(
        federation=federation, name="Tjänstemannagruppen", kind=Body.Kind.OFFICIALS
    )
    closed = create_meeting(officials, date=day, starts_at=datetime.time(9), by=chef)
    add_free_item(closed, kind=ItemKind.REPORT, title="Lönesättning", by=chef)
    publish_kallelse(closed, by=chef, today=timezone.localdate())

    events = _events(client, reverse("public:calendar_feed", args=["testforbund"]))

    feed = "\n".join(e.to_ical().decode() for e in events)
    assert [str(e["uid"]) for e in events] == [
        f"public-meeting-{announced.pk}@testforbund.forbundsportalen"
    ]
    assert f"-{planned.pk}@" not in feed
    assert f"-{closed.pk}@" not in feed
    for title in ("Lokalfrågan", "Förhandling", "Lönesättning"):
        assert title not in feed
