"""A national-size year: 290 kommuner × 20 fee models in a fixed number of queries.

The time budgets (≤ 1 s, Excel ≤ 2 s) are checked by the benchmark (`make bench`),
not by timed unit tests that would flake on a busy CI box.
"""

import csv
import datetime
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finance.calculation import compute_year
from finance.reports import build_workbook
from finance.selectors import run_table
from finance.services import run_allocation

from .factories import national_year

pytestmark = pytest.mark.django_db
MEMBERS, MODELS = 290, 20


@pytest.fixture
def national(federation):
    national_year(federation, members=MEMBERS, models=MODELS)
    return federation


def test_allocation_of_290_members_and_20_models_in_few_queries(
    national, django_assert_num_queries
):
    # 8, and since issue 20 the published population years, the verksamheter's
    # years and the sent instalments: one query each, whatever the size.
    with django_assert_num_queries(11):
        results = compute_year(national, 2025, as_of=datetime.date(2025, 3, 1))

    assert len(results) == MEMBERS * MODELS


def test_run_and_excel_of_290_members_and_20_models(national):
    run = run_allocation(national, 2025, by=None)

    content = build_workbook(run_table(run))

    assert run.lines.count() == MEMBERS * MODELS
    assert content[:2] == b"PK"


def test_the_excel_of_a_national_year_opens_in_libreoffice(national, tmp_path):
    """checks.md P9: the export opens in LibreOffice (converted back to CSV there) with
    the same members and totals, and the amounts are numbers in Swedish format."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must check the Excel in LibreOffice: soffice is missing")
        pytest.skip("soffice (libreoffice-calc-nogui) is not installed here")
    run = run_allocation(national, 2025, by=None)
    workbook = tmp_path / "avgifter.xlsx"
    workbook.write_bytes(build_workbook(run_table(run)))

    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )

    rows = list(csv.reader((tmp_path / "avgifter.csv").open(encoding="utf-8")))
    names = {member.name for member in national.members.all()}
    member_rows = [row for row in rows if row and row[0] in names]
    assert len(member_rows) == MEMBERS
    sheet = load_workbook(workbook).worksheets[0]
    amounts = [
        cell
        for row in sheet.iter_rows(min_row=4)
        for cell in row[2:]
        if isinstance(cell.value, int | float | Decimal)
    ]
    assert amounts
    assert all("#,##0" in cell.number_format for cell in amounts)
