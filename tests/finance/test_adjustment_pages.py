"""The pages of a verksamhet's year (issue 20.3): list, add and edit the
carry-forward, another payer's share and one-off adjustments, through the
services in finance.adjustments, with their history; and the avräkning columns
of the run's PDF report (issue 20.2)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.adjustments import save_activity_year, save_adjustment
from finance.models import ActivityYear, Adjustment
from finance.reports import build_html
from finance.selectors import run_table
from finance.services import (
    approve_run,
    mark_instalment_sent,
    run_allocation,
    set_population,
)
from tests.factories import MemberFactory

from .factories import (
    ActivityFactory,
    FeeModelFactory,
    InstalmentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
SLUG = "testforbund"


@pytest.fixture
def activity(federation):
    return ActivityFactory(federation=federation, name="Närvårdssamverkan")


@pytest.fixture
def year(activity, ekonom):
    row = ActivityYear(activity=activity, year=2025, carried_in=Decimal(1000))
    return save_activity_year(row, federation=activity.federation, by=ekonom)


def _form(**changes) -> dict:
    data = {
        "year": "2025",
        "carried_in": "12 500",
        "carried_in_lowers_fees": "on",
        "carried_out": "0",
        "other_payer": "",
        "other_payer_amount": "",
        "other_payer_percent": "",
    }
    return {**data, **changes}


def test_the_ekonom_adds_a_verksamhet_year_with_swedish_numbers(
    client, activity, ekonom
):
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:activity_year_create", args=[SLUG]),
        _form(activity=activity.pk, other_payer="Regionen", other_payer_percent="50"),
    )

    row = ActivityYear.objects.get()
    assert response.url == reverse("finance:activity_year_edit", args=[SLUG, row.pk])
    assert (row.year, row.carried_in, row.other_payer_percent) == (
        2025,
        Decimal(12_500),
        Decimal(50),
    )
    [entry] = row.history.all()
    assert (entry.history_user, entry.history_change_reason) == (
        ekonom,
        "Verksamhetsår sparat",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {
                "other_payer": "Regionen",
                "other_payer_amount": "10",
                "other_payer_percent": "5",
            },
            "other_payer_percent",
            "Ange den andra betalarens andel som ett fast belopp eller en procentsats, "
            "inte båda.",
        ),
        (
            {"other_payer": "Regionen", "other_payer_percent": "150"},
            "other_payer_percent",
            "Procentsatsen måste vara mellan 0 och 100.",
        ),
        (
            {"other_payer_amount": "10"},
            "other_payer",
            "Ange vem den andra betalaren är.",
        ),
        (
            {"year": "2025"},
            "year",
            "Närvårdssamverkan har redan året 2025: ändra det i stället.",
        ),
    ],
)
def test_bad_input_is_refused_in_swedish_and_changes_nothing(
    client, activity, year, ekonom, changes, field, message
):
    client.force_login(ekonom)
    before = list(ActivityYear.objects.values())

    response = client.post(
        reverse("finance:activity_year_create", args=[SLUG]),
        _form(activity=activity.pk, **changes),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert list(ActivityYear.objects.values()) == before


def test_another_federations_verksamhet_cannot_be_chosen(
    client, federation, other_federation, ekonom
):
    foreign = ActivityFactory(federation=other_federation)
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:activity_year_create", args=[SLUG]), _form(activity=foreign.pk)
    )

    assert list(response.context["form"].errors) == ["activity"]
    assert ActivityYear.objects.count() == 0
    with pytest.raises(ValidationError):
        save_activity_year(
            ActivityYear(activity=foreign, year=2025),
            federation=federation,
            by=ekonom,
        )


def test_the_ekonom_edits_a_year_and_the_history_keeps_both(client, year, ekonom):
    client.force_login(ekonom)

    client.post(
        reverse("finance:activity_year_edit", args=[SLUG, year.pk]),
        _form(activity=year.activity_id, carried_in="-3 000"),
    )
    page = client.get(reverse("finance:activity_year_edit", args=[SLUG, year.pk]))

    year.refresh_from_db()
    assert year.carried_in == Decimal(-3000)
    assert [h.carried_in for h in year.history.all()] == [Decimal(-3000), Decimal(1000)]
    assert len(page.context["history"]) == 2


def test_adjustments_are_added_edited_and_removed_with_a_reason(
    client, federation, year, members, ekonom
):
    client.force_login(ekonom)

    client.post(
        reverse("finance:adjustment_create", args=[SLUG, year.pk]),
        {"amount": "6 000", "reason": "Hyra", "member": ""},
    )
    adjustment = Adjustment.objects.get()
    client.post(
        reverse("finance:adjustment_edit", args=[SLUG, adjustment.pk]),
        {"amount": "-2 500,50", "reason": "Återbetald hyra", "member": members[1].pk},
    )
    adjustment.refresh_from_db()
    changed = (adjustment.amount, adjustment.reason, adjustment.member)
    client.post(reverse("finance:adjustment_delete", args=[SLUG, adjustment.pk]))

    assert changed == (Decimal("-2500.50"), "Återbetald hyra", members[1])
    assert Adjustment.objects.count() == 0
    assert [h.history_type for h in Adjustment.history.all()] == ["-", "~", "+"]


def test_an_adjustment_of_nothing_is_refused(client, year, ekonom):
    client.force_login(ekonom)

    response = client.post(
        reverse("finance:adjustment_create", args=[SLUG, year.pk]),
        {"amount": "0", "reason": "Hyra", "member": ""},
    )

    assert response.context["form"].errors["amount"] == [
        "En justering på 0 kr ändrar ingenting."
    ]
    assert Adjustment.objects.count() == 0


def test_an_adjustment_without_a_reason_is_refused(year, ekonom):
    row = Adjustment(activity_year=year, amount=Decimal(5), reason="  ")

    with pytest.raises(ValidationError) as error:
        save_adjustment(row, federation=year.activity.federation, by=ekonom)

    assert error.value.message_dict == {"reason": ["Ange skälet till justeringen."]}
    assert Adjustment.objects.count() == 0


def test_an_adjustment_for_another_federations_member_is_refused(
    year, other_federation, ekonom
):
    stranger = MemberFactory(federation=other_federation)
    row = Adjustment(activity_year=year, amount=Decimal(5), reason="x", member=stranger)

    with pytest.raises(ValidationError) as error:
        save_adjustment(row, federation=year.activity.federation, by=ekonom)

    assert error.value.message_dict == {"member": ["Välj en av förbundets medlemmar."]}


def test_the_administrator_reads_the_list_and_may_not_edit(client, year, chef):
    Adjustment.objects.create(activity_year=year, amount=Decimal(6000), reason="Hyra")
    client.force_login(chef)

    page = client.get(reverse("finance:activity_years", args=[SLUG]))
    edit = client.get(reverse("finance:activity_year_edit", args=[SLUG, year.pk]))

    html = page.content.decode().replace("\xa0", " ")
    assert "6 000 kr (Hyra)" in html
    assert "6 000 kr" in html
    assert "1 000 kr" in html
    assert edit.status_code == 403


def test_another_federations_year_is_not_found(client, other_federation, ekonom):
    foreign = ActivityYear.objects.create(
        activity=ActivityFactory(federation=other_federation), year=2025
    )
    client.force_login(ekonom)

    response = client.get(
        reverse("finance:activity_year_edit", args=[SLUG, foreign.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_reads_in_a_fixed_number_of_queries(
    client, federation, ekonom, rows, django_assert_num_queries
):
    for n in range(rows):
        row = ActivityYear.objects.create(
            activity=ActivityFactory(federation=federation), year=2025
        )
        Adjustment.objects.create(activity_year=row, amount=Decimal(n + 1), reason="x")
    client.force_login(ekonom)
    client.get(reverse("finance:activity_years", args=[SLUG]))

    # session, user, grants, the years with their verksamhet, the adjustments
    with django_assert_num_queries(5):
        client.get(reverse("finance:activity_years", args=[SLUG]))


def test_the_run_pdf_shows_invoiced_earlier_and_the_avrakning(
    federation, members, ekonom
):
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=datetime.date(2025, 1, 10))
    approve_run(v1, by=ekonom)
    first = build_html(run_table(v1))
    mark_instalment_sent(v1, 1, by=ekonom)
    set_population(
        members[0],
        2024,
        population=10_500,
        reference_date=datetime.date(2024, 12, 31),
        source="SCB",
        by=ekonom,
    )
    v2 = run_allocation(federation, 2025, by=ekonom, as_of=datetime.date(2025, 3, 1))

    html = build_html(run_table(v2)).replace("\xa0", " ")

    assert "Tidigare fakturerat" not in first
    assert html.count("Tidigare fakturerat") == 2  # the summary and the section
    assert html.count(">Avräkning<") == 2
    assert "205 000 kr" in html
    assert "10 250 kr" in html
    assert "(fakturerad)" in html
