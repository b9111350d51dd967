"""Adversary round of issue 20 (fees): the CSV fakturaunderlag in whole kronor
must invoice what the line says, also when a verksamhet's item has öre."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import ActivityYear
from finance.services import run_allocation

from .factories import FeeModelFactory, InstalmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_the_csv_instalments_add_up_to_each_lines_amount_in_whole_kronor(
    client, federation, members, ekonom
):
    """Another payer's fixed 1,50 kr leaves öre on every line, split in two
    instalments. Before: each instalment was rounded on its own (half to even),
    so the rows of a line of 819 999,50 kr summed to 819 999 and öre were lost
    over the members; now the rows of a line add up to its amount rounded."""
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    for member in members:
        ParticipantFactory(fee_model=model, member=member)
    InstalmentFactory(fee_model=model, position=1, percent=50, due_month=1, due_day=31)
    InstalmentFactory(fee_model=model, position=2, percent=50, due_month=6, due_day=30)
    ActivityYear.objects.create(
        activity=model.activity,
        year=2025,
        other_payer="Regionen",
        other_payer_amount=Decimal("1.50"),
    )
    run = run_allocation(federation, 2025, by=None, as_of=datetime.date(2025, 1, 10))
    amounts = dict(run.lines.values_list("member__kommunkod", "amount"))
    assert any(a != a.to_integral_value() for a in amounts.values())

    client.force_login(ekonom)
    text = client.get(
        reverse("finance:run_download", args=[federation.slug, run.pk, "csv"])
    ).content.decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_member: dict[str, int] = {}
    for row in rows:
        by_member[row["kommunkod"]] = by_member.get(row["kommunkod"], 0) + int(
            row["belopp"]
        )
    for code, amount in amounts.items():
        assert by_member[code] == int(amount.quantize(Decimal(1), "ROUND_HALF_UP"))
