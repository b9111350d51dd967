"""The register as an Excel workbook (openpyxl)."""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _

from core.export_cells import xlsx_row

from .selectors import Row


def register_workbook(rows: list[Row]) -> bytes:
    """One row per agreement, with its derived status and dates as real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("sv"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Agreements")
        headers = [
            _("Title"),
            _("Kind"),
            _("Status"),
            _("Parties"),
            _("Adopted by"),
            _("Valid from"),
            _("Valid to"),
            _("Notice period (months)"),
            _("Ends on"),
            _("Ratify by"),
        ]
        sheet.append(xlsx_row(sheet, headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            agreement, info = row.agreement, row.info
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        agreement.title,
                        agreement.get_kind_display(),
                        str(info.status.label),
                        ", ".join(p.name for p in agreement.parties.all()),
                        info.adopted_count,
                        agreement.valid_from,
                        agreement.valid_to or _("until further notice"),
                        agreement.notice_months,
                        info.ends_on,
                        agreement.ratify_by,
                    ],
                )
            )
        for column in ("F", "G", "I", "J"):
            for cell in sheet[column][1:]:
                cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        buffer = BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
