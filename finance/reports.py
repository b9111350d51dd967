"""The ekonom's PDF report of a run; the Excel workbook and the CSV
fakturaunderlag are in finance.exports (re-exported here)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from core.pdf import render_html_to_pdf, render_template
from federation.models import Member

from .exports import build_csv, build_workbook, report_name, status_text
from .models import AllocationLine
from .selectors import ModelSection, RunTable, instalments_of

__all__ = ["build_csv", "build_html", "build_pdf", "build_workbook", "report_name"]


# The PDF's tables are cut into page-sized <table>s (checks.md P3). With tables that
# ran over dozens of pages WeasyPrint's time grew faster than the pages (290 kommuner
# × 20 fee models: three minutes), and a wide summary ran off the page. Each part
# repeats the header, avoids a break inside and has fixed column widths, so that the
# parts read as one table; only the last carries the total row.
# Page metrics in points, matching run.html: A4 landscape less 15 mm margins.
PAGE_HEIGHT = 500
ROW_PADDING = 4
LINE_HEIGHT = 9  # 7 pt type, line-height 1.25
HEADER_HEIGHT = 26  # the table header: up to two lines
HEADING_HEIGHT = 30  # a section's h2
# Characters per line of a column at 7 pt, a little pessimistic so a part fits a page.
MEMBER_CHARACTERS = 26
EXPLANATION_CHARACTERS = 100
# Amount columns of the summary per table: a wider summary continues below.
SUMMARY_COLUMNS = 9
# Characters of bold 7 pt header text across the summary's amount columns (the
# page less the member column), a little pessimistic: a header wraps in its column.
SUMMARY_HEADER_CHARACTERS = 130
CAPTION_HEIGHT = 12  # the first summary part's caption line


@dataclass
class PdfLine:
    line: AllocationLine
    instalments: list[dict]
    explanation: list[str]  # the lines not shared by the whole section

    @property
    def height(self) -> int:
        lines = max(
            _lines(self.line.member.name, MEMBER_CHARACTERS),
            sum(_lines(text, EXPLANATION_CHARACTERS) for text in self.explanation),
            self.due_lines,
        )
        return ROW_PADDING + LINE_HEIGHT * lines

    @property
    def due_lines(self) -> int:
        # One instalment shows its date only (the amount is the line's).
        if len(self.instalments) <= 1:
            return len(self.instalments)
        return sum(1 + item["is_preliminary"] for item in self.instalments)


@dataclass
class PdfSection:
    section: ModelSection
    common: list[str]  # explanation lines every member of the section shares
    common_due: dict | None  # the one instalment every member has, if so
    parts: list[list[PdfLine]]

    @property
    def has_explanation(self) -> bool:
        return any(row.explanation for part in self.parts for row in part)


@dataclass
class SummaryColumn:
    label: str | Promise  # lazy: the PDF is in Swedish whatever the request's language
    values: list[Decimal | None]
    total: Decimal | None
    is_percent: bool = False


@dataclass
class SummaryTable:
    columns: list[SummaryColumn]
    parts: list[list[tuple[Member, list[tuple[SummaryColumn, Decimal | None]]]]]


def _lines(text: str, characters: int) -> int:
    return max(1, -(-len(text) // characters))


def _parts(rows: list, heights: list[int], first: int, rest: int) -> list[list]:
    """Rows in groups that fill `first` points, then `rest` points each."""
    parts: list[list] = [[]]
    room = first
    for row, height in zip(rows, heights, strict=True):
        if parts[-1] and height > room:
            parts.append([])
            room = rest
        parts[-1].append(row)
        room -= height
    return parts


def _common_lines(explanations: list[list[str]]) -> list[str]:
    """The explanation lines every member has (the uplift of the years, the rounding
    rule), shown once above the section instead of on 290 rows."""
    if len(explanations) < 2:
        return []
    shared = set(explanations[0]).intersection(*explanations[1:])
    return [text for text in explanations[0] if text in shared]


def _common_instalment(plans: list[list[dict]]) -> dict | None:
    """The single instalment of every line when all fall due the same day (the
    amount is then the line's): the due date column would repeat one date."""
    if len(plans) < 2 or any(len(plan) != 1 for plan in plans):
        return None
    first = plans[0][0]
    key = (first["due_on"], first["is_preliminary"])
    if all((plan[0]["due_on"], plan[0]["is_preliminary"]) == key for plan in plans):
        return first
    return None


def pdf_sections(table: RunTable) -> list[PdfSection]:
    result = []
    for section in table.sections:
        explanations = [
            [text for text in line.explanation.splitlines() if text.strip()]
            for line in section.lines
        ]
        common = _common_lines(explanations)
        plans = [instalments_of(line) for line in section.lines]
        common_due = _common_instalment(plans)
        rows = [
            PdfLine(
                line,
                [] if common_due else plan,
                [text for text in explanation if text not in common],
            )
            for line, plan, explanation in zip(
                section.lines, plans, explanations, strict=True
            )
        ]
        page = PAGE_HEIGHT - HEADER_HEIGHT
        intro = HEADING_HEIGHT + sum(
            LINE_HEIGHT * _lines(text, 2 * EXPLANATION_CHARACTERS)
            for text in [*common, "", ""]  # the lead and the due date
        )
        parts = _parts(rows, [row.height for row in rows], page - intro, page)
        result.append(PdfSection(section, common, common_due, parts))
    return result


def summary_tables(table: RunTable, *, first: int) -> list[SummaryTable]:
    """Member × verksamhet, with last year and the change, in tables of at most
    SUMMARY_COLUMNS amount columns, each cut into pages of rows."""
    columns = [
        SummaryColumn(activity.name, [row.cells[i] for row in table.rows], total)
        for i, (activity, total) in enumerate(
            zip(table.activities, table.column_totals, strict=True)
        )
    ]
    columns.append(
        SummaryColumn(
            gettext_lazy("Total"), [row.total for row in table.rows], table.total
        )
    )
    # A corrected version: what earlier versions invoiced and the avräkning, as
    # the Excel and the CSV show them (issue 20.2).
    if table.has_avrakning:
        columns += [
            SummaryColumn(
                gettext_lazy("Invoiced earlier"),
                [row.invoiced for row in table.rows],
                sum((row.invoiced for row in table.rows), Decimal(0)),
            ),
            SummaryColumn(
                gettext_lazy("Settlement"),
                [row.settlement for row in table.rows],
                sum((row.settlement for row in table.rows), Decimal(0)),
            ),
        ]
    # Without an approved run last year these columns would hold only dashes; the
    # report says what it compares with instead.
    if table.previous_run is not None:
        columns += [
            SummaryColumn(
                str(table.year - 1),
                [row.previous for row in table.rows],
                table.previous_total,
            ),
            SummaryColumn(
                gettext_lazy("Change (kr)"),
                [row.change for row in table.rows],
                table.change,
            ),
            SummaryColumn(
                gettext_lazy("Change (%)"),
                [row.change_percent for row in table.rows],
                table.change_percent,
                is_percent=True,
            ),
        ]
    count = -(-len(columns) // SUMMARY_COLUMNS)
    size = -(-len(columns) // count)
    groups = [columns[i : i + size] for i in range(0, len(columns), size)]
    heights = [
        ROW_PADDING + LINE_HEIGHT * _lines(row.member.name, MEMBER_CHARACTERS)
        for row in table.rows
    ]
    result = []
    for n, group in enumerate(groups):
        rows = [
            (row.member, [(column, column.values[i]) for column in group])
            for i, row in enumerate(table.rows)
        ]
        # A long verksamhet's name makes the header taller than two lines.
        header = max(HEADER_HEIGHT, _header_height(group))
        page = PAGE_HEIGHT - header
        # A further group of columns starts on a page of its own.
        room = first - (header - HEADER_HEIGHT) - CAPTION_HEIGHT if n == 0 else page
        result.append(SummaryTable(group, _parts(rows, heights, room, page)))
    return result


def _header_height(group: list[SummaryColumn]) -> int:
    characters = max(6, SUMMARY_HEADER_CHARACTERS // max(1, len(group)))
    lines = max((_lines(str(c.label), characters) for c in group), default=1)
    return ROW_PADDING + LINE_HEIGHT * lines


def build_pdf(table: RunTable) -> bytes:
    return render_html_to_pdf(build_html(table))


def build_html(table: RunTable) -> str:
    return render_template(
        "finance/pdf/run.html",
        {
            "table": table,
            "status": status_text(table),
            # The first summary part shares page 1 with the title and the status.
            "summary": summary_tables(
                table, first=PAGE_HEIGHT - HEADER_HEIGHT - 3 * HEADING_HEIGHT
            ),
            "sections": pdf_sections(table),
        },
    )
