"""Editing a fee model on its page: the forms are read by the view and saved by
finance.services.save_fee_model from plain data."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.forms import FreezeYearsField
from finance.models import FeeModel, Instalment, Participant

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


def _page(model: FeeModel, members, **changes) -> dict:
    return fee_model_form_data(model, **changes)


def test_a_row_changed_one_deleted_and_one_added_in_one_save(
    client, ekonom, fee_model, members
):
    berga = fee_model.participants.get(member__name="Berga")
    client.force_login(ekonom)
    url = reverse(
        "finance:fee_model_edit", args=[fee_model.federation.slug, fee_model.pk]
    )

    response = client.post(
        url,
        _page(
            fee_model,
            members,
            **{"p-0-rate": "11", "p-1-DELETE": "on", "p-2-member": members[2].pk},
        ),
    )

    assert response.status_code == 302
    assert list(
        fee_model.participants.order_by("member__name").values_list(
            "member__name", "rate"
        )
    ) == [("Alby", Decimal(11)), ("Cstad", None)]
    deleted = Participant.history.filter(id=berga.pk).first()
    assert (deleted.history_type, deleted.history_change_reason) == (
        "-",
        "Avgiftsmodellen sparad",
    )
    # The instalment did not change: no history row is written for it.
    assert Instalment.history.filter(fee_model_id=fee_model.pk).count() == 1


def test_an_unchanged_page_writes_only_the_model(client, ekonom, fee_model, members):
    client.force_login(ekonom)
    url = reverse(
        "finance:fee_model_edit", args=[fee_model.federation.slug, fee_model.pk]
    )

    client.post(url, _page(fee_model, members))

    assert Participant.history.filter(fee_model_id=fee_model.pk).count() == 2
    assert fee_model.history.first().history_change_reason == "Avgiftsmodellen sparad"


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("p-1-id", {"p-1-DELETE": "on"}),
        ("p-1-id", {"p-1-rate": "99"}),
        ("i-0-id", {"i-0-percent": "100", "i-0-due_day": "15"}),
        ("i-0-id", {"i-0-DELETE": "on"}),
    ],
)
def test_a_row_of_another_fee_model_is_skipped_as_formset_save_did(
    client, ekonom, fee_model, members, field, extra
):
    """A row id of another model (here of the same förbund) in the page, to change
    or delete: the row is skipped, as Django's formset.save() skips a row outside
    its queryset, and no row of either model changes (not a 500, not a new row)."""
    other = FeeModelFactory(federation=fee_model.federation, name="Annan")
    foreign = {
        "p-1-id": ParticipantFactory(fee_model=other, member=members[2]),
        "i-0-id": InstalmentFactory(fee_model=other, position=1),
    }[field]
    rows = [list(m.objects.order_by("pk").values()) for m in (Participant, Instalment)]
    client.force_login(ekonom)
    url = reverse(
        "finance:fee_model_edit", args=[fee_model.federation.slug, fee_model.pk]
    )

    response = client.post(
        url,
        _page(fee_model, members, **{field: foreign.pk, **extra}),
    )

    assert response.status_code == 302
    assert [
        list(m.objects.order_by("pk").values()) for m in (Participant, Instalment)
    ] == rows
    assert FeeModel.objects.get(pk=fee_model.pk).name == "Bas"


@pytest.mark.parametrize("years", ["²⁰²⁴", "٢٠٢٤", "2024, 20²4"])
def test_freeze_years_that_are_no_plain_numbers_are_refused(years):
    """str.isdigit() is true of "²", which int() refuses: an error, no 500."""
    field = FreezeYearsField(required=False)

    with pytest.raises(ValidationError) as refused:
        field.clean(years)

    assert refused.value.messages[0].endswith("är inte ett årtal.")
