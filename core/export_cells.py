"""Cells of every Excel and CSV export: text is written as text, never as a formula.

A title such as =HYPERLINK("http://169.254.169.254/","Öppna avtalet") typed into the
product must not become a live formula (or a DDE call) in the ekonom's spreadsheet.
Every export writes its rows through `xlsx_row`/`xlsx_cell` or `csv_row`; the one
rule of what looks like a formula is `is_formula_text`. Numbers and dates are passed
as they are, so an amount of -500 stays a number. openpyxl, slow to load, is imported
by the functions that make a cell, so that only an export loads it.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.cell import Cell

# OWASP's list (=, +, -, @, tab, carriage return), a line feed, and the full-width
# forms that spreadsheet programs in some locales read as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_text(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula, also after the
    leading spaces that some importers trim."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row with formula-like text behind an apostrophe (OWASP's convention);
    numbers are left as they are, so pass amounts as numbers, not as text."""
    return [
        f"'{value}" if isinstance(value, str) and is_formula_text(value) else value
        for value in values
    ]


def xlsx_cell(sheet, value: Any, number_format: str | None = None) -> "Cell | None":
    """A cell for `sheet.append`; text always of type string, numbers with their
    format."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, str):
        # openpyxl refuses control characters with an exception: a title pasted
        # with one would make the whole export fail.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl turns text that starts with "=" into a formula; this is text.
        cell.data_type = "s"
        if is_formula_text(value):
            # Excel keeps a quote-prefixed cell text even when someone edits it.
            cell.quotePrefix = True
    if number_format is not None:
        cell.number_format = number_format
    return cell


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`: cells made by `xlsx_cell` are kept, numbers and text
    that openpyxl can only write as that text are passed as they are (the same cell
    at a third of the cost: a large fee run's export has 50 000), and every other
    value becomes a cell made by `xlsx_cell`."""
    from openpyxl.cell import Cell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    def plain(value: Any) -> bool:
        if isinstance(value, str):
            return not (
                is_formula_text(value)
                or value in ERROR_CODES
                or ILLEGAL_CHARACTERS_RE.search(value)
            )
        return value is None or isinstance(value, int | float | Decimal)

    return [
        value if isinstance(value, Cell) or plain(value) else xlsx_cell(sheet, value)
        for value in values
    ]
