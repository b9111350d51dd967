"""The population import through its pages, as the ekonom: upload, the plan shown
for confirmation, and a confirmation that must match what the page showed."""

import io

import pytest
from django.urls import reverse

from finance.models import PopulationFigure
from finance.services import set_population

from .population_files import (
    EXPECTED_2025,
    HALVED,
    HEADER_SHOWN,
    figures,
    long_with_ages,
    snapshot,
)

pytestmark = pytest.mark.django_db


def upload(client, federation, text: str | bytes, name: str = "scb.csv"):
    data = io.BytesIO(text.encode() if isinstance(text, str) else text)
    data.name = name
    return client.post(
        reverse("finance:population_import", args=[federation.slug]),
        {"file": data, "source": "SCB, Statistikdatabasen"},
    )


CHANGED_MEANWHILE = (
    "Siffrorna har ändrats sedan sidan visades: en annan fil har lästs eller en "
    "siffra har ändrats. Kontrollera dem igen innan du bekräftar."
)


def confirm_url(federation) -> str:
    return reverse("finance:population_import_confirm", args=[federation.slug])


def test_page_imports_the_issues_long_file_with_ages(
    client, ekonom, federation, sjuharad
):
    client.force_login(ekonom)

    response = upload(client, federation, long_with_ages(";").encode("cp1252"))

    assert response.status_code == 302
    assert response.url == reverse("finance:population", args=[federation.slug])
    assert figures(2025) == EXPECTED_2025


def test_page_refuses_an_unknown_header_and_shows_it(
    client, ekonom, federation, sjuharad
):
    client.force_login(ekonom)
    before = snapshot()

    response = upload(client, federation, b"region;alder;year;pop\n1490;1;2;3\n")

    assert response.context["form"].non_field_errors() == [
        "Filens rubrikrad är inte en som den här importen känner igen: "
        "”region;alder;year;pop”. " + HEADER_SHOWN
    ]
    assert snapshot() == before


def test_page_shows_a_halved_population_for_confirmation_and_saves_nothing(
    client, ekonom, federation, sjuharad
):
    client.force_login(ekonom)
    before = snapshot()

    response = upload(client, federation, HALVED)
    page = client.get(confirm_url(federation))

    assert response.status_code == 302
    assert response.url == confirm_url(federation)
    assert snapshot() == before
    plan = page.context["plan"]
    assert [(c.member, c.population, c.previous, c.is_large) for c in plan.changes] == [
        ("Borås Stad", 56_500, 113_000, True),
        ("Marks kommun", 35_315, 35_000, False),
    ]
    assert page.context["form"].initial == {"digest": plan.digest}
    assert page.content.decode().count("Mer än 10 procent") == 1


def test_page_saves_the_confirmed_plan_once(client, ekonom, federation, sjuharad):
    client.force_login(ekonom)
    upload(client, federation, HALVED)
    digest = client.get(confirm_url(federation)).context["plan"].digest

    saved = client.post(confirm_url(federation), {"digest": digest})
    after_first = snapshot()
    again = client.post(confirm_url(federation), {"digest": digest})

    assert saved.status_code == 302
    assert figures(2025) == {"1490": 56_500, "1463": 35_315}
    assert (again.status_code, again.url) == (
        302,
        reverse("finance:population_import", args=[federation.slug]),
    )
    assert snapshot() == after_first


def test_page_refuses_to_confirm_a_file_other_than_the_one_shown(
    client, ekonom, federation, sjuharad
):
    client.force_login(ekonom)
    upload(client, federation, HALVED)
    shown_digest = client.get(confirm_url(federation)).context["plan"].digest
    upload(client, federation, HALVED.replace("56500", "50000"))  # another tab
    before = snapshot()

    response = client.post(confirm_url(federation), {"digest": shown_digest})

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [CHANGED_MEANWHILE]
    assert response.context["plan"].changes[0].population == 50_000
    assert snapshot() == before


def test_page_refuses_to_confirm_when_the_figures_changed_meanwhile(
    client, ekonom, federation, sjuharad
):
    client.force_login(ekonom)
    upload(client, federation, HALVED)
    digest = client.get(confirm_url(federation)).context["plan"].digest
    figure = PopulationFigure.objects.get(member=sjuharad["1490"], year=2024)
    set_population(
        sjuharad["1490"],
        2024,
        population=112_000,
        reference_date=figure.reference_date,
        source="hand",
        by=ekonom,
    )
    before = snapshot()

    response = client.post(confirm_url(federation), {"digest": digest})

    assert [str(m) for m in response.context["messages"]] == [CHANGED_MEANWHILE]
    assert response.context["plan"].changes[0].stored is None
    assert snapshot() == before


@pytest.mark.parametrize(("role", "status"), [("chef", 403), ("handlaggare", 403)])
def test_only_the_ekonom_may_confirm(
    client, role_users, federation, sjuharad, role, status
):
    client.force_login(role_users[role])

    response = client.post(confirm_url(federation), {"digest": "0" * 64})

    assert response.status_code == status
