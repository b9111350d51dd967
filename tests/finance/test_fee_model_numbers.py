"""Amounts, rates and populations typed the Swedish way (issue 16.5)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.forms import FeeModelForm, InstalmentFormSet, ParticipantFormSet
from finance.models import FeeModel, PopulationFigure

from .factories import FeeModelFactory

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"
AMBIGUOUS = (
    "”1.270.000” kan läsas på flera sätt. Skriv tusental med mellanslag och "
    "decimaler med komma, till exempel 1 270 000 eller 1 270 000,50."
)


def fee_model_data(activity, **numbers) -> dict:
    return {
        "activity": activity.pk,
        "name": "Räddningstjänst",
        "method": FeeModel.Method.FIXED_PLUS_PER_CAPITA,
        "base_year": "2025",
        "fixed_amount": "135 000",
        "rate": "6,53",
        "population_year_offset": "-1",
        "uplift": "fixed",
        "uplift_percent": "2,5",
        "index_read_month": "3",
        "index_read_day": "1",
        "rounding": "kr",
        "is_active": "on",
        "p-TOTAL_FORMS": "0",
        "p-INITIAL_FORMS": "0",
        "i-TOTAL_FORMS": "0",
        "i-INITIAL_FORMS": "0",
        "a-TOTAL_FORMS": "0",
        "a-INITIAL_FORMS": "0",
        **numbers,
    }


@pytest.fixture
def activity(federation):
    return FeeModelFactory(federation=federation, name="Annan").activity


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 270 000", Decimal(1270000)),
        ("1 270 000,50", Decimal("1270000.50")),
        (f"1{NBSP}270{NBSP}000,50", Decimal("1270000.50")),
        (f"1{NNBSP}270{NNBSP}000", Decimal(1270000)),
        ("1270000", Decimal(1270000)),
    ],
)
def test_fee_model_form_takes_swedish_amounts(
    client, ekonom, federation, activity, typed, expected
):
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:fee_model_create", args=[federation.slug]),
        fee_model_data(activity, fixed_amount=typed, rate=f"6,53{NBSP}"),
    )

    model = FeeModel.objects.get(name="Räddningstjänst")
    assert response.status_code == 302
    assert (model.fixed_amount, model.rate, model.uplift_percent) == (
        expected,
        Decimal("6.53"),
        Decimal("2.5"),
    )


@pytest.mark.parametrize("typed", ["1.270.000", "1,270,000"])
def test_fee_model_form_refuses_an_ambiguous_amount_in_swedish(
    client, ekonom, federation, activity, typed
):
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:fee_model_create", args=[federation.slug]),
        fee_model_data(activity, fixed_amount=typed),
    )

    form = response.context["form"]
    assert form.errors["fixed_amount"] == [AMBIGUOUS.replace("1.270.000", typed)]
    assert "Fyll i ett tal." not in response.content.decode()
    assert not FeeModel.objects.filter(name="Räddningstjänst").exists()


def test_fee_model_form_shows_amounts_the_swedish_way(federation):
    form = FeeModelForm(
        initial={"fixed_amount": 1270000.5, "rate": Decimal("6.5300")},
        federation=federation,
    )

    assert str(form["fixed_amount"]) == (
        '<input type="text" name="fixed_amount" value="1 270 000,50" '
        'inputmode="decimal" id="id_fixed_amount">'
    )
    assert form["rate"].value() == Decimal("6.5300")
    assert 'value="6,53"' in str(form["rate"])


def test_fee_model_edit_page_shows_stored_amounts_the_swedish_way(
    client, ekonom, federation
):
    model = FeeModelFactory(
        federation=federation,
        method=FeeModel.Method.POPULATION_SHARE,
        total_amount=Decimal("1270000.50"),
        rate=Decimal("41.0000"),
    )
    client.force_login(ekonom)

    response = client.get(
        reverse("finance:fee_model_edit", args=[federation.slug, model.pk])
    )

    form = response.context["form"]
    assert [str(form["total_amount"]), str(form["rate"])] == [
        '<input type="text" name="total_amount" value="1 270 000,50" '
        'inputmode="decimal" id="id_total_amount">',
        '<input type="text" name="rate" value="41" inputmode="decimal" id="id_rate">',
    ]


def test_fee_model_formsets_take_swedish_numbers(federation, members):
    model = FeeModelFactory(federation=federation)
    participants = ParticipantFormSet(
        {
            "p-TOTAL_FORMS": "1",
            "p-INITIAL_FORMS": "0",
            "p-0-member": members[0].pk,
            "p-0-rate": "6,53",
            "p-0-fixed_amount": "1 270 000,50",
        },
        instance=model,
        prefix="p",
        federation=federation,
    )
    instalments = InstalmentFormSet(
        {
            "i-TOTAL_FORMS": "2",
            "i-INITIAL_FORMS": "0",
            "i-0-position": "1",
            "i-0-percent": "33,5",
            "i-0-due_month": "2",
            "i-0-due_day": "1",
            "i-1-position": "2",
            "i-1-percent": "66,5",
            "i-1-due_month": "8",
            "i-1-due_day": "1",
        },
        instance=model,
        prefix="i",
    )

    assert participants.is_valid(), participants.errors
    assert instalments.is_valid(), instalments.errors
    assert (
        participants.forms[0].cleaned_data["fixed_amount"],
        [form.cleaned_data["percent"] for form in instalments.forms],
    ) == (Decimal("1270000.50"), [Decimal("33.5"), Decimal("66.5")])


def test_population_edit_takes_a_grouped_population(
    client, ekonom, federation, members
):
    client.force_login(ekonom)
    url = reverse(
        "finance:population_edit", args=[federation.slug, members[0].pk, 2024]
    )

    page = client.get(url)
    client.post(
        url,
        {
            "population": f"10{NBSP}050",
            "reference_date": "2024-12-31",
            "source": "SCB",
        },
    )

    assert 'value="10 000" inputmode="numeric"' in page.content.decode()
    assert PopulationFigure.objects.get(member=members[0], year=2024).population == (
        10050
    )
