"""The allocation run's Excel workbook and CSV fakturaunderlag write hostile names
as text and amounts as numbers (issue 16.3)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from finance.models import FeeModel
from finance.services import run_allocation
from tests.core.test_export_cells import FORMULAS
from tests.factories import MemberFactory

from .factories import (
    FeeModelFactory,
    InstalmentFactory,
    ParticipantFactory,
    PopulationFigureFactory,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://169.254.169.254/","Öppna avtalet")'


@pytest.fixture
def run(federation, members):
    """One fee model per hostile name (activity named the same), a member named
    like a formula, and a credit: a fixed amount of -1 000 kr."""
    hostile = MemberFactory(federation=federation, name=HYPERLINK, kommunkod="1404")
    PopulationFigureFactory(member=hostile, year=2024, population=5_000)
    for name in FORMULAS:
        model = FeeModelFactory(
            federation=federation,
            name=name,
            activity__name=name,
            base_year=2025,
            rate=Decimal(41),
        )
        ParticipantFactory(fee_model=model, member=hostile)
        InstalmentFactory(fee_model=model, position=1)
    credit = FeeModelFactory(
        federation=federation,
        name="Återbetalning",
        activity__name="Återbetalning",
        method=FeeModel.Method.FIXED,
        base_year=2025,
        rate=None,
        fixed_amount=Decimal(-1000),
    )
    ParticipantFactory(fee_model=credit, member=members[0])
    InstalmentFactory(fee_model=credit, position=1)
    return run_allocation(federation, 2025, by=None)


def download(client, user, run, fmt: str) -> bytes:
    client.force_login(user)
    url = reverse("finance:run_download", args=[run.federation.slug, run.pk, fmt])
    return client.get(url).content


def test_run_workbook_writes_formula_names_as_text(client, ekonom, run):
    workbook = load_workbook(io.BytesIO(download(client, ekonom, run, "xlsx")))

    summary, *sheets = workbook.worksheets
    header = [(cell.value, cell.data_type) for cell in summary[3]]
    hostile = {row[0].value: row for row in summary.iter_rows(min_row=4)}[HYPERLINK]
    model_names = sorted((sheet["A1"].value, sheet["A1"].data_type) for sheet in sheets)
    assert sorted(header[2 : 3 + len(FORMULAS)]) == sorted(
        [(name, "s") for name in FORMULAS] + [("Återbetalning", "s")]
    )
    assert (hostile[0].data_type, hostile[1].value) == ("s", "1404")
    assert model_names == sorted(
        [(name, "s") for name in FORMULAS] + [("Återbetalning", "s")]
    )


def test_run_workbook_keeps_amounts_as_numbers_with_formats(client, ekonom, run):
    workbook = load_workbook(io.BytesIO(download(client, ekonom, run, "xlsx")))

    alby = workbook["Återbetalning"][4]
    assert [(cell.value, cell.data_type) for cell in alby[:7]] == [
        ("Alby", "s"),
        ("1401", "s"),
        (None, "n"),  # a fixed amount needs no population
        (None, "n"),
        (-1000, "n"),
        (alby[5].value, "d"),
        (-1000, "n"),
    ]
    assert (alby[4].number_format, alby[6].number_format) == (
        '#,##0 "kr"',
        '#,##0 "kr"',
    )


def test_run_workbook_keeps_populations_as_numbers_with_formats(client, ekonom, run):
    workbook = load_workbook(io.BytesIO(download(client, ekonom, run, "xlsx")))

    hostile = workbook.worksheets[1][4]
    assert [(cell.value, cell.data_type) for cell in hostile[:5]] == [
        (HYPERLINK, "s"),
        ("1404", "s"),
        (5000, "n"),
        (2024, "n"),
        (205000, "n"),
    ]
    assert hostile[2].number_format == "#,##0"


def test_run_sheet_titles_have_no_control_characters(client, ekonom, run):
    workbook = load_workbook(io.BytesIO(download(client, ekonom, run, "xlsx")))

    titles = workbook.sheetnames
    assert [t for t in titles if any(ord(c) < 32 for c in t)] == []
    assert len(set(titles)) == len(FORMULAS) + 2


def test_fakturaunderlag_puts_an_apostrophe_before_formula_text(client, ekonom, run):
    content = download(client, ekonom, run, "csv").decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    hostile = [row for row in rows if row[1] == "1404"]
    assert sorted((row[0], row[2], row[3]) for row in hostile) == sorted(
        (f"'{HYPERLINK}", f"'{name}", f"'{name}") for name in FORMULAS
    )
    assert {row[4] for row in hostile} == {"205000"}


def test_fakturaunderlag_writes_a_credit_as_a_negative_number(client, ekonom, run):
    content = download(client, ekonom, run, "csv").decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert [row[:6] for row in rows if row[3] == "Återbetalning"] == [
        ["Alby", "1401", "Återbetalning", "Återbetalning", "-1000", "2025-02-03"]
    ]


@pytest.mark.parametrize("name", ["#N/A", "#DIV/0!", "Kommun\x07 med klocka"])
def test_run_workbook_writes_error_codes_and_control_characters_as_text(
    client, ekonom, federation, members, name
):
    """Names passed to openpyxl as they are (core.export_cells.xlsx_row) must still
    be text: an error code would become an error cell, a control character would
    make the whole export fail."""
    member = MemberFactory(federation=federation, name=name, kommunkod="1405")
    PopulationFigureFactory(member=member, year=2024, population=5_000)
    model = FeeModelFactory(
        federation=federation, name="Bas", base_year=2025, rate=Decimal(41)
    )
    ParticipantFactory(fee_model=model, member=member)
    run = run_allocation(federation, 2025, by=None)

    workbook = load_workbook(io.BytesIO(download(client, ekonom, run, "xlsx")))

    row = workbook["Bas"][4]
    assert (row[0].value, row[0].data_type) == (name.replace("\x07", ""), "s")
    assert (row[1].value, row[1].data_type) == ("1405", "s")
