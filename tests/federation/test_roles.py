"""Roles per förbund: the services, manage.py grant_role/revoke_role and the admin."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from federation.access import access_for
from federation.models import RoleGrant
from federation.permissions import has_role
from federation.roles import Role
from federation.services import grant_role, revoke_role
from tests.factories import BodyFactory, UserFactory, grant

from .conftest import _grant_of, _grants, _history

pytestmark = pytest.mark.django_db


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
