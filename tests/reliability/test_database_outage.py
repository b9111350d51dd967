"""R8: a lost database gives a Swedish 503 page, not a traceback."""

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from core.middleware import DatabaseUnavailableMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def stop_database(monkeypatch):
    """Call it to make every later query fail the way a stopped PostgreSQL does."""

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def stop():
        monkeypatch.setattr(CursorWrapper, "execute", refuse)
        monkeypatch.setattr(CursorWrapper, "executemany", refuse)

    return stop


def _assert_outage_page(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Tjänsten är tillfälligt otillgänglig" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body


def test_logged_in_page_answers_503_in_swedish(client, chef, federation, stop_database):
    client.force_login(chef)
    url = reverse("federation:members", args=[federation.slug])
    stop_database()

    response = client.get(url)

    _assert_outage_page(response)


def test_anonymous_public_page_answers_503(client, federation, stop_database):
    url = reverse("minutes:anslagstavla", args=[federation.slug])
    stop_database()

    response = client.get(url)

    _assert_outage_page(response)


def test_post_during_outage_answers_503(client, chef, stop_database):
    client.force_login(chef)
    stop_database()

    response = client.post(reverse("logout"))

    _assert_outage_page(response)


def test_contention_is_not_hidden_as_an_outage(rf):

    class Deadlock(Exception):
        sqlstate = "40P01"

    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlock()
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(rf.get("/"), error) is None


def test_the_next_request_after_the_outage_is_served(client, chef, federation):
    client.force_login(chef)

    response = client.get(reverse("federation:members", args=[federation.slug]))

    assert response.status_code == 200
    assert connection.is_usable()
