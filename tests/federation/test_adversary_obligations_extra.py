"""Adversary (issue 22.2): the request for an extra meeting when the mail server
is down, and the secretariat it tells."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from federation.models import Assignment
from federation.models_obligations import ExtraMeetingNotice, ExtraMeetingRequest
from federation.obligations import ask_for_extra_meeting
from inbox.models import Item
from tests.factories import AssignmentFactory
from tests.federation.test_obligations import srb  # noqa: F401

pytestmark = pytest.mark.django_db


def _down(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("down")


def test_the_ordforande_asking_with_the_mail_server_down_sees_no_error_page(
    client,
    chef,
    srb,  # noqa: F811
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # Before: the mail to the secretariat was sent after the commit and its error
    # reached the ordförande as a server error, although the request was recorded
    # (asking again then said "already asked").
    chef.email = "chef@example.se"
    chef.save()
    chair = AssignmentFactory(
        body=srb, role=Assignment.Role.ORDFORANDE, valid_to=None
    ).person
    chair.user = chef
    chair.save()
    monkeypatch.setattr("federation.obligations.send_mail", _down)
    client.force_login(chef)
    url = reverse(
        "federation:extra_meeting_request", args=[srb.federation.slug, srb.pk]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"person": chair.pk, "reason": "Budgeten"})

    assert response.status_code == 302
    assert ExtraMeetingRequest.objects.filter(person=chair).exists()
    assert ExtraMeetingNotice.objects.count() == 1
    assert Item.objects.filter(user=chef, url=srb.get_absolute_url()).exists()
    assert mail.outbox == []


def test_a_former_administrator_is_not_told(
    chef,
    srb,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    chef.email = "chef@example.se"
    chef.is_active = False
    chef.save()
    chair = AssignmentFactory(
        body=srb, role=Assignment.Role.ORDFORANDE, valid_to=None
    ).person

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_extra_meeting(srb, chair, by=None)

    assert ExtraMeetingNotice.objects.count() == 1
    assert mail.outbox == []
    assert not Item.objects.filter(user=chef).exists()


def test_a_third_counts_the_vice_ordforande_among_the_ledamoter(
    srb,  # noqa: F811
    chef,
    django_capture_on_commit_callbacks,
):
    # Before: only seats with the role "ledamot" counted, so of fifteen (ordförande,
    # two vice, twelve ledamöter) four ledamöter were "a third" and a vice
    # ordförande's request counted for nothing.
    AssignmentFactory(body=srb, role=Assignment.Role.ORDFORANDE, valid_to=None)
    vice = [
        AssignmentFactory(body=srb, role=role, valid_to=None).person
        for role in (Assignment.Role.VICE_1, Assignment.Role.VICE_2)
    ]
    ledamoter = [
        AssignmentFactory(body=srb, role=Assignment.Role.LEDAMOT, valid_to=None).person
        for _ in range(12)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        for person in ledamoter[:4]:
            ask_for_extra_meeting(srb, person, by=chef)
    assert ExtraMeetingNotice.objects.count() == 0  # 4 of 15

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_extra_meeting(srb, vice[0], by=chef)
    assert ExtraMeetingNotice.objects.get().requests.count() == 5  # 5 of 15
