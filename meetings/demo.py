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
from federation.demo_obligations import load_obligations
from federation.models import Body, Federation

from .demo_forhinder import load_forhinder
from .models import AgendaItem, ItemKind, Meeting
from .services import create_meeting, publish_kallelse

D = datetime.date
T = datetime.time

AGENDA_ITEMS = Path(__file__).parent / "demo_agenda_items.csv"


def agenda_rows(day: datetime.date) -> list[dict[str, str]]:
    """The content items of the meeting on `day`, as in demo_agenda_items.csv: its
    "position" is the item's number in the kallelse, "minutes" is blank when the
    reference gives no time, "case" is a key of CASES in cases/demo.py and "note" what
    the kallelse prints under the item ("VGR deltar")."""
    return [row for row in rows(AGENDA_ITEMS) if row["meeting"] == day.isoformat()]


@dataclass(frozen=True)
class MeetingRow:
    """A meeting of the Direktion; its date is how the other rows name it."""

    day: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time


# The kallelse's "Nästa sammanträde" names the body's next meeting of these.
MEETINGS = [
    MeetingRow(day=D(2024, 3, 1), starts_at=T(9), ends_at=T(12)),
    MeetingRow(day=D(2024, 4, 26), starts_at=T(9), ends_at=T(16)),
    MeetingRow(day=D(2026, 12, 11), starts_at=T(9), ends_at=T(12)),
]
PLACE = "Lilla Navet, Skaraborgsvägen 1B, ingång från innergården"


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    chef: User | None = context.get("users", {}).get("chef")
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    cases: dict[str, Case] = context.get("cases") or {}
    # Every meeting first, then the agendas: the March kallelse names the next one.
    made = [_meeting(direktion, row, chef) for row in MEETINGS]
    for row, (meeting, new) in zip(MEETINGS, made, strict=True):
        if new:
            _agenda(meeting, row, chef, cases)
    meetings = {row.day.isoformat(): made[i][0] for i, row in enumerate(MEETINGS)}
    load_forhinder(context)  # a coming meeting with a förhinder and a yes
    load_obligations(context)  # the SRB's rules and its meetings of 2026
    return {"meetings": meetings}


def _meeting(body: Body, row: MeetingRow, chef: User | None) -> tuple[Meeting, bool]:
    """The meeting of the row, and whether it is new (only a new one gets items)."""
    existing = Meeting.objects.filter(body=body, date=row.day).first()
    if existing is not None:
        return existing, False
    meeting = create_meeting(
        body,
        date=row.day,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        place=PLACE,
        by=chef,
    )
    return meeting, True


def _agenda(
    meeting: Meeting, row: MeetingRow, chef: User | None, cases: dict[str, Case]
) -> None:
    items = agenda_rows(row.day)
    with transaction.atomic():
        for item in items:
            minutes = int(item["minutes"]) if item["minutes"] else None
            # Without the cases demo the items are free items.
            case = (
                lookup_or_none(cases, item["case"], "ärende", AGENDA_ITEMS.name)
                if cases
                else None
            )
            _add(meeting, item, minutes, case)
        if items and chef is not None:
            today = row.day - datetime.timedelta(days=8)
            publish_kallelse(meeting, by=chef, today=today)


def _add(
    meeting: Meeting, row: dict[str, str], minutes: int | None, case: Case | None
) -> None:
    closing = meeting.items.filter(kind=ItemKind.NOTIFICATIONS).first()
    position = closing.position if closing else meeting.items.count() + 1
    for later in meeting.items.filter(position__gte=position).order_by("-position"):
        later.position += 1
        later.save(update_fields=["position"])
    AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        kind=row["kind"],
        title=row["title"],
        minutes=minutes,
        note=row["note"],
        case=case,
    )
