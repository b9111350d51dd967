"""The access of a user: roles per förbund (RoleGrant), read on every request.

Nothing about the user is cached between requests: a grant or a revocation takes
effect on the very next request, and a role in one förbund gives nothing in another.
"""

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from federation.access import access_for, forget_access
from federation.models import RoleGrant
from federation.roles import Role
from tests.factories import BodyFactory, PersonFactory, grant


def _persons_url(federation):
    return reverse("federation:persons", args=[federation.slug])


def test_nothing_of_the_user_or_the_session_is_kept_in_the_cache(
    client, chef, federation, ledamot
):
    client.force_login(chef)
    client.get(_persons_url(federation))
    client.force_login(ledamot)
    client.get(reverse("minutes:anslagstavla", args=[federation.slug]))

    stored = _everything_stored()
    assert stored  # the pages' parts are there
    assert chef.password.encode() not in stored
    assert client.session.session_key.encode() not in stored
    assert b"csrfmiddlewaretoken" not in stored


def _everything_stored() -> bytes:
    """Every value in the cache, as stored (pickled), locmem or Redis."""

    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        store = backend._cache  # type: ignore[attr-defined]  # the backend's own store
        return b"".join(store.values())
    client = backend._cache.get_client()  # type: ignore[attr-defined]  # the backend's own store
    return b"".join(client.get(key) or b"" for key in client.keys("*"))


def test_a_revoked_role_takes_effect_on_the_next_request(client, chef, federation):
    client.force_login(chef)
    assert client.get(_persons_url(federation)).status_code == 200

    RoleGrant.objects.filter(user=chef, federation=federation).delete()

    assert client.get(_persons_url(federation)).status_code == 404


def test_a_role_in_one_federation_gives_nothing_in_another(
    client, handlaggare, federation, other_federation
):
    grant(handlaggare, other_federation, Role.FORTROENDEVALD)
    client.force_login(handlaggare)

    assert client.get(_persons_url(federation)).status_code == 200
    # Förtroendevald there: the register of persons is staff's (403), the ärende
    # form too, while the same user edits ärenden in their own förbund.
    assert client.get(_persons_url(other_federation)).status_code == 200
    create = "cases:case_create"
    assert client.get(reverse(create, args=[federation.slug])).status_code == 200
    assert client.get(reverse(create, args=[other_federation.slug])).status_code == 403


def test_a_deactivated_account_is_logged_out_on_the_next_request(
    client, chef, federation
):
    client.force_login(chef)
    assert client.get(_persons_url(federation)).status_code == 200

    chef.is_active = False
    chef.save()
    response = client.get(_persons_url(federation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_changed_password_ends_the_other_sessions(client, chef, federation):
    client.force_login(chef)
    assert client.get(_persons_url(federation)).status_code == 200

    chef.set_password("ett nytt långt lösenord 2026")
    chef.save()

    assert client.get(_persons_url(federation)).status_code == 302


def test_logging_out_ends_the_cached_session(client, chef, federation):
    client.force_login(chef)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))

    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    response = client.get(_persons_url(federation))

    assert response.status_code == 302


def test_a_person_linked_to_the_user_is_seen_at_once(ledamot, federation):
    assert access_for(ledamot).person_ids == {}

    person = PersonFactory(federation=federation, user=ledamot)
    ledamot._access = None  # a new request: nothing kept on the user object

    assert access_for(ledamot).person_ids == {federation.pk: (person.pk,)}


def test_a_body_of_another_federation_is_404_under_this_one(
    client, chef, federation, other_federation
):

    own, other = (
        BodyFactory(federation=federation),
        BodyFactory(federation=other_federation),
    )
    client.force_login(chef)

    def get(body):
        return client.get(reverse("federation:body", args=[federation.slug, body.pk]))

    assert get(own).status_code == 200
    assert get(other).status_code == 404
    assert get(other).status_code == 404  # also when the answer comes from the cache


def test_forgetting_the_access_of_the_lazy_request_user_reads_it_again(
    ledamot, federation
):

    lazy = SimpleLazyObject(lambda: ledamot)  # request.user
    forget_access(lazy)  # not read yet: nothing to forget
    assert Role.HANDLAGGARE not in access_for(lazy).roles[federation.pk]

    grant(ledamot, federation, Role.HANDLAGGARE)
    forget_access(lazy)

    assert Role.HANDLAGGARE in access_for(lazy).roles[federation.pk]
