"""Reading the CSV files the ekonom imports: SCB population tables and index series.

Parsing only: the functions return rows or raise ValidationError with one Swedish
message per bad row, and never write. A file is read by its header (core.csv_import):
a layout this module does not know is refused with the header it read, never guessed.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.csv_import import Row, decode, normalise, raise_errors, read_table, shown

MAX_POPULATION = 20_000_000  # more than Sweden; a larger figure is a misread file
MAX_AGE = 1000
SPACES = re.compile(r"[\s\xa0\u202f]")
INTEGER = re.compile(r"[0-9]+")
DECIMAL = re.compile(r"-?([0-9]{1,8})(?:[.,]([0-9]{1,4}))?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def parse_int(cell: str) -> int:
    """A whole number with ASCII digits; spaces (also non-breaking) group thousands."""
    cleaned = SPACES.sub("", cell)
    if not INTEGER.fullmatch(cleaned):
        raise ValueError(cell)
    return int(cleaned)


def parse_decimal(cell: str) -> Decimal:
    """A decimal number with a comma or a point, at most 8 + 4 digits."""
    cleaned = SPACES.sub("", cell)
    if not DECIMAL.fullmatch(cleaned):
        raise ValueError(cell)
    return Decimal(cleaned.replace(",", "."))


def parse_year(cell: str) -> int:
    if not YEAR.fullmatch(cell.strip()):
        raise ValueError(cell)
    return int(cell)


# --- Population ------------------------------------------------------------------

# A title line of SCB's export ("Folkmängd efter region och år") may come first; it
# is recognised by its words, skipped and shown in the preview. Any other line
# before the header is refused as an unknown header.
TITLE = re.compile(
    r'\A(\s*)"?(folkmängd[^\r\n";\t]* efter [^\r\n";\t]*)"?[ \t]*(?=[\r\n]|\Z)',
    re.IGNORECASE,
)
STUB_COLUMNS = {
    "region": "region",
    "ålder": "age",
    "kön": "sex",
    "år": "year",
    "folkmängd": "population",
}
WIDE_YEAR = re.compile(r"(?:folkmängd )?((?:19|20)[0-9]{2})")
REGION = re.compile(r"([0-9]{4}|[0-9]{2})(?: (\S.*))?")
AGE_TOTALS = {"totalt", "totalt ålder", "tot", "samtliga åldrar"}
AGE = re.compile(r"([0-9]{1,3})(?: ?[-–] ?([0-9]{1,3})|(\+))?(?: ?år)?")
SEXES = {
    "totalt": "total",
    "totalt kön": "total",
    "män och kvinnor": "total",
    "1+2": "total",
    "män": "män",
    "1": "män",
    "kvinnor": "kvinnor",
    "2": "kvinnor",
}
Age = tuple[int, int | None] | None  # (from, to) in years, open-ended; None: total


def accepted_population_layouts() -> str:
    return _(
        "Accepted headers: wide, one column per year: region;2023;2024 (or "
        "“folkmängd 2024”); long: region;år;folkmängd. Both may have the columns "
        "ålder and kön after region, and the figures are then summed over them. "
        "A title line such as SCB's table name may come first."
    )


@dataclass(frozen=True)
class PopulationLayout:
    columns: dict[str, int]  # region, age, sex, year, population → position
    years: dict[int, int]  # the wide layout: position → year

    def describe(self) -> str:
        parts = [_("wide") if self.years else _("long")]
        if "age" in self.columns:
            parts.append(_("summed over ages"))
        if "sex" in self.columns:
            parts.append(_("summed over sexes"))
        return ", ".join(parts)


def _population_layout(header: list[str]) -> PopulationLayout | None:
    columns: dict[str, int] = {}
    years: dict[int, int] = {}
    for position, cell in enumerate(header):
        key = STUB_COLUMNS.get(cell)
        if key is None and (match := WIDE_YEAR.fullmatch(cell)):
            if int(match.group(1)) in years.values():
                return None
            years[position] = int(match.group(1))
        elif key is None or key in columns:
            return None
        else:
            columns[key] = position
    is_long = {"year", "population"} <= columns.keys() and not years
    is_wide = bool(years) and not {"year", "population"} & columns.keys()
    if "region" not in columns or not (is_long or is_wide):
        return None
    return PopulationLayout(columns, years)


@dataclass(frozen=True)
class PopulationRow:
    line: int  # the first row of the file with this region and year
    region: str  # as the file writes it: "1490 Borås"
    kommunkod: str  # "" when the file gives only a name
    name: str
    year: int
    population: int


@dataclass(frozen=True)
class PopulationTable:
    title: str
    layout: str
    rows: list[PopulationRow]


@dataclass
class _Group:
    """The cells of one region and year: one per sex and age, summed at the end."""

    line: int
    region: str
    parts: dict[tuple[str, Age], int]


def parse_population_csv(raw: bytes) -> PopulationTable:
    """The population per region and year of an SCB table, in its wide or long
    layout, summed over ages and sexes when the table has them."""
    text, title = _without_title(decode(raw))
    table = read_table(text, _population_layout, accepted=accepted_population_layouts())
    groups: dict[tuple[str, int], _Group] = {}
    errors: list[str] = []
    for row in table.rows:
        errors += _read_population_row(row, table.layout, groups)
    raise_errors(errors)
    rows = []
    for (_region, year), group in groups.items():
        try:
            rows.append(_population(group, year))
        except ValidationError as error:
            errors += error.messages
    raise_errors(errors)
    if not rows:
        raise ValidationError(_("The file has no rows of population figures."))
    return PopulationTable(title, table.layout.describe(), rows)


def _without_title(text: str) -> tuple[str, str]:
    match = TITLE.match(text)
    if match is None:
        return text, ""
    # The title's line is left blank, so the rows keep their numbers.
    return match.group(1) + text[match.end() :], match.group(2).strip()


def _read_population_row(
    row: Row, layout: PopulationLayout, groups: dict[tuple[str, int], _Group]
) -> list[str]:
    cells, columns = row.cells, layout.columns
    region = " ".join(cells[columns["region"]].split())
    try:
        part = _part(row, layout)
    except ValidationError as error:
        return error.messages
    if "year" in columns:
        try:
            values = [
                (parse_year(cells[columns["year"]]), cells[columns["population"]])
            ]
        except ValueError:
            return [
                _('Row %(row)s: "%(cell)s" is not a year such as 2024.')
                % {"row": row.number, "cell": shown(cells[columns["year"]])}
            ]
    else:
        values = [(year, cells[position]) for position, year in layout.years.items()]
    errors = []
    for year, cell in values:
        try:
            value = parse_int(cell)
        except ValueError:
            errors.append(
                _('Row %(row)s (%(name)s), %(year)s: "%(cell)s" is not a population.')
                % {"row": row.number, "name": region, "year": year, "cell": shown(cell)}
            )
            continue
        group = groups.setdefault((region, year), _Group(row.number, region, {}))
        if part in group.parts:
            errors.append(
                _("Row %(row)s: %(code)s %(year)s appears twice.")
                % {"row": row.number, "code": _describe(region, part), "year": year}
            )
        group.parts[part] = value
    return errors


def _part(row: Row, layout: PopulationLayout) -> tuple[str, Age]:
    """The sex and age a row gives a figure for (the total when the file has none)."""
    cells, columns = row.cells, layout.columns
    region = cells[columns["region"]]
    if not REGION.fullmatch(" ".join(region.split())) and not re.search(
        r"[^\W\d_]", region
    ):
        raise ValidationError(
            _('Row %(row)s: "%(cell)s" is not a code and a name such as "1490 Borås".')
            % {"row": row.number, "cell": shown(region)}
        )
    sex, age = "total", None
    if "sex" in columns:
        sex = SEXES.get(normalise(cells[columns["sex"]]), "")
        if not sex:
            raise ValidationError(
                _('Row %(row)s: "%(cell)s" is not a sex (män, kvinnor or totalt).')
                % {"row": row.number, "cell": shown(cells[columns["sex"]])}
            )
    if "age" in columns:
        age = _age(cells[columns["age"]], row.number)
    return sex, age


def _age(cell: str, number: int) -> Age:
    text = normalise(cell)
    if text in AGE_TOTALS:
        return None
    match = AGE.fullmatch(text)
    if match is None or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        raise ValidationError(
            _(
                'Row %(row)s: "%(cell)s" is not an age such as "5 år", "0-4 år" or '
                '"100+ år".'
            )
            % {"row": number, "cell": shown(cell)}
        )
    start = int(match.group(1))
    if match.group(3):
        return start, None
    return start, int(match.group(2) or start)


def _describe(region: str, part: tuple[str, Age]) -> str:
    sex, age = part
    words = [region]
    if age is not None:
        words.append(f"{age[0]}+" if age[1] is None else f"{age[0]}–{age[1]}")
    if sex != "total":
        words.append(sex)
    return " ".join(words)


def _population(group: _Group, year: int) -> PopulationRow:
    """The group's sum, when its parts are exactly one total or cover every age of
    both sexes once; any other mix would not sum to the population."""
    sexes = {sex for sex, _age in group.parts}
    values = {"row": group.line, "region": group.region, "year": year}
    if sexes not in ({"total"}, {"män", "kvinnor"}):
        raise ValidationError(
            _(
                "Row %(row)s: %(region)s %(year)s must have both män and kvinnor, "
                "or only the total."
            )
            % values
        )
    for sex in sexes:
        ages = sorted((a for s, a in group.parts if s == sex), key=_age_order)
        if ages != [None] and not _covers_every_age(ages):
            raise ValidationError(
                _(
                    "Row %(row)s: the ages of %(region)s %(year)s do not cover every "
                    "age once, from 0 år to an open group such as “100+ år”, so "
                    "their sum would not be the population."
                )
                % values
            )
    population = sum(group.parts.values())
    if population > MAX_POPULATION:
        raise ValidationError(
            _("Row %(row)s: %(region)s %(year)s sums to more than 20 million.") % values
        )
    match = REGION.fullmatch(group.region)
    code, name = (match.group(1), match.group(2) or "") if match else ("", group.region)
    return PopulationRow(group.line, group.region, code, name, year, population)


def _age_order(age: Age) -> tuple[int, int]:
    if age is None:
        return (-1, -1)
    return (age[0], MAX_AGE if age[1] is None else age[1])


def _covers_every_age(ages: list[Age]) -> bool:
    expected = 0
    for position, age in enumerate(ages):
        if age is None or age[0] != expected:
            return False
        if age[1] is None:
            return position == len(ages) - 1
        expected = age[1] + 1
    return False


# --- Index series -----------------------------------------------------------------


@dataclass(frozen=True)
class IndexRow:
    line: int
    year: int
    value: Decimal
    published_on: datetime.date
    is_forecast: bool


# The value column's name says what it holds; "index" (a level) in a series of
# yearly changes, or the reverse, is refused rather than read as the other.
INDEX_HEADERS = {
    "år": "year",
    "ar": "year",
    "year": "year",
    "värde": "value",
    "varde": "value",
    "value": "value",
    "förändring": "percent",
    "procent": "percent",
    "index": "level",
    "publicerad": "published_on",
    "published": "published_on",
    "publiceringsdatum": "published_on",
    "datum": "published_on",
    "typ": "kind",
    "kind": "kind",
    "utfall/prognos": "kind",
}
FORECAST_WORDS = {"prognos", "forecast", "p", "ja", "yes", "1", "true"}
OUTCOME_WORDS = {"utfall", "outcome", "u", "nej", "no", "0", "false"}


def accepted_index_layouts(kind: str) -> str:
    if kind == "level":
        return _(
            "Accepted header: år;index;publicerad;typ (or värde for index; typ is "
            "optional: utfall or prognos)."
        )
    return _(
        "Accepted header: år;förändring;publicerad;typ (or värde or procent for "
        "förändring; typ is optional: utfall or prognos)."
    )


def _index_layout(kind: str):
    value_names = {"value", "level" if kind == "level" else "percent"}

    def recognise(header: list[str]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for position, cell in enumerate(header):
            key = INDEX_HEADERS.get(cell)
            key = "value" if key in value_names else key
            if key not in {"year", "value", "published_on", "kind"} or key in columns:
                return None
            columns[key] = position
        if not {"year", "value", "published_on"} <= columns.keys():
            return None
        return columns

    return recognise


def _index_row(row: Row, columns: dict[str, int], kind: str) -> IndexRow:
    def cell(key: str) -> str:
        position = columns.get(key)
        return row.cells[position] if position is not None else ""

    problems = []
    try:
        year = parse_year(cell("year"))
    except ValueError:
        problems.append(_('year "%(cell)s"') % {"cell": shown(cell("year"))})
    try:
        value = parse_decimal(cell("value"))
        if kind == "level" and value <= 0:
            raise ValueError(value)
    except ValueError:
        problems.append(_('value "%(cell)s"') % {"cell": shown(cell("value"))})
    try:
        if not ISO_DATE.fullmatch(cell("published_on")):
            raise ValueError(cell("published_on"))
        published_on = datetime.date.fromisoformat(cell("published_on"))
    except ValueError:
        problems.append(_('date "%(cell)s"') % {"cell": shown(cell("published_on"))})
    given = cell("kind").lower() if "kind" in columns else "utfall"
    if given not in FORECAST_WORDS | OUTCOME_WORDS:
        problems.append(_('kind "%(cell)s"') % {"cell": shown(cell("kind"))})
    if problems:
        raise ValidationError(
            _("Row %(row)s: cannot read %(problems)s.")
            % {"row": row.number, "problems": ", ".join(problems)}
        )
    return IndexRow(row.number, year, value, published_on, given in FORECAST_WORDS)


def parse_index_csv(raw: bytes, *, kind: str = "percent") -> list[IndexRow]:
    """Rows of år;värde;publicerad;typ, with a decimal comma allowed in värde.

    `kind` is the series' kind (IndexSeries.Kind): the value column must be named
    for it ("index" for a level, "förändring" or "procent" for a change) or be the
    neutral "värde".
    """
    table = read_table(
        decode(raw), _index_layout(kind), accepted=accepted_index_layouts(kind)
    )
    result: list[IndexRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    for row in table.rows:
        try:
            parsed = _index_row(row, table.layout, kind)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        key = (parsed.year, parsed.published_on)
        if key in seen:
            errors.append(
                _("Row %(row)s: %(year)s published %(date)s appears twice.")
                % {"row": row.number, "year": parsed.year, "date": parsed.published_on}
            )
        seen[key] = row.number
        result.append(parsed)
    raise_errors(errors)
    if not result:
        raise ValidationError(_("The file has no rows of index values."))
    return result
