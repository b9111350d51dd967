"""Adversary round of issue 20 (fees): the avräkning of a corrected version must use
exactly what was marked invoiced, whatever the correction removed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import Participant
from finance.selectors import instalments_of
from finance.services import approve_run, mark_instalment_sent, run_allocation

from .factories import FeeModelFactory, InstalmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def half_and_half(federation, members):
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    return model


def test_a_member_removed_after_an_invoice_is_credited_in_the_next_version(
    federation, members, half_and_half, ekonom
):
    """Alby was invoiced 205 000 by instalment 1 of v1, then taken out of the fee
    model: v2 must not forget the 205 000 (before: no line, no credit)."""
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom, sent_on=D(2025, 1, 12))
    Participant.objects.filter(fee_model=half_and_half, member=members[0]).delete()

    v2 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 3, 1))

    line = v2.lines.get(member=members[0])
    assert (line.amount, line.invoiced, line.settlement) == (
        Decimal(0),
        Decimal(205_000),
        Decimal(-205_000),
    )
    items = instalments_of(line)
    assert sum(Decimal(i["amount"]) for i in items) == 0
    first = items[0]
    assert (first["position"], first["amount"], first["invoiced"]) == (1, 205_000, True)
    assert "205 000" in line.explanation.replace("\xa0", " ")
    # The members still in the model are unchanged by the correction.
    assert v2.lines.get(member=members[1]).settlement == 0


def test_a_fee_model_made_inactive_after_an_invoice_is_credited_and_shown(
    client, federation, members, half_and_half, ekonom
):
    v1 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 1, 10))
    approve_run(v1, by=ekonom)
    mark_instalment_sent(v1, 1, by=ekonom, sent_on=D(2025, 1, 12))
    half_and_half.is_active = False
    half_and_half.save()

    v2 = run_allocation(federation, 2025, by=ekonom, as_of=D(2025, 3, 1))

    assert sorted(v2.lines.values_list("settlement", flat=True)) == [
        Decimal(-615_000),
        Decimal(-410_000),
        Decimal(-205_000),
    ]
    assert v2.total == 0
    client.force_login(ekonom)
    page = client.get(reverse("finance:run", args=[federation.slug, v2.pk]))
    assert page.status_code == 200
    rows = client.get(
        reverse("finance:run_download", args=[federation.slug, v2.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert "-205000" in rows
    xlsx = client.get(
        reverse("finance:run_download", args=[federation.slug, v2.pk, "xlsx"])
    )
    assert xlsx.status_code == 200
