"""The register's Excel export writes hostile titles as text (issue 16.3)."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.agreements.factories import AgreementPartyFactory, agreement_with_parties
from tests.core.test_export_cells import FORMULAS

pytestmark = pytest.mark.django_db


def test_agreement_export_writes_formula_titles_as_text(client, ekonom, federation):
    for title in FORMULAS:
        agreement_with_parties(federation, 1, title=title)
    external = agreement_with_parties(federation, 0, title="Extern part")
    AgreementPartyFactory(agreement=external, member=None, external_name="@SUM(1)")
    client.force_login(ekonom)

    response = client.get(
        reverse("agreements:agreement_export", args=[federation.slug])
    )

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))
    titles = {row[0].value: row for row in rows}
    assert sorted((row[0].value, row[0].data_type) for row in rows) == sorted(
        [(title, "s") for title in FORMULAS] + [("Extern part", "s")]
    )
    assert (titles["Extern part"][3].value, titles["Extern part"][3].data_type) == (
        "@SUM(1)",
        "s",
    )


def test_agreement_export_keeps_numbers_and_dates(client, ekonom, federation):
    agreement_with_parties(
        federation,
        2,
        title="-2024 Räddningstjänst",
        valid_from=datetime.date(2025, 1, 1),
        notice_months=12,
    )
    client.force_login(ekonom)

    response = client.get(
        reverse("agreements:agreement_export", args=[federation.slug])
    )

    row = list(load_workbook(BytesIO(response.content)).active.iter_rows())[1]
    assert (row[0].value, row[0].data_type) == ("-2024 Räddningstjänst", "s")
    assert (row[4].value, row[4].data_type) == (0, "n")
    assert (row[5].value.date(), row[5].number_format) == (
        datetime.date(2025, 1, 1),
        "yyyy-mm-dd",
    )
    assert (row[7].value, row[7].data_type) == (12, "n")
