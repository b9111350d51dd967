"""The arvodesunderlag as Excel (openpyxl) and CSV, for a kommun's payroll."""

import csv
import io
from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext as _

from core.export_cells import csv_row, xlsx_cell, xlsx_row

from .models import ArvodeLine

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _headers() -> list[str]:
    return [
        _("Month"),
        _("Meeting date"),
        _("Body"),
        _("Name"),
        _("Member"),
        _("Municipality code"),
        _("Role"),
        _("Serving"),
        _("Serving for"),
        _("Participation"),
        _("From"),
        _("To"),
        _("From §"),
        _("To §"),
        _("Count"),
        _("Kind"),
        _("Correction"),
    ]


def _correction(line: ArvodeLine) -> str:
    correction = line.correction
    if correction is None:
        return ""
    return f"{correction.made_at:%Y-%m-%d}: {correction.reason}"


def _values(line: ArvodeLine) -> list:
    return [
        f"{line.period:%Y-%m}",
        line.meeting_date,
        line.body_name,
        line.person_name,
        line.member_name,
        line.kommunkod,
        line.role,
        _("Yes") if line.serving else _("No"),
        line.serving_for_name,
        _("At a distance") if line.at_distance else _("On site"),
        f"{line.time_from:%H:%M}" if line.time_from else "",
        f"{line.time_to:%H:%M}" if line.time_to else "",
        line.from_paragraph,
        line.to_paragraph,
        line.count,
        str(line.get_kind_display()),
        _correction(line),
    ]


def render(lines: Iterable[ArvodeLine], fmt: str) -> bytes:
    with translation.override("sv"):
        return _xlsx(lines) if fmt == "xlsx" else _csv(lines)


def _csv(lines: Iterable[ArvodeLine]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(csv_row(_headers()))
    for line in lines:
        values = _values(line)
        values[1] = f"{line.meeting_date:%Y-%m-%d}"
        values[14] = f"{line.count:+d}" if line.count else "0"
        writer.writerow(csv_row(values))
    # With a BOM, so that Excel opens the Swedish letters right.
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx(lines: Iterable[ArvodeLine]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Allowance basis"))
    bold = []
    for title in _headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.data_type = "s"
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for line in lines:
        values = _values(line)
        values[1] = xlsx_cell(sheet, line.meeting_date, "yyyy-mm-dd")
        sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
