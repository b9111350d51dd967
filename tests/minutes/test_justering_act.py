"""Justering as a deliberate act (issue 15.4): the password again, the code where
the account has a device, the protokoll's fingerprint as shown; the method printed."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle
from core.verification import find_document
from minutes.frozen import underlag_sha256
from minutes.models import Approval, JusteringUnderlag, Minutes, Reservation
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
    update_reservation_motivation,
)
from tests.factories import UserFactory
from tests.second_factor import code_for


@pytest.fixture
def sent(minutes, people, chef, django_capture_on_commit_callbacks):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        send_for_justering(minutes, by=chef)
    return minutes


def _underlag(minutes) -> JusteringUnderlag:
    return minutes.underlag.order_by("-pk").first()


def _approve(client, federation, minutes, follow=False, **data):
    url = reverse("minutes:approve", args=[federation.slug, minutes.meeting_id])
    data = {"shown_sha256": _underlag(minutes).sha256, **data}
    return client.post(url, data, follow=follow)


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
    shown = _underlag(sent).sha256

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


def _message(text: str) -> list[str]:
    with translation.override("sv"):
        return [gettext(text)]


def test_a_protokoll_changed_since_it_was_sent_is_refused_until_sent_again(
    sent, people, chef, django_capture_on_commit_callbacks
):
    shown = _underlag(sent).sha256
    people.l2.first_name = "Ändrad"  # the register changes after the sending
    people.l2.save()

    with pytest.raises(ValidationError) as error:
        approve_minutes(
            sent, user=people.l1.user, method="password", shown_sha256=shown
        )
    with django_capture_on_commit_callbacks(execute=True):
        send_for_justering(sent, by=chef)
    with pytest.raises(ValidationError) as stale:
        approve_minutes(
            sent, user=people.l1.user, method="password", shown_sha256=shown
        )
    newest = _underlag(sent)
    approve_minutes(
        sent, user=people.l1.user, method="password", shown_sha256=newest.sha256
    )

    assert error.value.messages == _message(
        "The minutes are no longer what was sent for justering. "
        "The secretary sends them again."
    )
    assert stale.value.messages == _message(
        "The minutes have changed since you read them. Read them again."
    )
    assert sent.underlag.count() == 2
    assert newest.sha256 != shown
    assert "Ändrad" in str(newest.snapshot)
    assert _approval(sent, people.l1).shown_sha256 == newest.sha256


def test_the_justering_page_shows_the_stored_underlag_it_justerar(
    client, ledamot, federation, sent, monkeypatch
):
    underlag = _underlag(sent)
    data = underlag.file.open("rb").read()
    client.force_login(ledamot)
    monkeypatch.setattr("core.pdf._html", lambda *a, **k: pytest.fail("rendered"))

    page = client.get(
        reverse("minutes:detail", args=[federation.slug, sent.meeting_id])
    )
    served = client.get(
        reverse("minutes:underlag_pdf", args=[federation.slug, sent.meeting_id])
    )

    content = page.content.decode()
    assert underlag.sha256 == hashlib.sha256(data).hexdigest()
    assert underlag.content_sha256 == underlag_sha256(sent)
    assert b"".join(served.streaming_content) == data
    assert underlag.sha256 in content
    pages = "sida" if underlag.page_count == 1 else "sidor"
    assert f"Justeringsunderlag (PDF, {underlag.page_count} {pages})" in content
    assert page.context["justering_form"].initial["shown_sha256"] == underlag.sha256


def test_no_justering_before_the_underlag_is_stored(
    client, ledamot, federation, minutes, people, chef
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)  # its build task is not run
    client.force_login(ledamot)

    page = client.get(
        reverse("minutes:detail", args=[federation.slug, minutes.meeting_id])
    )
    refused = client.post(
        reverse("minutes:approve", args=[federation.slug, minutes.meeting_id]),
        {"password": "demo", "shown_sha256": underlag_sha256(minutes)},
    )

    assert "justering_form" not in page.context
    assert "Justeringsunderlaget tas fram" in page.content.decode()
    assert refused.status_code == 302
    assert _approval(minutes, people.l1).approved_at is None


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


def test_passwords_tried_at_the_justering_are_throttled_as_at_the_login(
    client, ledamot, federation, sent, people, monkeypatch
):
    now = throttle.clock()
    monkeypatch.setattr(throttle, "clock", lambda: now)
    client.force_login(ledamot)
    for _ in range(4):
        _approve(client, federation, sent, password="fel")

    throttled = _approve(client, federation, sent, password="demo", follow=True)
    waited = now + throttle.wait_after(4, throttle.Scope.USERNAME_AND_ADDRESS)
    monkeypatch.setattr(throttle, "clock", lambda: waited)
    _approve(client, federation, sent, password="demo")

    assert "För många försök" in throttled.content.decode()
    assert _approval(sent, people.l1).approved_at is not None


def test_a_motivation_written_during_justering_asks_every_justering_again(
    sent, people, chef, mailoutbox, django_capture_on_commit_callbacks
):
    paragraph = sent.paragraphs.first()
    reservation = Reservation.objects.create(
        paragraph=paragraph, person=people.l2, announced_at=timezone.now()
    )  # as announced at the meeting, before the protokoll was sent
    with django_capture_on_commit_callbacks(execute=True):
        send_for_justering(sent, by=chef)
    first = _underlag(sent)
    approve_minutes(
        sent, user=people.l1.user, method="password", shown_sha256=first.sha256
    )
    mailed = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        update_reservation_motivation(reservation, motivation="Skriftlig", by=chef)
        update_reservation_motivation(reservation, motivation="Skriftlig", by=chef)

    newest = _underlag(sent)
    assert sent.underlag.count() == 3
    assert "Skriftlig" in str(newest.snapshot)
    assert _approval(sent, people.l1).approved_at is None
    assert len(mailoutbox) > mailed  # the justerare are told
    approve_minutes(
        sent, user=people.l1.user, method="password", shown_sha256=newest.sha256
    )
    assert _approval(sent, people.l1).shown_sha256 == newest.sha256


def test_sending_again_unchanged_keeps_the_underlag_and_the_justeringar(
    sent, people, chef, mailoutbox, django_capture_on_commit_callbacks
):
    first = _underlag(sent)
    approve_minutes(
        sent, user=people.l1.user, method="password", shown_sha256=first.sha256
    )
    mailed = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        send_for_justering(sent, by=chef)

    assert list(sent.underlag.all()) == [first]
    assert _approval(sent, people.l1).shown_sha256 == first.sha256
    assert len(mailoutbox) == mailed


def test_a_protokoll_changed_since_sending_says_so_to_both(
    client, chef, ledamot, federation, sent, people
):
    people.l2.first_name = "Ändrad"
    people.l2.save()
    url = reverse("minutes:detail", args=[federation.slug, sent.meeting_id])

    client.force_login(ledamot)
    justerare_page = client.get(url)
    client.force_login(chef)
    secretary_page = client.get(url).content.decode()

    assert "justering_form" not in justerare_page.context
    assert "Sekreteraren skickar det igen" in justerare_page.content.decode()
    assert "skicka det igen, annars kan ingen justera det" in secretary_page


def test_the_freeze_refuses_a_register_changed_after_the_last_check(
    sent, people, monkeypatch
):
    people.ordf.user = UserFactory(username="ordf")
    people.ordf.save()
    approve_minutes(
        sent,
        user=people.l1.user,
        method="password",
        shown_sha256=_underlag(sent).sha256,
    )
    people.l2.first_name = "Ändrad"  # after the ordförande's check passed
    people.l2.save()
    monkeypatch.setattr(
        "minutes.services.justering.underlag_sha256",
        lambda m: _underlag(m).content_sha256,
    )

    with pytest.raises(ValidationError):
        approve_minutes(sent, user=people.ordf.user, method="password")

    sent.refresh_from_db()
    assert sent.status == Minutes.Status.SENT
    assert not sent.versions.exists()


def test_kontrollera_says_an_underlag_is_not_justerat(sent, chef):
    found = find_document(_underlag(sent).sha256)

    assert found.kind == "justeringsunderlag"
    assert ("Status", "Inte justerat: det som justerarna fick att läsa.") in found.facts
