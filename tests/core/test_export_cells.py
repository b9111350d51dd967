"""core.export_cells: text is text in every export, numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.export_cells import csv_row, is_formula_text, xlsx_cell, xlsx_row

# What a hostile title may start with: OWASP's list, a DDE call, and the variants
# an importer may trim or fold (leading spaces, a line feed, full-width signs).
FORMULAS = [
    '=HYPERLINK("http://169.254.169.254/","Öppna avtalet")',
    "=cmd|' /C calc'!A0",
    "+SUM(1;2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\u00a0=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
    "-2024",  # a diarienummer-like text is text, not minus 2024
]
PLAIN = ["Räddningstjänst", "1401", "2025-02-01", "a=b", "Avtal - del 2", ""]


def read_back(*rows: list, write_only: bool) -> list[list]:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Blad") if write_only else workbook.active
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    output = io.BytesIO()
    workbook.save(output)
    return [list(row) for row in load_workbook(output).worksheets[0].iter_rows()]


@pytest.mark.parametrize("text", FORMULAS)
def test_is_formula_text_finds_formula_starts(text):
    assert is_formula_text(text) is True


@pytest.mark.parametrize("text", PLAIN)
def test_is_formula_text_leaves_plain_text(text):
    assert is_formula_text(text) is False


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_is_a_string_cell_never_a_formula(write_only):
    [row] = read_back(FORMULAS, write_only=write_only)

    assert [(cell.value, cell.data_type) for cell in row] == [
        (text, "s") for text in FORMULAS
    ]
    assert {cell.quotePrefix for cell in row} == {True}


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_numbers_and_dates_keep_their_types_and_formats(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Blad") if write_only else workbook.active
    sheet.append(
        xlsx_row(
            sheet,
            [
                -5,
                Decimal("-1270000.50"),
                2.5,
                xlsx_cell(sheet, Decimal(-410000), '#,##0 "kr"'),
                xlsx_cell(sheet, datetime.date(2025, 2, 1), "yyyy-mm-dd"),
                None,
                "Alby",
            ],
        )
    )
    output = io.BytesIO()
    workbook.save(output)

    row = next(load_workbook(output).worksheets[0].iter_rows())
    assert [(cell.value, cell.data_type) for cell in row[:4]] == [
        (-5, "n"),
        (-1270000.5, "n"),
        (2.5, "n"),
        (-410000, "n"),
    ]
    assert row[3].number_format == '#,##0 "kr"'
    assert (row[4].value.date(), row[4].number_format) == (
        datetime.date(2025, 2, 1),
        "yyyy-mm-dd",
    )
    assert row[5].value is None
    assert (row[6].value, row[6].data_type, row[6].quotePrefix) == ("Alby", "s", False)


def test_xlsx_control_characters_are_dropped_instead_of_failing_the_export():
    [row] = read_back(["Avtal\x01\x1b om\x0b IT"], write_only=True)

    assert [cell.value for cell in row] == ["Avtal om IT"]


def test_csv_formula_text_gets_an_apostrophe_and_numbers_stay():
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")

    writer.writerow(csv_row([*FORMULAS, *PLAIN, -500, Decimal(205000), 0]))

    [row] = list(csv.reader(io.StringIO(output.getvalue()), delimiter=";"))
    assert row == [
        *[f"'{text}" for text in FORMULAS],
        *PLAIN,
        "-500",
        "205000",
        "0",
    ]
