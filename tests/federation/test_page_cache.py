"""The page cache (federation.cache): keys from the förbund's version and the
parameters a view reads, so junk makes no entries, a change in one förbund leaves
another's pages alone and a login evicts nothing."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from federation import cache as page_cache
from tests.factories import BodyFactory, PersonFactory
from tests.meetings.factories import MeetingFactory


def _stored() -> dict:
    """Every key in the cache with its value as stored, locmem or Redis."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return dict(backend._cache)  # type: ignore[attr-defined]  # the backend's own store
    client = backend._cache.get_client()  # type: ignore[attr-defined]  # the backend's own store
    return {key.decode(): client.get(key) for key in client.keys("*")}


def _keys() -> set:
    return set(_stored())


def _body_url(body) -> str:
    return reverse("federation:body", args=[body.federation.slug, body.pk])


def test_junk_query_strings_dates_and_made_up_ids_make_no_new_entries(
    client, chef, federation
):
    body = BodyFactory(federation=federation)
    anslagstavla = reverse("minutes:anslagstavla", args=[federation.slug])
    client.get(anslagstavla)
    client.force_login(chef)
    client.get(_body_url(body))
    before = _keys()
    assert before  # the pages are cached

    for n in range(100):
        assert client.get(f"{_body_url(body)}?cb={n}").status_code == 200
        assert client.get(f"{_body_url(body)}?datum=junk{n}").status_code == 200
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
        assert client.get(f"{_body_url(body)}?datum={day}").status_code == 200
        missing = reverse("federation:body", args=[federation.slug, body.pk + 1 + n])
        assert client.get(missing).status_code == 404
    client.logout()
    for n in range(100):
        assert client.get(f"{anslagstavla}?cb={n}&utm_source=x{n}").status_code == 200

    assert _keys() == before


def test_a_change_in_one_federation_keeps_the_other_federations_pages(
    client, chef, federation, other_federation, django_assert_num_queries
):
    own = BodyFactory(federation=federation)
    other = BodyFactory(federation=other_federation, name="Direktionen")
    chef.is_superuser = True  # reads both förbund
    chef.save()
    client.force_login(chef)
    client.get(_body_url(other))
    with django_assert_num_queries(3) as cached_queries:  # session, user, grants
        client.get(_body_url(other))
    version = caches["default"].get(page_cache._version_key(other_federation.pk))

    own.name = "Beredningen för välfärd"
    own.save()

    assert caches["default"].get(page_cache._version_key(other_federation.pk)) == (
        version
    )
    with django_assert_num_queries(len(cached_queries)):
        response = client.get(_body_url(other))
    assert "Direktionen" in response.content.decode()


def test_a_change_shows_on_the_next_request(client, chef, federation):
    body = BodyFactory(federation=federation, name="Direktionen")
    client.force_login(chef)
    assert "Direktionen" in client.get(_body_url(body)).content.decode()

    body.name = "Förbundsdirektionen"
    body.save()

    assert "Förbundsdirektionen" in client.get(_body_url(body)).content.decode()


def test_a_login_evicts_nothing(client, chef, ledamot, federation):
    body = BodyFactory(federation=federation)
    client.force_login(chef)
    client.get(_body_url(body))
    stored = _stored()
    assert stored

    client.logout()
    response = client.post(
        reverse("login"), {"username": ledamot.username, "password": "demo"}
    )

    assert response.status_code == 302
    assert _stored() == stored


def test_each_audience_has_its_own_part(client, chef, ledamot, federation):
    body = BodyFactory(federation=federation)
    client.force_login(chef)
    client.get(_body_url(body))
    chefs = _keys()

    client.force_login(ledamot)
    client.get(_body_url(body))

    assert chefs < _keys()  # the ledamot's own parts beside the chef's


def test_when_the_cache_answers_again_every_version_is_replaced(federation):
    """Replacements made while Redis was unreachable were lost (core.cache calls
    this after an outage)."""
    epoch = caches["default"].get(page_cache.EPOCH_KEY)

    page_cache.after_outage()

    assert caches["default"].get(page_cache.EPOCH_KEY) not in (None, epoch)


def test_a_new_release_serves_nothing_the_old_one_rendered(
    client, federation, monkeypatch
):

    url = reverse("minutes:anslagstavla", args=[federation.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as cached_queries:
        client.get(url)
    assert len(cached_queries) == 0

    # A deploy: the new processes have another release (RELEASE or the source hash).
    monkeypatch.setattr(page_cache, "EPOCH_KEY", "federation:version:next-release")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    assert len(queries) > 0  # the förbund and the page read and rendered again


def test_no_two_parameter_lists_share_a_part(federation):

    request = RequestFactory().get("/")
    request.user, request.federation = AnonymousUser(), federation

    first = page_cache.cached(request, "part", ["a:b"], lambda: "for a:b")
    second = page_cache.cached(request, "part", ["a", "b"], lambda: "for a, b")

    assert (first, second) == ("for a:b", "for a, b")


def test_a_many_to_many_changed_from_the_other_side_replaces_the_version(federation):

    meeting = MeetingFactory(body=BodyFactory(federation=federation))
    person = PersonFactory(federation=federation)
    key = page_cache._version_key(federation.pk)
    before = caches["default"].get(key)

    person.invited_to_meetings.add(meeting)  # Person's side of Meeting.invited

    assert list(meeting.invited.all()) == [person]
    assert caches["default"].get(key) != before
