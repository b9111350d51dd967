"""Roles per förbund: the services, manage.py grant_role/revoke_role and the
Behörigheter page."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from federation.access import access_for
from federation.models import RoleGrant
from federation.permissions import has_role
from federation.roles import Role
from federation.services import grant_role, revoke_role
from tests.factories import BodyFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _grants(federation) -> list[tuple[str, str]]:
    return list(
        RoleGrant.objects.filter(federation=federation)
        .order_by("user__username", "role")
        .values_list("user__username", "role")
    )


def _history(federation) -> list[tuple[str, str, str, str | None]]:
    rows = RoleGrant.history.filter(federation_id=federation.pk).order_by(
        "history_date", "history_id"
    )
    return [
        (
            row.history_type,
            row.user.username,
            row.role,
            row.history_user.username if row.history_user else None,
        )
        for row in rows
    ]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def anna(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Ek")


# --- Services -------------------------------------------------------------------------


def test_grant_role_creates_the_grant_with_history(federation, chef, anna):
    grant_, created = grant_role(anna, federation, Role.HANDLAGGARE, by=chef)

    assert created is True
    assert (grant_.user, grant_.federation, grant_.role) == (
        anna,
        federation,
        Role.HANDLAGGARE,
    )
    assert _history(federation)[-1] == ("+", "anna", "Handläggare", "chef")
    assert RoleGrant.history.latest().history_change_reason == "grant_role"


def test_grant_role_twice_changes_nothing(federation, chef, anna):
    first, _ = grant_role(anna, federation, Role.HANDLAGGARE, by=chef)

    again, created = grant_role(anna, federation, Role.HANDLAGGARE, by=chef)

    assert created is False
    assert again == first
    assert _grants(federation) == [("anna", "Handläggare"), ("chef", "Administratör")]
    assert [row for row in _history(federation) if row[1] == "anna"] == [
        ("+", "anna", "Handläggare", "chef")
    ]


def test_grant_role_refuses_an_unknown_role(federation, anna):
    with pytest.raises(ValidationError) as error:
        grant_role(anna, federation, "Kassör")

    assert error.value.messages == [
        "Okänd roll Kassör. Rollerna är: "
        "Administratör, Handläggare, Ekonom, Förtroendevald."
    ]
    assert RoleGrant.objects.filter(user=anna).exists() is False


def test_grant_role_is_seen_in_the_same_request(federation, anna):
    assert access_for(anna).roles_in(federation.pk) == frozenset()  # now memoized

    grant_role(anna, federation, Role.EKONOM)

    assert has_role(anna, federation, Role.EKONOM) is True


def test_grant_role_in_one_federation_gives_nothing_in_another(
    federation, other_federation, anna
):
    grant_role(anna, federation, Role.ADMINISTRATOR)

    assert has_role(anna, other_federation, Role.ADMINISTRATOR) is False


def test_revoke_role_removes_the_grant_with_history(federation, chef, anna):
    grant(anna, federation, Role.HANDLAGGARE, Role.EKONOM)

    revoked = revoke_role(anna, federation, Role.HANDLAGGARE, by=chef)

    assert revoked is True
    assert _grants(federation) == [("anna", "Ekonom"), ("chef", "Administratör")]
    assert _history(federation)[-1] == ("-", "anna", "Handläggare", "chef")
    assert RoleGrant.history.latest().history_change_reason == "revoke_role"
    assert has_role(anna, federation, Role.HANDLAGGARE) is False


def test_revoke_role_not_held_changes_nothing(federation, chef, anna):
    history_before = _history(federation)

    revoked = revoke_role(anna, federation, Role.HANDLAGGARE, by=chef)

    assert revoked is False
    assert _history(federation) == history_before


def test_revoke_role_refuses_the_last_administrator(federation, chef):
    UserFactory(username="root", is_superuser=True)  # does not count

    with pytest.raises(ValidationError) as error:
        revoke_role(chef, federation, Role.ADMINISTRATOR, by=chef)

    assert error.value.messages == [
        f"{chef.get_full_name()} är den sista administratören i Testförbundet. Ett "
        "förbund måste ha kvar en administratör: ge rollen till någon annan först."
    ]
    assert _grants(federation) == [("chef", "Administratör")]


def test_revoke_role_refuses_the_last_active_administrator(federation, chef, anna):
    grant(anna, federation, Role.ADMINISTRATOR)
    anna.is_active = False
    anna.save()

    with pytest.raises(ValidationError):
        revoke_role(chef, federation, Role.ADMINISTRATOR)

    assert _grants(federation) == [("anna", "Administratör"), ("chef", "Administratör")]


def test_revoke_role_lets_an_administrator_go_when_another_remains(
    federation, chef, anna
):
    grant(anna, federation, Role.ADMINISTRATOR)

    revoked = revoke_role(chef, federation, Role.ADMINISTRATOR, by=anna)

    assert revoked is True
    assert _grants(federation) == [("anna", "Administratör")]


def test_revoke_role_counts_administrators_of_this_federation_only(
    federation, chef, outsider
):
    with pytest.raises(ValidationError):
        revoke_role(chef, federation, Role.ADMINISTRATOR)

    assert _grants(federation) == [("chef", "Administratör")]


# --- manage.py grant_role / revoke_role ----------------------------------------------


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("Administratör", Role.ADMINISTRATOR),
        ("administrator", Role.ADMINISTRATOR),
        ("ADMINISTRATÖR", Role.ADMINISTRATOR),
        ("Handläggare", Role.HANDLAGGARE),
        ("handlaggare", Role.HANDLAGGARE),
        ("HANDLAGGARE", Role.HANDLAGGARE),
        ("Ekonom", Role.EKONOM),
        ("Förtroendevald", Role.FORTROENDEVALD),
        ("fortroendevald", Role.FORTROENDEVALD),
        (" förtroendevald ", Role.FORTROENDEVALD),
    ],
)
def test_grant_role_command_takes_swedish_names(federation, anna, typed, role):
    output = _command("grant_role", "anna", "testforbund", typed)

    assert output == f"anna har nu rollen {role.value} i Testförbundet.\n"
    assert _grants(federation) == [("anna", role.value)]


def test_grant_role_command_twice_says_so(federation, anna):
    _command("grant_role", "anna", "testforbund", "ekonom")

    output = _command("grant_role", "anna", "testforbund", "ekonom")

    assert output == "anna har redan rollen Ekonom i Testförbundet; ingenting ändrat.\n"
    assert _grants(federation) == [("anna", "Ekonom")]


def test_grant_role_command_records_itself_in_the_history(federation, anna):
    _command("grant_role", "anna", "testforbund", "ekonom")

    row = RoleGrant.history.latest()
    assert (row.history_user, row.history_change_reason) == (
        None,
        "manage.py grant_role",
    )


@pytest.mark.parametrize("command", ["grant_role", "revoke_role"])
def test_role_commands_refuse_an_unknown_user(federation, command):
    with pytest.raises(CommandError) as error:
        _command(command, "nobody", "testforbund", "Ekonom")

    assert str(error.value) == (
        "Det finns ingen användare med användarnamnet 'nobody'."
    )


@pytest.mark.parametrize("command", ["grant_role", "revoke_role"])
def test_role_commands_refuse_an_unknown_federation(
    federation, other_federation, anna, command
):
    with pytest.raises(CommandError) as error:
        _command(command, "anna", "atlantis", "Ekonom")

    assert str(error.value) == (
        "Det finns inget förbund med kortadressen 'atlantis'. "
        "Förbunden: annat, testforbund."
    )


@pytest.mark.parametrize("command", ["grant_role", "revoke_role"])
def test_role_commands_refuse_an_unknown_role(federation, anna, command):
    with pytest.raises(CommandError) as error:
        _command(command, "anna", "testforbund", "Kassör")

    assert str(error.value) == (
        "Okänd roll: 'Kassör'. "
        "Välj en av: Administratör, Handläggare, Ekonom, Förtroendevald."
    )
    assert _grants(federation) == []


def test_revoke_role_command_revokes(federation, anna):
    grant(anna, federation, Role.EKONOM)

    output = _command("revoke_role", "anna", "testforbund", "EKONOM")

    assert output == "anna har inte längre rollen Ekonom i Testförbundet.\n"
    assert _grants(federation) == []


def test_revoke_role_command_for_a_role_not_held_says_so(federation, anna):
    output = _command("revoke_role", "anna", "testforbund", "Handläggare")

    assert output == (
        "anna har inte rollen Handläggare i Testförbundet; ingenting ändrat.\n"
    )


def test_revoke_role_command_refuses_the_last_administrator(federation, chef):
    with pytest.raises(CommandError) as error:
        _command("revoke_role", "chef", "testforbund", "administrator")

    assert str(error.value) == (
        f"{chef.get_full_name()} är den sista administratören i Testförbundet. Ett "
        "förbund måste ha kvar en administratör: ge rollen till någon annan först."
    )
    assert _grants(federation) == [("chef", "Administratör")]


def test_role_commands_take_effect_on_the_next_request(client, federation, anna):
    client.force_login(anna)
    url = reverse("federation:persons", args=[federation.slug])
    before = client.get(url).status_code

    _command("grant_role", "anna", "testforbund", "handlaggare")
    granted = client.get(url)
    _command("revoke_role", "anna", "testforbund", "handlaggare")
    after = client.get(url).status_code

    assert (before, granted.status_code, after) == (404, 200, 404)


def test_granted_role_shows_on_a_cached_page_at_once(client, chef, federation, anna):
    """The body page is cached per audience: the new role reads a part of its own."""
    body = BodyFactory(federation=federation, name="Direktionen")
    grant(anna, federation, Role.FORTROENDEVALD)
    client.force_login(anna)
    url = reverse("federation:body", args=[federation.slug, body.pk])
    add_link = reverse("federation:assignment_add", args=[federation.slug, body.pk])
    as_ledamot = client.get(url).content.decode()

    _command("grant_role", "anna", "testforbund", "Administratör")
    as_administrator = client.get(url).content.decode()
    _command("revoke_role", "anna", "testforbund", "Administratör")
    as_ledamot_again = client.get(url).content.decode()

    assert (
        add_link in as_ledamot,
        add_link in as_administrator,
        add_link in as_ledamot_again,
    ) == (False, True, False)


# --- The Behörigheter page ------------------------------------------------------------


def _roles_url(federation) -> str:
    return reverse("federation:roles", args=[federation.slug])


def _revoke_url(role_grant: RoleGrant) -> str:
    return reverse(
        "federation:role_revoke", args=[role_grant.federation.slug, role_grant.pk]
    )


def _grant_of(user, federation, role) -> RoleGrant:
    return RoleGrant.objects.get(user=user, federation=federation, role=role)


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


# --- Django admin ---------------------------------------------------------------------


def test_admin_lists_grants_by_federation_and_role_with_history(
    client, federation, other_federation, chef, outsider
):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    changelist = reverse("admin:federation_rolegrant_changelist")

    filtered = client.get(
        changelist, {"federation__id__exact": federation.pk, "role": "Administratör"}
    )
    history = client.get(
        reverse(
            "admin:federation_rolegrant_history",
            args=[_grant_of(chef, federation, Role.ADMINISTRATOR).pk],
        )
    )

    assert [g.user.username for g in filtered.context["cl"].result_list] == ["chef"]
    assert history.status_code == 200
