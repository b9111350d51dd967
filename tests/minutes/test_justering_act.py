"""Justering as a deliberate act (issue 15.4): the password again, the code where
the account has a device, the protokoll's fingerprint as shown; the method printed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from minutes.frozen import underlag_sha256
from minutes.models import Approval, Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
)
from tests.factories import UserFactory
from tests.second_factor import code_for


@pytest.fixture
def sent(minutes, people, chef):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    return minutes


def _approve(client, federation, minutes, **data):
    url = reverse("minutes:approve", args=[federation.slug, minutes.meeting_id])
    return client.post(url, {"shown_sha256": underlag_sha256(minutes), **data})


def _approval(minutes, person) -> Approval:
    return minutes.approvals.get(person=person, role=Approval.Role.JUSTERARE)


@pytest.mark.parametrize("password", ["", "fel"])
def test_justering_without_the_password_is_refused(
    client, ledamot, federation, sent, people, password
):
    client.force_login(ledamot)

    _approve(client, federation, sent, password=password)

    assert _approval(sent, people.l1).approved_at is None


def test_justering_with_the_password_records_the_method_and_fingerprint(
    client, ledamot, federation, sent, people
):
    client.force_login(ledamot)
    shown = underlag_sha256(sent)

    _approve(client, federation, sent, password="demo")

    approval = _approval(sent, people.l1)
    assert (approval.method, approval.shown_sha256) == ("password", shown)


def test_an_account_with_a_device_must_give_the_code(
    client, ledamot, federation, sent, people
):
    device = TOTPDevice.objects.create(user=ledamot, name="Telefon", confirmed=True)
    client.force_login(ledamot)

    _approve(client, federation, sent, password="demo")
    refused = _approval(sent, people.l1).approved_at
    _approve(client, federation, sent, password="demo", code=code_for(device))

    approval = _approval(sent, people.l1)
    assert refused is None
    assert approval.method == "password_totp"


def test_a_protokoll_changed_since_it_was_shown_is_refused(sent, people):
    people.l2.first_name = "Ändrad"  # the register changes after the page was read
    shown = underlag_sha256(sent)
    people.l2.save()

    with pytest.raises(ValidationError) as error:
        approve_minutes(
            sent, user=people.l1.user, method="password", shown_sha256=shown
        )

    with translation.override("sv"):
        expected = gettext(
            "The protokoll has changed since you read it. Read it again."
        )
    assert error.value.messages == [expected]
    assert _approval(sent, people.l1).approved_at is None


def test_the_method_is_printed_in_the_justering_block(
    sent, people, django_capture_on_commit_callbacks
):
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    with django_capture_on_commit_callbacks(execute=True):
        approve_minutes(sent, user=people.l1.user, method="password_totp")
        approve_minutes(sent, user=people.ordf.user, method="password")

    sent = Minutes.objects.get(pk=sent.pk)
    signatures = sent.versions.get(kind="internal").snapshot["signatures_html"]
    assert sent.status == Minutes.Status.JUSTERAT
    with translation.override("sv"):
        labels = [
            str(m.label)
            for m in (Approval.Method.PASSWORD, Approval.Method.PASSWORD_TOTP)
        ]
    assert signatures.count("justerat elektroniskt") == 2
    assert [signatures.count(f"({label})") for label in labels] == [1, 1]
