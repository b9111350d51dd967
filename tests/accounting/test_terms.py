"""The mandate-period flag on the finance start page (accounting.terms)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounting.terms import flags, period_due, record_reassessment
from agreements.models import Agreement
from finance.models import Activity, FeeModel

D = datetime.date


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (D(2026, 7, 31), None),
        (D(2026, 8, 1), D(2027, 1, 1)),
        (D(2026, 12, 7), D(2027, 1, 1)),
        (D(2027, 8, 31), D(2027, 1, 1)),
        (D(2027, 9, 1), None),
        (D(2029, 12, 1), None),
        (D(2030, 8, 1), D(2031, 1, 1)),
    ],
)
def test_the_window_runs_from_1_august_of_the_election_year(today, due):
    assert period_due(today) == due


@pytest.fixture
def agreement(federation):
    found = Agreement.objects.create(
        federation=federation,
        title="Överenskommelse om samverkan",
        kind=Agreement.Kind.OVERENSKOMMELSE,
        reassess_before_term=True,
    )
    activity = Activity.objects.create(federation=federation, name="SRB")
    FeeModel.objects.create(
        federation=federation,
        activity=activity,
        agreement=found,
        name="SRB-kostnad",
        method=FeeModel.Method.POPULATION_SHARE,
        base_year=2023,
    )
    return found


def test_a_flagged_agreement_shows_until_its_reassessment_is_recorded(
    federation, agreement, ekonom
):
    Agreement.objects.create(
        federation=federation, title="Annat avtal", kind=Agreement.Kind.OTHER
    )

    shown = flags(federation, D(2026, 9, 1))
    assert [(f.agreement, f.fee_models, f.is_overdue) for f in shown] == [
        (agreement, ["SRB-kostnad"], False)
    ]
    assert flags(federation, D(2027, 2, 1))[0].is_overdue
    assert flags(federation, D(2026, 7, 31)) == []

    record_reassessment(agreement, D(2027, 1, 1), decided_on=D(2026, 10, 1), by=ekonom)

    assert flags(federation, D(2026, 9, 1)) == []
    assert len(flags(federation, D(2030, 9, 1))) == 1  # the next period's
    with pytest.raises(ValidationError):  # twice
        record_reassessment(
            agreement, D(2027, 1, 1), decided_on=D(2026, 10, 2), by=ekonom
        )
    with pytest.raises(ValidationError):  # not a period's start
        record_reassessment(
            agreement, D(2028, 1, 1), decided_on=D(2026, 10, 2), by=ekonom
        )


def test_an_agreement_that_ends_before_the_period_is_not_flagged(federation, agreement):
    agreement.valid_to = D(2026, 12, 31)
    agreement.save()

    assert flags(federation, D(2026, 9, 1)) == []


def test_the_finance_start_page_shows_the_flag_to_the_ekonom(
    client, federation, agreement, ekonom, monkeypatch
):
    monkeypatch.setattr(
        "accounting.templatetags.accounting.timezone.localdate", lambda: D(2026, 9, 1)
    )
    client.force_login(ekonom)

    page = client.get(reverse("finance:index", args=[federation.slug])).content.decode()

    assert "Överenskommelse om samverkan" in page
    assert "2027–2030" in page


def test_recording_the_reassessment_through_the_page(
    client, federation, agreement, ekonom, chef
):
    url = reverse(
        "accounting:reassessment_record", args=[federation.slug, agreement.pk]
    )
    data = {
        "term_starts": "2027-01-01",
        "decided_on": "2026-10-01",
        "note": "Direktionen § 12",
    }
    client.force_login(chef)
    assert client.post(url, data).status_code == 403
    client.force_login(ekonom)

    client.post(url, data)

    assert agreement.reassessments.get().note == "Direktionen § 12"
