"""The run as files for other programs: the Excel workbook and the CSV
fakturaunderlag (the PDF is finance.reports)."""

import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.export_cells import csv_row, xlsx_cell, xlsx_row
from core.formatting import XLSX_DATE, XLSX_KR, XLSX_NUMBER, XLSX_PERCENT

from .selectors import ModelSection, RunTable, instalments_of

if TYPE_CHECKING:
    from openpyxl.cell import Cell


def report_name(table: RunTable, extension: str) -> str:
    slug = table.federation.slug
    version = f"v{table.run.version}" if table.run else "utkast"
    return f"avgifter-{slug}-{table.year}-{version}.{extension}"


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel allows 31 characters, none of []:*?/\\ or a control character, and no
    apostrophe first or last in a sheet title; it calls a file that breaks these
    rules damaged."""
    title = re.sub(r"[\[\]:*?/\\\x00-\x1f]", " ", name)[:31].strip("'") or "-"
    base, n = title, 2
    while title in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def status_text(table: RunTable) -> str:
    if table.run is None:
        text = _("Draft, not saved")
    else:
        text = f"{table.run.get_status_display()}, version {table.run.version}"
    note = preliminary_text(table)
    return f"{text}. {note}" if note else text


def preliminary_text(table: RunTable) -> str:
    """ "Preliminär: folkmängd 2024 används för 2026 …", or "" for a final run."""
    return preliminary_note(table.substitutes)


def preliminary_note(substitutes: dict[int, int]) -> str:
    if not substitutes:
        return ""
    used = "; ".join(
        _("population %(used)s used for %(wanted)s") % {"used": u, "wanted": w}
        for w, u in sorted(substitutes.items())
    )
    return _("Preliminary: %(used)s (not yet published)") % {"used": used}


def build_workbook(table: RunTable) -> bytes:
    """A summary sheet (member × verksamhet) and a sheet per fee model, with every
    amount a number in a Swedish display format, and all text as text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    summary = workbook.create_sheet(_sheet_title(_("Summary"), used))
    avrakning_headers = (
        [_("Invoiced earlier"), _("Settlement")] if table.has_avrakning else []
    )
    _append(summary, [_("Fees %(year)s") % {"year": table.year}, status_text(table)])
    _append(summary, [])
    _append(
        summary,
        [
            _("Member"),
            _("Municipality code"),
            *[a.name for a in table.activities],
            _("Total"),
            _("Last year"),
            _("Change (kr)"),
            _("Change (%)"),
            *avrakning_headers,
        ],
    )
    for row in table.rows:
        _append(
            summary,
            [
                row.member.name,
                row.member.kommunkod,
                *[_money(summary, c) for c in row.cells],
                _money(summary, row.total),
                _money(summary, row.previous),
                _money(summary, row.change),
                _percent(summary, row.change_percent),
                *(
                    [_money(summary, row.invoiced), _money(summary, row.settlement)]
                    if avrakning_headers
                    else []
                ),
            ],
        )
    _append(
        summary,
        [
            _("Total"),
            "",
            *[_money(summary, t) for t in table.column_totals],
            _money(summary, table.total),
            _money(summary, table.previous_total),
            _money(summary, table.change),
            _percent(summary, table.change_percent),
        ],
    )
    if table.settlements:
        _settlement_sheet(
            workbook.create_sheet(_sheet_title(_("Verksamheter"), used)), table
        )
    for section in table.sections:
        _model_sheet(
            workbook.create_sheet(_sheet_title(section.fee_model.name, used)), section
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


SETTLEMENT_COLUMNS = [
    ("cost", gettext_lazy("The fee models' amounts")),
    ("other_payer_share", gettext_lazy("Other payer's share")),
    ("carried_in", gettext_lazy("Surplus carried in")),
    ("adjustments_total", gettext_lazy("Adjustments")),
    ("members_total", gettext_lazy("The members pay")),
    ("carried_out", gettext_lazy("Surplus carried out")),
    ("income", gettext_lazy("Income of the year")),
]


def _settlement_sheet(sheet, table: RunTable) -> None:
    """Per verksamhet: M = G − O − S + A and the income M + O + S − U."""
    _append(sheet, [_("Verksamheter %(year)s") % {"year": table.year}])
    _append(sheet, [])
    _append(
        sheet,
        [_("Verksamhet"), _("Other payer"), *[str(t) for _k, t in SETTLEMENT_COLUMNS]],
    )
    for item in table.settlements:
        values = {**item, "adjustments_total": adjustments_total(item)}
        _append(
            sheet,
            [
                item["activity"],
                item["other_payer"],
                *[
                    _money(sheet, Decimal(str(values[k])))
                    for k, _t in SETTLEMENT_COLUMNS
                ],
            ],
        )


def adjustments_total(item: dict) -> Decimal:
    return sum((Decimal(str(a["amount"])) for a in item["adjustments"]), Decimal(0))


def _model_sheet(sheet, section: ModelSection) -> None:
    """One fee model: every line with its inputs, instalments and explanation."""
    plans = [instalments_of(line) for line in section.lines]
    count = max((len(plan) for plan in plans), default=0)
    _append(sheet, [section.fee_model.name, section.fee_model.activity.name])
    _append(sheet, [])
    due_headers = []
    for n in range(1, count + 1):
        due_headers += [
            _("Due date %(n)s") % {"n": n},
            _("Instalment %(n)s") % {"n": n},
        ]
    _append(
        sheet,
        [
            _("Member"),
            _("Municipality code"),
            _("Population"),
            _("Population year"),
            _("Amount"),
            *due_headers,
            _("Before the verksamhet's items"),
            _("Invoiced earlier"),
            _("Settlement"),
            _("Explanation"),
        ],
    )
    for line, plan in zip(section.lines, plans, strict=True):
        dues = []
        for item in plan:
            dues += [
                xlsx_cell(sheet, item["due_on"], XLSX_DATE),
                _money(sheet, item["amount"]),
            ]
        dues += [None] * (2 * count - len(dues))
        _append(
            sheet,
            [
                line.member.name,
                line.member.kommunkod,
                _population(sheet, line.population),
                line.population_year,
                _money(sheet, line.amount),
                *dues,
                _money(sheet, line.gross_amount),
                _money(sheet, line.invoiced),
                _money(sheet, line.settlement),
                line.explanation.replace("\n", "; "),
            ],
        )
    _append(sheet, [_("Total"), "", "", "", _money(sheet, section.total)])
    # An instalment already invoiced or carrying the avräkning is in the
    # explanation and in the CSV's columns fakturerad and avräkning.


def _append(sheet, values: list) -> None:
    sheet.append(xlsx_row(sheet, values))


def _money(sheet, value: Decimal | None) -> "Cell | None":
    return xlsx_cell(sheet, value, XLSX_KR)


def _percent(sheet, value: Decimal | None) -> "Cell | None":
    return xlsx_cell(sheet, None if value is None else round(value, 1), XLSX_PERCENT)


def _population(sheet, value: int | None) -> "Cell | None":
    return xlsx_cell(sheet, value, XLSX_NUMBER)


def build_csv(table: RunTable) -> bytes:
    """The fakturaunderlag: one row per instalment, for the invoicing system.

    Semicolons and UTF-8 with BOM, as Excel in Swedish opens them; amounts in whole
    kronor without a decimal point, dates as 2025-02-01; text that a spreadsheet
    could run as a formula behind an apostrophe (core.export_cells).
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
            "avräkning",
            "fakturerad",
        ]
    )
    version = table.run.version if table.run else 0
    for section in table.sections:
        for line in section.lines:
            instalments = instalments_of(line)
            kronor = whole_kronor([item["amount"] for item in instalments])
            for item, amount in zip(instalments, kronor, strict=True):
                writer.writerow(
                    csv_row(
                        [
                            line.member.name,
                            line.member.kommunkod,
                            section.fee_model.activity.name,
                            section.fee_model.name,
                            # A number, not text: -500 is an amount, not a formula.
                            amount,
                            item["due_on"].isoformat(),
                            "ja"
                            if item["is_preliminary"] or table.is_preliminary
                            else "nej",
                            f"{table.year}-{version}-{section.fee_model.pk}-"
                            f"{line.member.kommunkod}-{item['position']}/"
                            f"{len(instalments)}",
                            round(Decimal(str(item.get("settlement") or 0))),
                            "ja" if item.get("invoiced") else "nej",
                        ]
                    )
                )
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def whole_kronor(amounts: list) -> list[int]:
    """The instalments in whole kronor, each the rounded running sum less the one
    before: a line's rows add up to its amount rounded half up, and no öre is
    lost or made on the way (rounding each on its own, half to even, did)."""
    result = []
    done = running = Decimal(0)
    for amount in amounts:
        running += Decimal(str(amount))
        rounded = running.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        result.append(int(rounded - done))
        done = rounded
    return result


def build_json(table: RunTable) -> bytes:
    """The run as data (fee_report --format json; docs/architecture.md, Finance):
    per verksamhet its settlement, per member its total, what earlier versions
    invoiced and the avräkning, and each line with its instalments and
    explanation. Amounts are strings of kronor ("1373000.00")."""
    run = table.run

    def line_json(line) -> dict:
        return {
            "activity": line.fee_model.activity.name,
            "fee_model": line.fee_model.name,
            "amount": line.amount,
            "gross_amount": line.gross_amount,
            "invoiced": line.invoiced,
            "settlement": line.settlement,
            "population": line.population,
            "population_year": line.population_year,
            "instalments": instalments_of(line),
            "explanation": line.explanation.splitlines(),
        }

    lines_of: dict[int, list[dict]] = {}
    for section in table.sections:
        for line in section.lines:
            lines_of.setdefault(line.member_id, []).append(line_json(line))
    data = {
        "federation": table.federation.slug,
        "year": table.year,
        "version": run.version if run else None,
        "status": run.status if run else "draft",
        "preliminary": table.is_preliminary,
        "population_years": {str(w): u for w, u in table.substitutes.items()},
        "total": table.total,
        "activities": table.settlements,
        "members": [
            {
                "name": row.member.name,
                "kommunkod": row.member.kommunkod,
                "total": row.total,
                "invoiced": row.invoiced,
                "settlement": row.settlement,
                "lines": lines_of.get(row.member.pk, []),
            }
            for row in table.rows
        ],
    }
    return json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
    ).encode()
