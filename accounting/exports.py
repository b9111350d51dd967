"""The commitment's roll-forward and the driftredovisning as PDF (core.pdf) and
Excel (openpyxl through core.export_cells: text never becomes a formula)."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.export_cells import xlsx_cell, xlsx_row
from core.pdf import render_pdf

from .commitments import RollForward
from .ledger import Driftredovisning

AMOUNT_FORMAT = "#,##0;-#,##0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(
    title: str, header: list[str], rows: list[list], heading: list[str]
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for text in heading:
        sheet.append(xlsx_row(sheet, [text]))
    sheet.append([])
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(
            [
                xlsx_cell(sheet, value, AMOUNT_FORMAT)
                if isinstance(value, Decimal)
                else xlsx_row(sheet, [value])[0]
                for value in row
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def commitment_workbook(roll: RollForward) -> bytes:
    commitment = roll.commitment
    header = [
        _("Year"),
        _("Opening balance"),
        _("Recognised (base-year prices)"),
        _("Index uplift"),
        _("Payment"),
        _("Closing balance"),
        _("Change"),
        _("Uplift"),
    ]
    rows: list[list] = [
        [
            y.year,
            y.opening,
            y.recognised,
            y.uplift,
            y.payment,
            y.closing,
            y.change,
            _("as booked") if y.uplift_entered else _("computed from the index"),
        ]
        for y in roll.years
    ]
    rows.append(
        [
            _("Total"),
            None,
            roll.total("recognised"),
            roll.total("uplift"),
            roll.total("payment"),
            roll.closing,
            roll.total("change"),
            None,
        ]
    )
    heading = [
        f"{commitment.federation.name}: {commitment.name}",
        _("%(amount)s kr in %(year)s prices; amounts in kronor")
        % {"amount": commitment.base_amount, "year": commitment.base_year},
    ]
    return _workbook(_("Commitment"), header, rows, heading)


def commitment_pdf(roll: RollForward) -> bytes:
    return render_pdf(
        "accounting/pdf/commitment.html",
        {
            "roll": roll,
            "commitment": roll.commitment,
            "federation": roll.commitment.federation,
            "printed_on": timezone.localdate(),
        },
    )


def drift_workbook(report: Driftredovisning) -> bytes:
    header = [
        "",
        _("Utfall %(year)s") % {"year": report.year - 1},
        _("Utfall %(year)s") % {"year": report.year},
        _("Budget %(year)s") % {"year": report.year},
        _("Deviation from budget"),
    ]
    rows: list[list] = [
        [row.name, row.previous, row.utfall, row.budget, row.avvikelse]
        for row in report.rows
    ]
    heading = [
        f"{report.federation.name}: {_('Driftredovisning')} {report.year}",
        _("Amounts in kronor; income positive, costs negative."),
    ]
    return _workbook(_("Driftredovisning"), header, rows, heading)


def drift_pdf(report: Driftredovisning) -> bytes:
    return render_pdf(
        "accounting/pdf/driftredovisning.html",
        {
            "report": report,
            "federation": report.federation,
            "printed_on": timezone.localdate(),
        },
    )
