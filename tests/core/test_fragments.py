"""Cached parts: computed once per generation, never served after a change."""

import pytest
from django.conf import settings
from django.core.cache import cache

from core import fragments

pytestmark = pytest.mark.django_db


def test_a_part_is_computed_once_while_its_scope_does_not_change():
    calls = []

    def compute():
        calls.append(1)
        return "<p>dagordning</p>"

    first = fragments.cached("test", ("meeting", 1), compute)
    second = fragments.cached("test", ("meeting", 1), compute)

    assert first == second == "<p>dagordning</p>"
    assert len(calls) == 1


def test_a_bump_makes_every_part_of_the_scope_stale_and_no_other():
    fragments.cached("test", ("a",), lambda: "gammal")
    fragments.cached("other", ("a",), lambda: "orörd")

    fragments.bump("test")

    assert fragments.cached("test", ("a",), lambda: "ny") == "ny"
    assert fragments.cached("other", ("a",), lambda: "ny") == "orörd"


def test_a_part_computed_under_an_old_token_is_not_served():
    """A write that lands while a part is being computed: the part was made from the
    data before the write, so it must not be used after it."""

    def compute_while_someone_writes():
        fragments.bump("test")
        return "från före ändringen"

    fragments.cached("test", ("a",), compute_while_someone_writes)

    assert fragments.cached("test", ("a",), lambda: "aktuell") == "aktuell"


def test_an_evicted_token_does_not_revive_old_parts():
    fragments.cached("test", ("a",), lambda: "gammal")
    cache.delete("fragments:gen:test")  # as if Redis evicted it

    assert fragments.cached("test", ("a",), lambda: "ny") == "ny"


def test_saving_a_model_bumps_its_scope(federation):
    before = fragments.generation("access")

    federation.name = "Nytt namn"
    federation.save()

    assert fragments.generation("access") != before


@pytest.mark.skipif(
    not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="no CACHE_URL: this run's cache is in-process (CI sets Redis)",
)
def test_the_redis_backend_reuses_one_client_per_pool():
    cache.set("fragments:probe", {"a": 1})
    client = cache._cache.get_client()

    assert cache.get_many(["fragments:probe"]) == {"fragments:probe": {"a": 1}}
    assert cache._cache.get_client() is client
