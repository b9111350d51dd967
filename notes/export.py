"""One's own notes as CSV, Excel or plain text (the author's export)."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.export_cells import csv_row, xlsx_cell, xlsx_row

from .models import PersonalNote

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class NoteRow:
    note: PersonalNote
    meeting: str
    item: str
    diarienummer: str
    document: str
    page: int | None
    text: str
    written: datetime
    changed: datetime


def rows_of(notes: QuerySet[PersonalNote]) -> list[NoteRow]:
    found = notes.select_related(
        "agenda_item__meeting__body", "agenda_item__case", "document"
    ).order_by("-agenda_item__meeting__date", "agenda_item__position", "created_at")
    rows = []
    for note in found:
        item = note.agenda_item
        meeting = item.meeting
        rows.append(
            NoteRow(
                note=note,
                meeting=f"{meeting.body.short_name} {meeting.date:%Y-%m-%d}",
                item=f"{item.position}. {item.title}",
                diarienummer=item.case.diarienummer if item.case else "",
                document=note.document.title if note.document else "",
                page=note.page,
                text=note.text,
                written=timezone.localtime(note.created_at).replace(tzinfo=None),
                changed=timezone.localtime(note.changed_at).replace(tzinfo=None),
            )
        )
    return rows


def _headers() -> list[str]:
    return [
        _("Meeting"),
        _("Agenda item"),
        _("Case number"),
        _("Document"),
        _("Page"),
        _("Note"),
        _("Written"),
        _("Changed"),
    ]


def _values(row: NoteRow) -> list:
    return [
        row.meeting,
        row.item,
        row.diarienummer,
        row.document,
        row.page,
        row.text,
        row.written,
        row.changed,
    ]


def render(rows: list[NoteRow], fmt: str) -> tuple[bytes, str]:
    with translation.override("sv"):
        if fmt == "xlsx":
            content = _xlsx(rows)
        elif fmt == "csv":
            content = _csv(rows)
        else:
            content = _text(rows)
    return content, FORMATS[fmt]


def _csv(rows: list[NoteRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(csv_row(_headers()))
    for row in rows:
        values = _values(row)
        values[-2:] = [f"{row.written:%Y-%m-%d %H:%M}", f"{row.changed:%Y-%m-%d %H:%M}"]
        writer.writerow(csv_row(values))
    # With a BOM, so that Excel opens the Swedish letters right.
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx(rows: list[NoteRow]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("My notes"))
    sheet.append(xlsx_row(sheet, _headers()))
    for row in rows:
        values = _values(row)
        values[-2:] = [
            xlsx_cell(sheet, row.written, "yyyy-mm-dd hh:mm"),
            xlsx_cell(sheet, row.changed, "yyyy-mm-dd hh:mm"),
        ]
        sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(rows: list[NoteRow]) -> bytes:
    parts = []
    for row in rows:
        where = " – ".join(p for p in (row.meeting, row.item, row.document) if p)
        if row.page:
            where += f", {_('page')} {row.page}"
        parts.append(f"{where}\n{row.written:%Y-%m-%d %H:%M}\n\n{row.text}\n")
    return "\n---\n\n".join(parts).encode()
