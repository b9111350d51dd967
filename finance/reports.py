"""The ekonom's reports of a run: Excel workbook, CSV fakturaunderlag and PDF."""

import csv
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font

from core.pdf import render_pdf

from .selectors import ModelSection, RunTable, instalments_of

# Excel's format codes use "," for grouping; Swedish Excel shows it as a space.
KR_FORMAT = '#,##0 "kr"'
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = '0.0 "%"'
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)


def report_name(table: RunTable, extension: str) -> str:
    slug = table.federation.slug
    version = f"v{table.run.version}" if table.run else "utkast"
    return f"avgifter-{slug}-{table.year}-{version}.{extension}"


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet title."""
    title = re.sub(r"[\[\]:*?/\\]", " ", name)[:31]
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def _status(table: RunTable) -> str:
    if table.run is None:
        return _("Draft, not saved")
    return f"{table.run.get_status_display()}, version {table.run.version}"


def build_workbook(table: RunTable) -> bytes:
    """A summary sheet (member × verksamhet) and a sheet per fee model, with every
    amount a number in a Swedish display format, not text."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    summary = workbook.create_sheet(_sheet_title(_("Summary"), used))
    summary.append([_("Fees %(year)s") % {"year": table.year}, _status(table)])
    summary.append([])
    summary.append(
        [
            _("Member"),
            _("Municipality code"),
            *[a.name for a in table.activities],
            _("Total"),
            _("Last year"),
            _("Change (kr)"),
            _("Change (%)"),
        ]
    )
    for row in table.rows:
        summary.append(
            [
                row.member.name,
                row.member.kommunkod,
                *[_money(summary, c) for c in row.cells],
                _money(summary, row.total),
                _money(summary, row.previous),
                _money(summary, row.change),
                _percent(summary, row.change_percent),
            ]
        )
    summary.append(
        [
            _("Total"),
            "",
            *[_money(summary, t) for t in table.column_totals],
            _money(summary, table.total),
            _money(summary, table.previous_total),
            _money(summary, table.change),
            _percent(summary, table.change_percent),
        ]
    )
    for section in table.sections:
        _model_sheet(
            workbook.create_sheet(_sheet_title(section.fee_model.name, used)), section
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _model_sheet(sheet, section: ModelSection) -> None:
    """One fee model: every line with its inputs, instalments and explanation."""
    plans = [instalments_of(line) for line in section.lines]
    count = max((len(plan) for plan in plans), default=0)
    sheet.append([section.fee_model.name, section.fee_model.activity.name])
    sheet.append([])
    due_headers = []
    for n in range(1, count + 1):
        due_headers += [
            _("Due date %(n)s") % {"n": n},
            _("Instalment %(n)s") % {"n": n},
        ]
    sheet.append(
        [
            _("Member"),
            _("Municipality code"),
            _("Population"),
            _("Population year"),
            _("Amount"),
            *due_headers,
            _("Explanation"),
        ]
    )
    for line, plan in zip(section.lines, plans, strict=True):
        dues = []
        for item in plan:
            dues += [
                _cell(sheet, item["due_on"], DATE_FORMAT),
                _money(sheet, item["amount"]),
            ]
        dues += [None] * (2 * count - len(dues))
        sheet.append(
            [
                line.member.name,
                line.member.kommunkod,
                _population(sheet, line.population),
                line.population_year,
                _money(sheet, line.amount),
                *dues,
                line.explanation.replace("\n", "; "),
            ]
        )
    sheet.append([_("Total"), "", "", "", _money(sheet, section.total)])


def _cell(sheet, value, number_format: str) -> Cell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _money(sheet, value: Decimal | None) -> Cell | None:
    return _cell(sheet, value, KR_FORMAT)


def _percent(sheet, value: Decimal | None) -> Cell | None:
    return _cell(sheet, None if value is None else round(value, 1), PERCENT_FORMAT)


def _population(sheet, value: int | None) -> Cell | None:
    return _cell(sheet, value, NUMBER_FORMAT)


def build_csv(table: RunTable) -> bytes:
    """The fakturaunderlag: one row per instalment, for the invoicing system.

    Semicolons and UTF-8 with BOM, as Excel in Swedish opens them; amounts with a
    decimal point-free whole krona, dates as 2025-02-01.
    """
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "medlem",
            "kommunkod",
            "verksamhet",
            "avgiftsmodell",
            "belopp",
            "förfallodag",
            "preliminär",
            "referens",
        ]
    )
    version = table.run.version if table.run else 0
    for section in table.sections:
        for line in section.lines:
            instalments = instalments_of(line)
            for item in instalments:
                writer.writerow(
                    [
                        line.member.name,
                        line.member.kommunkod,
                        section.fee_model.activity.name,
                        section.fee_model.name,
                        f"{item['amount']:.0f}",
                        item["due_on"].isoformat(),
                        "ja" if item["is_preliminary"] else "nej",
                        f"{table.year}-{version}-{section.fee_model.pk}-"
                        f"{line.member.kommunkod}-{item['position']}/{len(instalments)}",
                    ]
                )
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def build_pdf(table: RunTable) -> bytes:
    return render_pdf(
        "finance/pdf/run.html", {"table": table, "status": _status(table)}
    )
