"""The second factor: set up at the first login, asked at every login after it."""

import datetime
import io
import re

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from kombu.exceptions import OperationalError

from accounts import second_factor
from accounts.tasks import warn_of_wrong_codes_task
from federation.roles import Role
from tests.factories import UserFactory, grant
from tests.second_factor import code_for

VERIFY = "/konto/tvastegsverifiering/"
ENROL = "/konto/tvastegsverifiering/aktivera/"


def _log_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "demo"})
    assert response.status_code == 302, "the password was refused"
    return client


def _request(user, session: dict):
    request = RequestFactory().post("/")
    request.user = user
    request.session = SessionStore()
    request.session.update(session)
    return request


def _enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def _pending(client: Client, user) -> TOTPDevice:
    client.get(ENROL)
    return TOTPDevice.objects.get(user=user, confirmed=False)


@pytest.fixture
def members_page(federation):
    return reverse("federation:members", args=[federation.slug])


def test_staff_set_it_up_at_the_first_login_and_land_where_they_were_going(
    chef, members_page
):
    client = _log_in("chef")

    response = client.get(members_page)
    assert response.url == f"{VERIFY}?next={members_page.replace('/', '%2F')}"
    response = client.get(response.url)
    assert response.url == f"{ENROL}?next={members_page.replace('/', '%2F')}"
    page = client.get(response.url).content.decode()
    device = TOTPDevice.objects.get(user=chef, confirmed=False)
    assert second_factor.secret_for_display(device) in page
    assert "<svg" in page  # the QR code, inline
    assert '<label for="id_code">Kod' in page  # in Swedish, like the rest

    response = client.post(ENROL, {"code": code_for(device), "next": members_page})

    assert response.url == members_page
    assert client.get(members_page).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_the_next_login_asks_for_the_code(chef, members_page):
    device = _enrolled(chef)
    client = _log_in("chef")

    assert client.get(members_page).url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_for(device), "next": members_page})

    assert response.url == members_page
    assert client.get(members_page).status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_then_slows_down(chef, members_page):
    device = _enrolled(chef)
    client = _log_in("chef")
    good = code_for(device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 400
    assert "Koden är fel eller har redan använts" in response.content.decode()
    # The right code at once after a wrong one: the device waits first.
    response = client.post(VERIFY, {"code": good})
    assert "För många felaktiga koder. Försök igen om" in response.content.decode()
    assert client.get(members_page).url.startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_code_is_accepted_once(chef):
    device = _enrolled(chef)
    code = code_for(device)
    first, second = _log_in("chef"), _log_in("chef")

    assert first.post(VERIFY, {"code": code}).status_code == 302
    response = second.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert "har redan använts" in response.content.decode()


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "12 34 5x"])
def test_what_is_not_six_digits_gets_a_message_and_counts_nothing(chef, code):
    device = _enrolled(chef)
    client = _log_in("chef")

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_spaces_in_the_code_are_allowed(chef, members_page):
    device = _enrolled(chef)
    client = _log_in("chef")
    code = code_for(device)

    client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})

    assert client.get(members_page).status_code == 200


def test_the_password_alone_cannot_replace_a_device(chef):
    """Somebody who learnt the password must not set up a phone of their own."""
    _enrolled(chef)
    client = _log_in("chef")

    assert client.get(ENROL).url.startswith(VERIFY)
    pending = TOTPDevice.objects.create(user=chef, name="Annan", confirmed=False)
    response = client.post(ENROL, {"code": code_for(pending)})

    assert response.url.startswith(VERIFY)
    # The service refuses too, whatever view calls it.
    request = _request(chef, {second_factor.PENDING: pending.pk})
    with pytest.raises(second_factor.CodeRejected, match="redan inställd"):
        second_factor.enrol(request, code_for(pending))
    pending.refresh_from_db()
    assert not pending.confirmed


def test_another_session_cannot_copy_the_key_being_set_up(chef):
    """The key shown to one session is never shown to another: a second session
    (the password only) gets a key of its own, and the first one's code then fails
    visibly instead of both holding the same phone."""
    user_session, other_session = _log_in("chef"), _log_in("chef")
    first = _pending(user_session, chef)
    code = code_for(first)  # what the user's phone shows
    user_page = user_session.get(ENROL).content.decode()

    other_page = other_session.get(ENROL).content.decode()
    second = TOTPDevice.objects.get(user=chef, confirmed=False)

    assert second.pk != first.pk
    assert second.key != first.key
    assert second_factor.secret_for_display(first) in user_page
    assert second_factor.secret_for_display(first) not in other_page
    response = user_session.post(ENROL, {"code": code})
    assert "Ladda om sidan" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=chef, confirmed=True).exists()


def test_a_key_left_unconfirmed_expires(chef):
    client = _log_in("chef")
    device = _pending(client, chef)
    TOTPDevice.objects.filter(pk=device.pk).update(
        created_at=timezone.now()
        - datetime.timedelta(minutes=second_factor.PENDING_MINUTES + 1)
    )

    assert (
        "Ladda om sidan"
        in client.post(ENROL, {"code": code_for(device)}).content.decode()
    )
    client.get(ENROL)

    assert TOTPDevice.objects.get(user=chef, confirmed=False).pk != device.pk


def test_setting_it_up_ends_the_other_sessions(ledamot, members_page):
    earlier = _log_in("ledamot")
    client = _log_in("ledamot")
    client.post(ENROL, {"code": code_for(_pending(client, ledamot))})

    assert earlier.get(members_page).url.startswith("/konto/logga-in/")
    assert client.get(members_page).status_code == 200


def test_a_reset_ends_the_sessions_it_verified(chef, members_page):
    device = _enrolled(chef)
    client = _log_in("chef")
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(members_page).status_code == 200

    second_factor.reset(chef)

    assert client.get(members_page).url.startswith("/konto/logga-in/")


def test_a_staff_account_without_a_role_needs_it(db):
    UserFactory(username="personal", is_staff=True)
    client = _log_in("personal")

    assert client.get("/admin/").url.startswith(VERIFY)


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example/"]
)
def test_next_never_leads_off_the_site(chef, target):
    device = _enrolled(chef)
    client = _log_in("chef")

    response = client.post(VERIFY, {"code": code_for(device), "next": target})

    assert response.url == "/"


def test_the_pages_with_the_key_or_code_are_not_cached(chef):
    client = _log_in("chef")

    for url in (ENROL, VERIFY):
        response = client.get(url, follow=True)
        assert "no-store" in response["Cache-Control"], url


def test_the_session_key_changes_when_the_code_is_given(chef):
    device = _enrolled(chef)
    client = _log_in("chef")
    before = client.session.session_key

    client.post(VERIFY, {"code": code_for(device)})

    assert client.session.session_key != before


def test_a_ledamot_logs_in_without_it_and_may_turn_it_on(ledamot, members_page):
    client = _log_in("ledamot")
    assert client.get(members_page).status_code == 200

    device = _pending(client, ledamot)
    client.post(ENROL, {"code": code_for(device)})
    client.post(reverse("logout"))

    client = _log_in("ledamot")
    assert client.get(members_page).url.startswith(VERIFY)


def test_a_role_given_during_the_session_asks_for_it_at_once(
    ledamot, federation, members_page
):
    client = _log_in("ledamot")
    assert client.get(members_page).status_code == 200

    grant(ledamot, federation, Role.HANDLAGGARE)

    assert client.get(members_page).url.startswith(VERIFY)


def test_logging_out_and_in_again_asks_again(chef, members_page):
    device = _enrolled(chef)
    client = _log_in("chef")
    client.post(VERIFY, {"code": code_for(device)})
    client.post(reverse("logout"))

    client = _log_in("chef")

    assert client.get(members_page).url.startswith(VERIFY)


def test_htmx_requests_are_sent_to_the_page_by_htmx(chef, members_page):
    _enrolled(chef)
    client = _log_in("chef")

    response = client.get(
        members_page,
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver{members_page}",
        },
    )

    assert (
        response["HX-Redirect"] == f"{VERIFY}?next={members_page.replace('/', '%2F')}"
    )


def test_the_reset_command_lets_the_user_set_up_a_new_phone(chef, members_page):
    _enrolled(chef)
    call_command("reset_second_factor", "chef", stdout=io.StringIO())

    client = _log_in("chef")

    assert client.get(client.get(members_page).url).url.startswith(ENROL)
    assert not TOTPDevice.objects.filter(user=chef, confirmed=True).exists()


def test_the_code_is_shown_in_development_for_the_demo_only(chef, settings):
    device = _enrolled(chef)
    client = _log_in("chef")

    assert "Utvecklingsläge" not in client.get(VERIFY).content.decode()
    settings.DEBUG = True
    assert "Utvecklingsläge" not in client.get(VERIFY).content.decode()
    device.name = second_factor.DEMO_DEVICE_NAME
    device.save()
    page = client.get(VERIFY).content.decode()

    assert re.search(r"Utvecklingsläge: koden är nu \d{6}", page)


def test_the_admin_never_shows_the_key_again(db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    device = _enrolled(UserFactory(username="someone"))
    client = Client()
    client.force_login(admin)

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert second_factor.secret_for_display(device) not in page.content.decode()
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_the_security_page_tells_whether_it_is_on(chef):
    client = Client()
    client.force_login(chef)
    assert "Av." in client.get("/konto/sakerhet/").content.decode()

    _enrolled(chef)

    assert "På sedan" in client.get("/konto/sakerhet/").content.decode()


def test_the_owner_is_told_of_three_wrong_codes_in_a_row(
    chef, mailoutbox, django_capture_on_commit_callbacks
):
    device = _enrolled(chef)
    client = _log_in("chef")
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"

    for _attempt in range(4):
        # The wait after a wrong code is over (ThrottlingMixin doubles it each time).
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(VERIFY, {"code": wrong})
        assert "Koden är fel" in response.content.decode()

    (mail,) = mailoutbox  # once, at the third
    assert mail.to == [chef.email]
    assert mail.subject == "Fel koder vid inloggning i Förbundsportalen"
    assert "3 gånger i rad" in mail.body
    assert "byt lösenord" in mail.body


def test_three_wrong_codes_during_a_broker_outage_answer_and_log_the_error(
    chef, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, caplog
):

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Refused.")

    monkeypatch.setattr(warn_of_wrong_codes_task, "apply_async", refuse)
    device = _enrolled(chef)
    client = _log_in("chef")
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"

    for _attempt in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(VERIFY, {"code": wrong})

    # The answer to a wrong code, as without the outage: the form with its error.
    assert response.status_code == 400
    assert "Koden är fel" in response.content.decode()
    assert mailoutbox == []
    assert "Error 111" in caplog.text
