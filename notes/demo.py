"""Demo notes: Rolf Rask (the `ledamot` account) has two private notes on the
Direktion meeting of 2024-03-01, one on an ärende and one on page 2 of a handling;
the förbund keeps notes 90 days after an uppdrag ends. Nobody else sees them, which
the permission matrix checks with DEMO_NOTE_TEXT. Safe to run again."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from cases.models import Document
from federation.models import Federation
from meetings.models import Meeting

from .models import DEFAULT_RETENTION_DAYS, NoteSettings, PersonalNote
from .services import write_note

DEMO_NOTE_TEXT = "Fråga om hyresavtalets indexklausul (egen anteckning, demo)"
DEMO_PAGE_NOTE_TEXT = "Tabellen på sidan 2 summerar inte (egen anteckning, demo)"


def load(context: dict) -> None:
    federation: Federation | None = context.get("sjuharad")
    author: User | None = context.get("users", {}).get("ledamot")
    meeting = Meeting.objects.filter(
        body__federation=federation,
        body__short_name="Direktion",
        date=datetime.date(2024, 3, 1),
    ).first()
    if federation is None or author is None or meeting is None:
        return
    NoteSettings.objects.get_or_create(
        federation=federation, defaults={"retention_days": DEFAULT_RETENTION_DAYS}
    )
    if PersonalNote.objects.filter(author=author, federation=federation).exists():
        return
    item = meeting.items.filter(case__isnull=False).order_by("position").first()
    if item is None:
        return
    document = (
        Document.objects.filter(case=item.case, is_secret=False)
        .exclude(file="")
        .order_by("pk")
        .first()
    )
    try:
        write_note(item, by=author, text=DEMO_NOTE_TEXT)
        if document is not None:
            page = 2 if (document.page_count or 0) >= 2 else None
            write_note(
                item, by=author, text=DEMO_PAGE_NOTE_TEXT, document=document, page=page
            )
    except ValidationError:
        # Past the demo's mandatperiod Rolf Rask has no uppdrag left to write in.
        return
