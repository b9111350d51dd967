"""The fee model's page (issue 20.7): "Lägg till deltagare" grows the participants'
formset on the server, without any script; its sections fold (<details>), and the
history says why in Swedish words."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core import history
from finance.models import FeeModel, Participant

from .factories import (
    FeeModelFactory,
    InstalmentFactory,
    ParticipantFactory,
    fee_model_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_model(federation, members):
    model = FeeModelFactory(federation=federation, name="Bas", base_year=2025)
    for member in members[:2]:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=Decimal(100))
    return model


def _page(model: FeeModel, **changes) -> dict:
    return fee_model_form_data(model, **changes)


def _url(model: FeeModel) -> str:
    return reverse("finance:fee_model_edit", args=[model.federation.slug, model.pk])


def _section(page: str, key: str) -> str:
    """The opening tag of a section's <details>."""
    match = re.search(rf'<details class="fold" id="section-{key}"[^>]*>', page)
    assert match, key
    return match.group(0)


def _total(page: str, prefix: str) -> int:
    match = re.search(rf'name="{prefix}-TOTAL_FORMS" value="(\d+)"', page)
    assert match
    return int(match.group(1))


def test_the_page_folds_its_sections_and_offers_to_add_a_participant(
    client, ekonom, fee_model
):
    client.force_login(ekonom)

    page = client.get(_url(fee_model)).content.decode()

    assert "open" in _section(page, "basics")
    # An existing model's other sections are folded: the page is short.
    for key in ("amounts", "uplift", "validity", "participants", "instalments"):
        assert "open" not in _section(page, key), key
    assert "<summary>" in page
    assert "Lägg till deltagare" in page
    assert _total(page, "p") == 3  # two participants and one empty row


def test_a_new_model_opens_its_sections(client, ekonom, federation):
    client.force_login(ekonom)

    page = client.get(
        reverse("finance:fee_model_create", args=[federation.slug])
    ).content.decode()

    for key in ("basics", "amounts", "uplift", "participants", "instalments"):
        assert "open" in _section(page, key), key


def test_enter_saves_the_model_and_does_not_add_a_row(client, ekonom, fee_model):
    """A form's first submit button is the one Enter presses."""
    client.force_login(ekonom)

    page = client.get(_url(fee_model)).content.decode()

    first = re.search(r"<button [^>]*type=\"submit\"[^>]*>", page)
    assert first
    assert "add_participant" not in first.group(0)


def test_adding_a_participant_shows_one_more_row_and_saves_nothing(
    client, ekonom, fee_model, members
):
    client.force_login(ekonom)
    before = list(fee_model.history.all())

    response = client.post(
        _url(fee_model),
        _page(fee_model, name="Bas ändrad", rate="", add_participant="1"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert _total(page, "p") == 4
    assert 'value="Bas ändrad"' in page  # what was typed stays
    # Nothing is checked yet: the empty rate is no error until Spara.
    assert "Denna metod behöver ett värde här." not in page
    assert 'class="error' not in page
    assert "open" in _section(page, "participants")
    assert re.search(r'<select name="p-3-member"[^>]*autofocus', page)
    fee_model.refresh_from_db()
    assert fee_model.name == "Bas"
    assert list(fee_model.history.all()) == before


def test_a_grown_row_is_saved_with_the_model(client, ekonom, fee_model, members):
    client.force_login(ekonom)
    cstad = members[2]

    client.post(_url(fee_model), _page(fee_model, add_participant="1"))
    response = client.post(
        _url(fee_model),
        _page(
            fee_model,
            **{"p-TOTAL_FORMS": "4", "p-3-member": cstad.pk, "p-3-rate": "12,50"},
        ),
    )

    assert response.status_code == 302
    added = Participant.objects.get(fee_model=fee_model, member=cstad)
    assert added.rate == Decimal("12.50")


def test_adding_twice_grows_twice(client, ekonom, fee_model):
    client.force_login(ekonom)

    page = client.post(
        _url(fee_model),
        _page(fee_model, add_participant="1", **{"p-TOTAL_FORMS": "4"}),
    ).content.decode()

    assert _total(page, "p") == 5


def test_a_broken_management_form_is_refused_not_a_500(client, ekonom, fee_model):
    client.force_login(ekonom)

    response = client.post(
        _url(fee_model),
        _page(fee_model, add_participant="1", **{"p-TOTAL_FORMS": "x"}),
    )

    assert response.status_code == 200
    fee_model.refresh_from_db()
    assert fee_model.participants.count() == 2


def test_an_error_opens_its_section(client, ekonom, fee_model):
    client.force_login(ekonom)

    page = client.post(_url(fee_model), _page(fee_model, rate="tre")).content.decode()

    assert "open" in _section(page, "amounts")
    assert "open" not in _section(page, "validity")
    assert "Skriv ett tal" in page


def test_the_history_says_why_in_swedish(client, ekonom, fee_model):
    client.force_login(ekonom)

    client.post(_url(fee_model), _page(fee_model, name="Basavgift"))
    detail = reverse(
        "finance:fee_model", args=[fee_model.federation.slug, fee_model.pk]
    )
    page = client.get(detail).content.decode()

    assert fee_model.history.first().history_change_reason == "Avgiftsmodellen sparad"
    assert "Avgiftsmodellen sparad" in page
    assert "save_fee_model" not in page


def test_a_row_stored_with_a_service_name_is_shown_in_words(client, ekonom, fee_model):
    history.save(fee_model, by=ekonom, reason="save_fee_model")
    client.force_login(ekonom)
    detail = reverse(
        "finance:fee_model", args=[fee_model.federation.slug, fee_model.pk]
    )

    page = client.get(detail).content.decode()

    assert "Avgiftsmodellen sparad" in page
    assert "save_fee_model" not in page
