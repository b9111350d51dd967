"""S9: idle and absolute session timeouts, cookie flags, logout ends the session."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from core.middleware import SessionTimeoutMiddleware

pytestmark = pytest.mark.django_db


def _members_url(federation) -> str:
    return reverse("federation:members", args=[federation.slug])


def _age_session(client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    if "last_seen" in seconds_ago:
        session[SessionTimeoutMiddleware.KEY] = now - seconds_ago["last_seen"]
    if "started" in seconds_ago:
        session[SessionTimeoutMiddleware.STARTED] = now - seconds_ago["started"]
    session.save()


def test_session_settings_match_the_peer_anchor():
    assert (
        settings.SESSION_COOKIE_AGE,
        settings.SESSION_IDLE_TIMEOUT,
        settings.SESSION_COOKIE_HTTPONLY,
        settings.SESSION_COOKIE_SAMESITE,
        settings.SESSION_SAVE_EVERY_REQUEST,
    ) == (12 * 3600, 3 * 3600, True, "Lax", False)


def test_an_active_user_stays_logged_in(client, chef, federation):
    client.force_login(chef)
    _age_session(client, last_seen=3 * 3600 - 60, started=11 * 3600)

    response = client.get(_members_url(federation))

    assert response.status_code == 200
    assert client.session["_auth_user_id"] == str(chef.pk)


def test_idle_session_is_ended_and_the_user_sent_to_login(client, chef, federation):
    client.force_login(chef)
    _age_session(client, last_seen=3 * 3600 + 60, started=3 * 3600 + 60)
    old_key = client.session.session_key

    response = client.get(_members_url(federation))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SessionStore().exists(old_key) is False


def test_absolute_timeout_ends_an_active_session(client, chef, federation):
    client.force_login(chef)
    _age_session(client, last_seen=30, started=12 * 3600 + 60)

    response = client.get(_members_url(federation))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_last_seen_is_written_at_most_once_a_minute(client, chef, federation):
    client.force_login(chef)
    _age_session(client, last_seen=10, started=10)
    before = client.session[SessionTimeoutMiddleware.KEY]

    client.get(_members_url(federation))

    assert client.session[SessionTimeoutMiddleware.KEY] == before


def test_logout_deletes_the_server_session_so_a_stolen_cookie_is_useless(
    client, chef, federation
):
    client.force_login(chef)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get(_members_url(federation))

    assert SessionStore().exists(stolen) is False
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_production_session_cookie_is_secure_httponly_lax(client, chef, settings):
    settings.SESSION_COOKIE_SECURE = True

    response = client.post(
        reverse("login"), {"username": "chef", "password": "demo"}, secure=True
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]

    assert response.status_code == 302
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (
        True,
        True,
        "Lax",
    )
    assert cookie["max-age"] == 12 * 3600
