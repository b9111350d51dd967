"""Reading the CSV files the ekonom imports: SCB population tables and index series.

Parsing only: the functions return rows or raise ValidationError with one Swedish
message per bad row, and never write. The services write all rows or none.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
REGION_CELL = re.compile(r"^\s*(\d{2}|\d{4})\s+(\S.*?)\s*$")
YEAR_CELL = re.compile(r"^\s*(\d{4})\D*$")
MISSING = {"..", ".", "-", ""}


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM, else Latin-1 (SCB's older exports)."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_rows(text: str) -> list[list[str]]:
    """Split CSV text on semicolons or commas, whichever the first lines use."""
    sample = "\n".join(text.splitlines()[:10])
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    # newline=None: files saved with Mac line ends (a lone \r) read as lines too.
    try:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
        ]
    except csv.Error as error:  # e.g. a field over csv's size limit
        raise ValidationError(_("The file cannot be read as CSV.")) from error


def parse_int(cell: str) -> int:
    cleaned = re.sub(r"[\s\xa0\u202f]", "", cell)
    if not cleaned.isdigit():
        raise ValueError(cell)
    return int(cleaned)


def parse_decimal(cell: str) -> Decimal:
    cleaned = re.sub(r"[\s\xa0\u202f]", "", cell).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(cell) from error
    if not value.is_finite():
        raise ValueError(cell)
    return value


@dataclass(frozen=True)
class PopulationRow:
    line: int
    kommunkod: str
    name: str
    year: int
    population: int


def _year_columns(row: list[str]) -> dict[int, int]:
    return {
        position: int(match.group(1))
        for position, cell in enumerate(row)
        if position > 0 and (match := YEAR_CELL.match(cell))
    }


def parse_population_csv(raw: bytes) -> list[PopulationRow]:
    """Rows of an SCB table: "1490 Borås" in the first column, a column per year.

    Title and footnote lines around the table are skipped; the header is the first
    row with year columns. Missing values (".." in SCB's files) are errors.
    """
    rows = read_rows(decode(raw))
    header_at = next((i for i, row in enumerate(rows) if _year_columns(row)), None)
    if header_at is None:
        raise ValidationError(
            _("No header row with years (such as 2023;2024) was found in the file.")
        )
    years = _year_columns(rows[header_at])
    result: list[PopulationRow] = []
    errors: list[str] = []
    seen: set[tuple[str, int]] = set()
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(row):
            continue
        match = REGION_CELL.match(row[0])
        if match is None:
            if len([c for c in row if c]) == 1:
                continue  # a footnote line of SCB's export
            errors.append(
                _(
                    'Row %(row)s: "%(cell)s" is not a code and a name such as '
                    '"1490 Borås".'
                )
                % {"row": index, "cell": row[0]}
            )
            continue
        code, name = match.groups()
        for position, year in years.items():
            cell = row[position] if position < len(row) else ""
            try:
                population = parse_int(cell)
            except ValueError:
                errors.append(
                    _(
                        'Row %(row)s (%(name)s), %(year)s: "%(cell)s" is not a '
                        "population."
                    )
                    % {"row": index, "name": name, "year": year, "cell": cell}
                )
                continue
            if (code, year) in seen:
                errors.append(
                    _("Row %(row)s: %(code)s %(year)s appears twice.")
                    % {"row": index, "code": code, "year": year}
                )
            seen.add((code, year))
            result.append(PopulationRow(index, code, name, year, population))
    if errors:
        raise ValidationError(errors)
    if not result:
        raise ValidationError(_("The file has no rows of population figures."))
    return result


@dataclass(frozen=True)
class IndexRow:
    line: int
    year: int
    value: Decimal
    published_on: datetime.date
    is_forecast: bool


INDEX_HEADERS = {
    "year": {"år", "ar", "year"},
    "value": {"värde", "varde", "value", "förändring", "procent", "index"},
    "published_on": {"publicerad", "published", "publiceringsdatum", "datum"},
    "kind": {"typ", "kind", "prognos", "utfall/prognos"},
}
FORECAST_WORDS = {"prognos", "forecast", "p", "ja", "yes", "1", "true"}
OUTCOME_WORDS = {"utfall", "outcome", "u", "nej", "no", "0", "false", ""}


def _index_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        for key, names in INDEX_HEADERS.items():
            if cell.strip().lower() in names:
                columns.setdefault(key, position)
    missing = [k for k in ("year", "value", "published_on") if k not in columns]
    if missing:
        raise ValidationError(
            _(
                "The header row must have the columns år, värde and publicerad "
                "(and optionally typ: utfall or prognos)."
            )
        )
    return columns


def _index_row(row: list[str], number: int, columns: dict[str, int]) -> IndexRow:
    def cell(key: str) -> str:
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else ""

    problems = []
    try:
        year = parse_int(cell("year"))
    except ValueError:
        problems.append(_('year "%(cell)s"') % {"cell": cell("year")})
    try:
        value = parse_decimal(cell("value"))
    except ValueError:
        problems.append(_('value "%(cell)s"') % {"cell": cell("value")})
    try:
        published_on = datetime.date.fromisoformat(cell("published_on"))
    except ValueError:
        problems.append(_('date "%(cell)s"') % {"cell": cell("published_on")})
    kind = cell("kind").lower()
    if kind not in FORECAST_WORDS | OUTCOME_WORDS:
        problems.append(_('kind "%(cell)s"') % {"cell": cell("kind")})
    if problems:
        raise ValidationError(
            _("Row %(row)s: cannot read %(problems)s.")
            % {"row": number, "problems": ", ".join(problems)}
        )
    return IndexRow(number, year, value, published_on, kind in FORECAST_WORDS)


def parse_index_csv(raw: bytes) -> list[IndexRow]:
    """Rows of år;värde;publicerad;typ, with a decimal comma allowed in värde."""
    rows = [row for row in read_rows(decode(raw)) if any(row)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    columns = _index_columns(rows[0])
    result: list[IndexRow] = []
    errors: list[str] = []
    seen: set[tuple[int, datetime.date]] = set()
    for number, row in enumerate(rows[1:], start=2):
        try:
            parsed = _index_row(row, number, columns)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        if (parsed.year, parsed.published_on) in seen:
            errors.append(
                _("Row %(row)s: %(year)s published %(date)s appears twice.")
                % {"row": number, "year": parsed.year, "date": parsed.published_on}
            )
        seen.add((parsed.year, parsed.published_on))
        result.append(parsed)
    if errors:
        raise ValidationError(errors)
    if not result:
        raise ValidationError(_("The file has no rows of index values."))
    return result
