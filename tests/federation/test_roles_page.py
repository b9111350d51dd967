"""Roles per förbund: the Behörigheter page."""

import pytest
from django.test import Client
from django.urls import reverse

from federation.models import RoleGrant
from federation.roles import Role
from federation.services import grant_role, revoke_role
from tests.factories import UserFactory, grant

from .conftest import _grant_of, _grants, _history, _messages

pytestmark = pytest.mark.django_db


# --- The Behörigheter page ------------------------------------------------------------


def _roles_url(federation) -> str:
    return reverse("federation:roles", args=[federation.slug])


def _revoke_url(role_grant: RoleGrant) -> str:
    return reverse(
        "federation:role_revoke", args=[role_grant.federation.slug, role_grant.pk]
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [("chef", 200), ("handlaggare", 403), ("ekonom", 403), ("ledamot", 403)],
)
def test_roles_page_is_for_the_administrator(
    client, role_users, federation, role, expected
):
    client.force_login(role_users[role])

    response = client.get(_roles_url(federation))

    assert response.status_code == expected


def test_roles_page_is_not_found_for_an_administrator_of_another_federation(
    client, federation, outsider
):
    client.force_login(outsider)

    response = client.get(_roles_url(federation))

    assert response.status_code == 404


def test_roles_page_sends_anonymous_to_login(client, federation):
    response = client.get(_roles_url(federation))

    assert (response.status_code, response.url) == (
        302,
        f"{reverse('login')}?next={_roles_url(federation)}",
    )


def test_roles_page_is_open_to_a_superuser(client, federation, chef):
    client.force_login(UserFactory(username="root", is_superuser=True))

    response = client.get(_roles_url(federation))

    assert response.status_code == 200


def test_roles_page_lists_the_grants_of_its_federation_only(
    client, federation, chef, ledamot, outsider, anna
):
    """By surname: Berg, Dahl, Ek; an Administratör elsewhere is not listed."""
    chef.last_name, ledamot.last_name = "Berg", "Dahl"
    chef.save()
    ledamot.save()
    grant(anna, federation, Role.HANDLAGGARE, Role.EKONOM)
    client.force_login(chef)

    response = client.get(_roles_url(federation))

    assert [(g.user.username, g.role) for g in response.context["grants"]] == [
        ("chef", "Administratör"),
        ("ledamot", "Förtroendevald"),
        ("anna", "Ekonom"),
        ("anna", "Handläggare"),
    ]
    assert "outsider" not in response.content.decode()


def test_roles_page_shows_the_history(client, federation, chef, anna):
    grant_role(anna, federation, Role.EKONOM, by=chef)
    revoke_role(anna, federation, Role.EKONOM, by=chef)
    client.force_login(chef)

    response = client.get(_roles_url(federation))

    assert [
        (row.history_type, row.user.username, row.role, row.history_user.username)
        for row in response.context["history"]
        if row.history_user
    ] == [("-", "anna", "Ekonom", "chef"), ("+", "anna", "Ekonom", "chef")]
    content = response.content.decode()
    assert "borttagen" in content
    assert "tilldelad" in content


def test_roles_page_navigation_item_for_the_administrator_only(
    client, federation, chef, handlaggare
):
    dashboard = reverse("federation:dashboard", args=[federation.slug])

    def labels(user) -> list[str]:
        client.force_login(user)
        return [
            str(item["label"]) for item in client.get(dashboard).context["nav_items"]
        ]

    assert ("Behörigheter" in labels(chef), "Behörigheter" in labels(handlaggare)) == (
        True,
        False,
    )


def test_grant_via_the_form(client, federation, chef, anna):
    client.force_login(chef)

    response = client.post(
        _roles_url(federation), {"username": "anna", "role": Role.HANDLAGGARE}
    )

    assert (response.status_code, response.url) == (302, _roles_url(federation))
    assert _messages(response) == ["Anna Ek har nu rollen Handläggare."]
    assert _history(federation)[-1] == ("+", "anna", "Handläggare", "chef")


def test_grant_via_the_form_twice_is_harmless(client, federation, chef, anna):
    client.force_login(chef)
    data = {"username": "anna", "role": Role.HANDLAGGARE}
    client.post(_roles_url(federation), data, follow=True)

    response = client.post(_roles_url(federation), data)

    assert _messages(response) == [
        "Anna Ek har redan rollen Handläggare; ingenting ändrades."
    ]
    assert _grants(federation) == [("anna", "Handläggare"), ("chef", "Administratör")]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"username": "nobody", "role": Role.EKONOM},
            "username",
            "Det finns ingen användare med användarnamnet nobody.",
        ),
        (
            {"username": "anna", "role": "Kassör"},
            "role",
            "Välj ett giltigt alternativ. "
            "Kassör finns inte bland tillgängliga alternativ.",
        ),
        (
            {"username": "", "role": Role.EKONOM},
            "username",
            "Detta fält måste fyllas i.",
        ),
    ],
)
def test_grant_via_the_form_with_bad_input_changes_nothing(
    client, federation, chef, anna, data, field, error
):
    client.force_login(chef)

    response = client.post(_roles_url(federation), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert _grants(federation) == [("chef", "Administratör")]


def test_grant_form_needs_the_csrf_token(federation, chef, anna):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chef)

    response = client.post(
        _roles_url(federation), {"username": "anna", "role": Role.EKONOM}
    )

    assert response.status_code == 403
    assert _grants(federation) == [("chef", "Administratör")]


def test_revoke_via_the_button(client, federation, chef, anna):
    grant(anna, federation, Role.EKONOM)
    client.force_login(chef)

    response = client.post(_revoke_url(_grant_of(anna, federation, Role.EKONOM)))

    assert (response.status_code, response.url) == (302, _roles_url(federation))
    assert _messages(response) == ["Anna Ek har inte längre rollen Ekonom."]
    assert _grants(federation) == [("chef", "Administratör")]
    assert _history(federation)[-1] == ("-", "anna", "Ekonom", "chef")


def test_revoke_twice_is_harmless(client, federation, chef, anna):
    grant(anna, federation, Role.EKONOM)
    client.force_login(chef)
    url = _revoke_url(_grant_of(anna, federation, Role.EKONOM))
    client.post(url, follow=True)

    response = client.post(url)

    assert (response.status_code, response.url) == (302, _roles_url(federation))
    assert _messages(response) == ["Den rollen var redan borttagen."]
    assert _grants(federation) == [("chef", "Administratör")]


def test_revoke_answers_get_with_405(client, federation, chef):
    client.force_login(chef)

    response = client.get(_revoke_url(_grant_of(chef, federation, Role.ADMINISTRATOR)))

    assert response.status_code == 405
    assert _grants(federation) == [("chef", "Administratör")]


def test_revoke_of_the_last_administrator_is_refused(client, federation, chef):
    client.force_login(chef)

    response = client.post(_revoke_url(_grant_of(chef, federation, Role.ADMINISTRATOR)))

    assert (response.status_code, response.url) == (302, _roles_url(federation))
    assert _messages(response) == [
        f"{chef.get_full_name()} är den sista administratören i Testförbundet. Ett "
        "förbund måste ha kvar en administratör: ge rollen till någon annan först."
    ]
    assert _grants(federation) == [("chef", "Administratör")]


def test_revoke_of_ones_own_administrator_role_leaves_the_page(
    client, federation, chef, anna
):
    grant(anna, federation, Role.ADMINISTRATOR)
    grant(chef, federation, Role.HANDLAGGARE)
    client.force_login(chef)

    response = client.post(_revoke_url(_grant_of(chef, federation, Role.ADMINISTRATOR)))

    assert (response.status_code, response.url) == (302, reverse("home"))
    assert client.get(_roles_url(federation)).status_code == 403
    assert _grants(federation) == [
        ("anna", "Administratör"),
        ("chef", "Handläggare"),
    ]


def test_administrator_of_one_federation_cannot_manage_another(
    client, federation, other_federation, chef, outsider, anna
):
    """chef is Administratör of the test förbund only; outsider of the other."""
    client.force_login(chef)
    theirs = _grant_of(outsider, other_federation, Role.ADMINISTRATOR)

    page = client.get(_roles_url(other_federation))
    granted = client.post(
        _roles_url(other_federation), {"username": "anna", "role": Role.EKONOM}
    )
    revoked_there = client.post(_revoke_url(theirs))
    # Their grant's number under our own address: not ours, so not found.
    revoked_here = client.post(
        reverse("federation:role_revoke", args=[federation.slug, theirs.pk])
    )

    assert (page.status_code, granted.status_code, revoked_there.status_code) == (
        404,
        404,
        404,
    )
    assert _messages(revoked_here) == ["Den rollen var redan borttagen."]
    assert _grants(other_federation) == [("outsider", "Administratör")]


def test_handlaggare_cannot_grant_or_revoke(client, federation, chef, handlaggare):
    client.force_login(handlaggare)

    granted = client.post(
        _roles_url(federation), {"username": "handlaggare", "role": "Administratör"}
    )
    revoked = client.post(_revoke_url(_grant_of(chef, federation, "Administratör")))

    assert (granted.status_code, revoked.status_code) == (403, 403)
    assert _grants(federation) == [
        ("chef", "Administratör"),
        ("handlaggare", "Handläggare"),
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_roles_page_queries_do_not_grow_with_the_grants(
    client, federation, chef, django_assert_num_queries, rows
):
    for n in range(rows):
        grant_role(UserFactory(username=f"u{n}"), federation, Role.EKONOM, by=chef)
    client.force_login(chef)

    # Session, user, access, the förbund (cached after this), the grants, history.
    with django_assert_num_queries(6):
        response = client.get(_roles_url(federation))

    assert len(response.context["grants"]) == rows + 1
