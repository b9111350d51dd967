"""Verksamheter created and changed on the product's pages (issue 20.7), not only
in /admin/: the Ekonom writes, the Administratör reads, another förbund's is 404."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.activities import save_activity
from finance.models import Activity

from .factories import ActivityFactory, FeeModelFactory

pytestmark = pytest.mark.django_db


def test_save_activity_creates_one_with_a_swedish_reason(federation, ekonom):
    activity = save_activity(
        federation, None, name="  Dataskydds\u00adombud ", description="", by=ekonom
    )

    row = activity.history.get()
    assert (row.history_change_reason, row.history_user) == (
        "Verksamheten skapad",
        ekonom,
    )


def test_save_activity_tidies_spaces_in_the_name(federation, ekonom):
    activity = save_activity(
        federation, None, name="  Bas   verksamhet ", description="", by=ekonom
    )

    assert activity.name == "Bas verksamhet"


def test_a_taken_name_is_refused_in_swedish_and_nothing_changes(federation, ekonom):
    ActivityFactory(federation=federation, name="Basverksamhet")
    other = ActivityFactory(federation=federation, name="IT")
    rows = other.history.count()

    with pytest.raises(ValidationError) as error:
        save_activity(
            federation, other, name="basverksamhet", description="", by=ekonom
        )

    assert error.value.messages == [
        "Det finns redan en verksamhet som heter basverksamhet."
    ]
    other.refresh_from_db()
    assert other.name == "IT"
    assert other.history.count() == rows


def test_the_same_name_in_another_federation_is_free(
    federation, other_federation, ekonom
):
    ActivityFactory(federation=other_federation, name="Basverksamhet")

    save_activity(federation, None, name="Basverksamhet", description="", by=ekonom)

    assert Activity.objects.filter(name="Basverksamhet").count() == 2


def test_an_empty_name_is_refused(federation, ekonom):
    with pytest.raises(ValidationError, match="Ge verksamheten ett namn"):
        save_activity(federation, None, name="   ", description="", by=ekonom)
    assert not Activity.objects.exists()


def test_an_unchanged_activity_writes_no_history(federation, ekonom):
    activity = ActivityFactory(federation=federation, name="IT", description="Drift")

    save_activity(federation, activity, name="IT", description="Drift", by=ekonom)

    assert activity.history.count() == 1  # the factory's own row


def test_the_ekonom_creates_one_on_the_page(client, federation, ekonom):
    client.force_login(ekonom)
    url = reverse("finance:activity_create", args=[federation.slug])

    response = client.post(url, {"name": "Dataskyddsombud", "description": "DSO"})

    assert response.status_code == 302
    assert response["Location"] == reverse("finance:activities", args=[federation.slug])
    activity = Activity.objects.get(federation=federation)
    assert (activity.name, activity.description) == ("Dataskyddsombud", "DSO")
    page = client.get(response["Location"]).content.decode()
    assert "Dataskyddsombud" in page
    assert "Verksamheten har sparats." in page


def test_the_ekonom_renames_one_and_the_history_says_why(client, federation, ekonom):
    activity = ActivityFactory(federation=federation, name="Bas")
    FeeModelFactory(federation=federation, activity=activity)
    client.force_login(ekonom)
    url = reverse("finance:activity_edit", args=[federation.slug, activity.pk])

    client.post(url, {"name": "Basverksamhet", "description": ""})
    page = client.get(url).content.decode()

    activity.refresh_from_db()
    assert activity.name == "Basverksamhet"
    assert "Verksamheten ändrad" in page
    assert activity.fee_models.count() == 1  # the fee model keeps its verksamhet


def test_a_taken_name_on_the_page_shows_the_error_and_saves_nothing(
    client, federation, ekonom
):
    ActivityFactory(federation=federation, name="IT")
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:activity_create", args=[federation.slug]),
        {"name": "IT", "description": ""},
    )

    assert response.status_code == 200
    assert "Det finns redan en verksamhet som heter IT." in response.content.decode()
    assert Activity.objects.filter(federation=federation).count() == 1


def test_the_administrator_reads_the_list_but_cannot_create(client, federation, chef):
    ActivityFactory(federation=federation, name="IT")
    client.force_login(chef)

    listing = client.get(reverse("finance:activities", args=[federation.slug]))
    create = client.post(
        reverse("finance:activity_create", args=[federation.slug]), {"name": "X"}
    )

    assert listing.status_code == 200
    assert "IT" in listing.content.decode()
    assert "Ny verksamhet" not in listing.content.decode()
    assert create.status_code == 403
    assert Activity.objects.filter(federation=federation).count() == 1


def test_another_federations_activity_is_not_found(
    client, federation, other_federation, ekonom
):
    theirs = ActivityFactory(federation=other_federation, name="Deras")
    client.force_login(ekonom)
    url = reverse("finance:activity_edit", args=[federation.slug, theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Vår"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Deras"
