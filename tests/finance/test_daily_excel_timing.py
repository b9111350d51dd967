"""The Excel of a national year (issue 20.7) on the code path of the bench's row
"Excel export of the run" (bench/finance.py, budget ≤ 2 s): 290 kommuner. The time
is recorded (pytest's record_property, --junitxml), not asserted: a busy CI box
would flake; `make bench` holds the budget."""

import io
import time

import pytest
from openpyxl import load_workbook

from finance.exports import build_workbook
from finance.selectors import run_table
from finance.services import run_allocation

from .factories import national_year

pytestmark = pytest.mark.django_db
MEMBERS, MODELS = 290, 10


def test_the_excel_of_a_national_year_has_a_sheet_per_model(
    federation, record_property
):
    national_year(federation, members=MEMBERS, models=MODELS)
    table = run_table(run_allocation(federation, 2025, by=None))

    start = time.perf_counter()
    content = build_workbook(table)
    record_property("excel_seconds", round(time.perf_counter() - start, 2))

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert len(workbook.sheetnames) == MODELS + 1
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len([r for r in summary if r and str(r[0]).startswith("Kommun ")]) == MEMBERS
