"""The cached access of a user: served from the cache, and never stale.

Every page reads the session, the user, the federation and the user's roles; they come
from the cache, and any change to them takes effect on the very next request.
"""

from django.contrib.auth.models import Group
from django.urls import reverse

from federation.access import access_for
from federation.roles import Role
from tests.factories import PersonFactory


def _persons_url(federation):
    return reverse("federation:persons", args=[federation.slug])


def test_a_repeated_request_reads_no_session_user_or_roles(
    client, chef, federation, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(chef)
    client.get(_persons_url(federation))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(_persons_url(federation))

    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in (
        "django_session",
        "auth_user",
        "auth_group",
        "federation_federation",
    ):
        assert table not in tables


def test_a_revoked_role_takes_effect_on_the_next_request(client, chef, federation):
    client.force_login(chef)
    assert client.get(_persons_url(federation)).status_code == 200

    chef.groups.remove(Group.objects.get(name=Role.ADMINISTRATOR))

    assert client.get(_persons_url(federation)).status_code == 403


def test_a_user_removed_from_the_federation_gets_404_on_the_next_request(
    client, chef, federation
):
    client.force_login(chef)
    assert client.get(_persons_url(federation)).status_code == 200

    federation.users.remove(chef)

    assert client.get(_persons_url(federation)).status_code == 404


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
    from tests.factories import BodyFactory

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
