"""Oläst counted exactly (issue 19.3): the badges on the meeting page are the
handlingar new or changed since the reader last opened it, and the items that hold
them; opening the meeting clears them, and Nytt's items about it are read."""

import re

import pytest
from django.urls import reverse

from cases.services import update_document
from inbox.models import Item
from inbox.selectors import unread_count
from inbox.services import post
from meetings.services import add_case_item, publish_kallelse, update_item
from tests.cases.factories import CaseFactory

from .test_reading_phone import D, _document, _url

pytestmark = pytest.mark.django_db
UNREAD = re.compile(r'data-unread="([id][0-9]+)" class="badge badge--unread"')


@pytest.fixture
def case(federation):
    return CaseFactory(federation=federation, title="Ny brandstation")


@pytest.fixture
def bilaga(case, chef):
    return _document(case, chef, "Kostnadskalkyl")


@pytest.fixture
def published(meeting, chef, case, bilaga, django_capture_on_commit_callbacks):
    add_case_item(meeting, case=case, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    return meeting


def _unread(client, meeting) -> list[str]:
    html = client.get(_url("meeting_detail", meeting.pk)).content.decode()
    return sorted(UNREAD.findall(html))


def test_the_badges_are_exactly_the_changed_handlingar_and_their_item(
    client, ledamot, ledamot_person, published, case, bilaga, chef
):
    second = _document(case, chef, "Ritning")
    third = _document(case, chef, "Tidplan")
    item = published.items.get(case=case)
    client.force_login(ledamot)
    first = _unread(client, published)
    again = _unread(client, published)

    update_document(bilaga, by=chef, title="Reviderad kostnadskalkyl")
    update_document(third, by=chef, title="Reviderad tidplan")
    changed = _unread(client, published)
    after = _unread(client, published)

    assert {f"d{bilaga.pk}", f"d{second.pk}", f"d{third.pk}", f"i{item.pk}"} <= set(
        first
    )
    assert again == []
    assert changed == sorted([f"d{bilaga.pk}", f"d{third.pk}", f"i{item.pk}"])
    assert after == []


def test_an_item_changed_alone_is_unread_without_its_handlingar(
    client, ledamot, ledamot_person, published, case, bilaga, chef
):
    client.force_login(ledamot)
    _unread(client, published)
    item = published.items.get(case=case)

    update_item(item, by=chef, minutes=25)

    assert _unread(client, published) == [f"i{item.pk}"]


def test_opening_the_meeting_reads_nytt_about_it_each_time_news_comes(
    client,
    ledamot,
    ledamot_person,
    published,
    federation,
    django_capture_on_commit_callbacks,
):
    page = _url("meeting_detail", published.pk)
    other = reverse("meetings:my_meetings", args=["testforbund"])
    Item.objects.all().delete()  # the kallelse's own notice: this test posts its own
    client.force_login(ledamot)
    with django_capture_on_commit_callbacks(execute=True):
        post(ledamot, federation=federation, kind="kallelse", title="K", url=page)
        post(ledamot, federation=federation, kind="kallelse", title="O", url=other)
    client.get(page)
    first = unread_count(ledamot, federation)
    client.get(page)
    with django_capture_on_commit_callbacks(execute=True):
        post(ledamot, federation=federation, kind="supplement", title="S", url=page)
    news = unread_count(ledamot, federation)

    client.get(page)

    assert (first, news, unread_count(ledamot, federation)) == (1, 2, 1)
    assert list(Item.objects.filter(read_at__isnull=True).values_list("url")) == [
        (other,)
    ]
