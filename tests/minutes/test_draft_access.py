"""A protokoll is not available before it is justerat: only the förbund's staff read
the draft, and once it is sent the justerare and ordförande asked to approve it; any
other förtroendevald gets a 404 (its existence is not revealed) until it is justerat."""

import datetime

import pytest
from django.urls import reverse

from federation.roles import Role
from minutes.models import Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
)
from tests.factories import UserFactory, grant

FRIDAY = datetime.date(2024, 3, 8)


@pytest.fixture
def other_ledamot(federation, people):
    """A förtroendevald of the same body who is not asked to justera."""
    user = UserFactory(username="lars")
    grant(user, federation, Role.FORTROENDEVALD)
    people.l2.user = user
    people.l2.save()
    return user


def _urls(minutes):
    args = [minutes.meeting.body.federation.slug, minutes.meeting.pk]
    return [reverse("minutes:detail", args=args), reverse("minutes:pdf", args=args)]


def _statuses(client, user, minutes):
    client.force_login(user)
    return [client.get(url).status_code for url in _urls(minutes)]


def _sent(minutes, people, chef):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    minutes.refresh_from_db()


def test_a_draft_is_read_by_staff_only(
    client, minutes, people, chef, handlaggare, ledamot
):
    add_paragraphs_from_agenda(minutes, by=chef)
    # The ledamot is chosen justerare already: no matter before it is sent.
    choose_justerare(minutes, persons=[people.l1], by=chef)

    assert _statuses(client, chef, minutes) == [200, 200]
    assert _statuses(client, handlaggare, minutes) == [200, 200]
    assert _statuses(client, ledamot, minutes) == [404, 404]


def test_once_sent_the_justerare_reads_it_and_another_ledamot_does_not(
    client, minutes, people, chef, ledamot, other_ledamot
):
    _sent(minutes, people, chef)

    assert minutes.status == Minutes.Status.SENT
    assert _statuses(client, ledamot, minutes) == [200, 200]
    assert _statuses(client, other_ledamot, minutes) == [404, 404]


def test_once_justerat_every_ledamot_reads_it(
    client, minutes, people, chef, ledamot, other_ledamot
):
    _sent(minutes, people, chef)
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=people.ordf.user, today=FRIDAY)
    minutes.refresh_from_db()

    assert minutes.status == Minutes.Status.JUSTERAT
    detail = _urls(minutes)[0]
    client.force_login(other_ledamot)
    assert client.get(detail).status_code == 200
