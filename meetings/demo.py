"""Demo meetings: the Direktion of 2024-03-01 as in the reference, and two coming.

Titles follow the reference's dagordning in our own words; the items are the rows of
demo_agenda_items.csv next to this module. Decision items are linked to the cases demo's
ärenden when it provides them (context["cases"], a dict of ärenden by the keys of CASES
in cases/demo.py); otherwise they are free items. Safe to run again: meetings are found
by body and date, and only a new meeting gets items and a published kallelse.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from cases.models import Case
from federation.demo import lookup_or_none, rows
from federation.models import Body, Federation

from .models import AgendaItem, ItemKind, Meeting
from .services import create_meeting, publish_kallelse

D = datetime.date
T = datetime.time

AGENDA_ITEMS = Path(__file__).parent / "demo_agenda_items.csv"


def agenda_rows(day: datetime.date) -> list[dict[str, str]]:
    """The content items of the meeting on `day`, as in demo_agenda_items.csv: its
    "position" is the item's number in the kallelse, "minutes" is blank when the
    reference gives no time, and "case" is a key of CASES in cases/demo.py."""
    return [row for row in rows(AGENDA_ITEMS) if row["meeting"] == day.isoformat()]


@dataclass(frozen=True)
class MeetingRow:
    """A meeting of the Direktion; its date is how the other rows name it."""

    day: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    next_meeting: str = ""  # the title of its item "Nästa sammanträde", when known


MEETINGS = [
    MeetingRow(
        day=D(2024, 3, 1),
        starts_at=T(9),
        ends_at=T(12),
        next_meeting="Nästa sammanträde 2024-04-26 kl. 9.00–16.00",
    ),
    MeetingRow(day=D(2024, 4, 26), starts_at=T(9), ends_at=T(16)),
    MeetingRow(day=D(2026, 12, 11), starts_at=T(9), ends_at=T(12)),
]
PLACE = "Lilla Navet, Skaraborgsvägen 1B, ingång från innergården"


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    chef: User | None = context.get("users", {}).get("chef")
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    cases: dict[str, Case] = context.get("cases") or {}
    meetings = {
        row.day.isoformat(): _meeting(direktion, row, chef, cases) for row in MEETINGS
    }
    return {"meetings": meetings}


def _meeting(
    body: Body, row: MeetingRow, chef: User | None, cases: dict[str, Case]
) -> Meeting:
    existing = Meeting.objects.filter(body=body, date=row.day).first()
    if existing is not None:
        return existing
    items = agenda_rows(row.day)
    with transaction.atomic():
        meeting = create_meeting(
            body,
            date=row.day,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            place=PLACE,
            by=chef,
        )
        for item in items:
            minutes = int(item["minutes"]) if item["minutes"] else None
            # Without the cases demo the items are free items.
            case = (
                lookup_or_none(cases, item["case"], "ärende", AGENDA_ITEMS.name)
                if cases
                else None
            )
            _add(meeting, item["kind"], item["title"], minutes, case)
        if row.next_meeting:
            _name_next_meeting(meeting, row.next_meeting)
        if items and chef is not None:
            today = row.day - datetime.timedelta(days=8)
            publish_kallelse(meeting, by=chef, today=today)
    return meeting


def _add(
    meeting: Meeting, kind: str, title: str, minutes: int | None, case: Case | None
) -> None:
    closing = meeting.items.filter(kind=ItemKind.NOTIFICATIONS).first()
    position = closing.position if closing else meeting.items.count() + 1
    for later in meeting.items.filter(position__gte=position).order_by("-position"):
        later.position += 1
        later.save(update_fields=["position"])
    AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        kind=kind,
        title=title,
        minutes=minutes,
        case=case,
    )


def _name_next_meeting(meeting: Meeting, title: str) -> None:
    nasta = meeting.items.filter(kind=ItemKind.NEXT_MEETING).first()
    if nasta is not None:
        nasta.title = title
        nasta.save(update_fields=["title"])
