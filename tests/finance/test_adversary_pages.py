"""Adversary (issue 20.7): the fee model page's "Lägg till deltagare", the
verksamhet and index value pages, against crafted posts and foreign ids."""

import re
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from finance.fee_model_page import MAX_PARTICIPANT_ROWS
from finance.models import Activity, IndexValue, Participant
from tests.factories import MemberFactory

from .factories import (
    FeeModelFactory,
    IndexSeriesFactory,
    InstalmentFactory,
    ParticipantFactory,
)
from .test_daily_fee_model_form import _page, _total, _url

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_model(federation, members):
    model = FeeModelFactory(federation=federation, name="Bas", base_year=2025)
    for member in members[:2]:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=Decimal(100))
    return model


def test_a_huge_total_forms_on_add_participant_stays_small_and_quick(
    client,
    ekonom,
    fee_model,
):
    """TOTAL_FORMS=100000 with the add button: Django alone would render 2 000
    rows (its absolute maximum), each with every member in its list."""
    client.force_login(ekonom)
    data = _page(fee_model, **{"p-TOTAL_FORMS": "100000", "add_participant": ""})

    started = time.monotonic()
    response = client.post(_url(fee_model), data)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    page = response.content.decode()
    assert _total(page, "p") == MAX_PARTICIPANT_ROWS
    assert len(re.findall(r'name="p-\d+-member"', page)) == MAX_PARTICIPANT_ROWS
    assert elapsed < 5
    assert fee_model.participants.count() == 2


def test_a_huge_total_forms_on_save_is_refused_and_quick(
    client,
    ekonom,
    fee_model,
):
    client.force_login(ekonom)
    data = _page(fee_model, **{"p-TOTAL_FORMS": "100000"})

    started = time.monotonic()
    response = client.post(_url(fee_model), data)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r'name="p-\d+-member"', page)) <= MAX_PARTICIPANT_ROWS
    assert "Skicka som mest 600 formulär" in page  # Django's own message
    assert elapsed < 5
    assert fee_model.participants.count() == 2


def test_a_participant_of_another_federations_member_is_refused(
    client,
    ekonom,
    fee_model,
    other_federation,
):
    stranger = MemberFactory(federation=other_federation, kommunkod="9999")
    client.force_login(ekonom)

    response = client.post(
        _url(fee_model), _page(fee_model, **{"p-2-member": stranger.pk})
    )

    assert response.status_code == 200
    assert not Participant.objects.filter(member=stranger).exists()


def test_another_federations_participant_id_in_the_formset_changes_nothing(
    client,
    ekonom,
    fee_model,
    other_federation,
):
    theirs = FeeModelFactory(federation=other_federation, name="Deras")
    stranger = MemberFactory(federation=other_federation, kommunkod="9998")
    row = Participant.objects.create(fee_model=theirs, member=stranger)
    client.force_login(ekonom)

    client.post(
        _url(fee_model),
        _page(fee_model, **{"p-0-id": row.pk, "p-0-DELETE": "on"}),
    )

    assert Participant.objects.filter(pk=row.pk, fee_model=theirs).exists()


def test_another_federations_verksamhet_and_series_are_404(
    client, ekonom, federation, other_federation
):
    theirs = Activity.objects.create(federation=other_federation, name="Deras")
    series = IndexSeriesFactory(federation=other_federation)
    client.force_login(ekonom)

    edit = client.post(
        reverse("finance:activity_edit", args=[federation.slug, theirs.pk]),
        {"name": "Stulen", "description": ""},
    )
    value = client.post(
        reverse("finance:index_value_set", args=[federation.slug, series.pk]),
        {"year": "2025", "value": "2,1", "published_on": "2025-02-01"},
    )

    assert (edit.status_code, value.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.name == "Deras"
    assert not IndexValue.objects.filter(series=series).exists()


def test_a_unicode_minus_pasted_from_word_is_read(client, ekonom, federation):
    series = IndexSeriesFactory(federation=federation, kind="percent")
    client.force_login(ekonom)

    client.post(
        reverse("finance:index_value_set", args=[federation.slug, series.pk]),
        {"year": "2025", "value": " \u22122,1 ", "published_on": "2025-02-01"},
    )

    assert series.values.get().value == Decimal("-2.1")


@pytest.mark.parametrize("role", ["handlaggare", "ledamot", "chef"])
def test_other_roles_cannot_write_the_ekonoms_pages(
    client,
    role_users,
    role,
    federation,
    fee_model,
):
    client.force_login(role_users[role])

    created = client.post(
        reverse("finance:activity_create", args=[federation.slug]),
        {"name": "Ny", "description": ""},
    )
    grown = client.post(_url(fee_model), _page(fee_model, add_participant=""))

    assert (created.status_code, grown.status_code) == (403, 403)
    assert not Activity.objects.filter(name="Ny").exists()


@pytest.mark.parametrize("adding", [False, True])
@pytest.mark.parametrize(
    ("initial", "total"), [("5", "3"), ("-1", "3"), ("x", "3"), ("2", "-4")]
)
def test_a_crafted_management_form_is_no_error_page(
    client, ekonom, fee_model, adding, initial, total
):
    client.force_login(ekonom)
    data = _page(fee_model, **{"p-INITIAL_FORMS": initial, "p-TOTAL_FORMS": total})
    if adding:
        data["add_participant"] = ""

    response = client.post(_url(fee_model), data)

    assert response.status_code in (200, 302)
    assert sorted(fee_model.participants.values_list("member__name", flat=True)) == [
        "Alby",
        "Berga",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "Bas\u200b",  # a zero-width space pasted from a web page
        "\u202eBas",  # a right-to-left override
        "Ba\u0000s",  # a control character
    ],
)
def test_an_invisible_character_makes_no_look_alike_verksamhet(
    federation, ekonom, typed
):
    from finance.activities import save_activity  # noqa: PLC0415 leaf

    save_activity(federation, None, name="Bas", description="", by=ekonom)

    with pytest.raises(ValidationError):
        save_activity(federation, None, name=typed, description="", by=ekonom)

    assert list(federation.activities.values_list("name", flat=True)) == ["Bas"]


def test_a_decomposed_name_is_the_same_verksamhet(federation, ekonom):
    """ "Närvård" typed on a Mac may arrive as a + combining diaeresis."""
    from finance.activities import save_activity  # noqa: PLC0415 leaf

    save_activity(federation, None, name="Närvård", description="", by=ekonom)

    with pytest.raises(ValidationError):
        save_activity(
            federation, None, name="Na\u0308rva\u030ard", description="", by=ekonom
        )
