"""Demo meetings: the Direktion of 2024-03-01 as in the reference, and two coming.

Titles follow the reference's dagordning in our own words; the items are the rows of
demo_agenda_items.csv next to this module. Decision items are linked to the cases demo's
ärenden when it provides them (context["cases"], a dict of ärenden by the keys of CASES
in cases/demo.py); otherwise they are free items. Safe to run again: meetings are found
by body and date, and only a new meeting gets items and a published kallelse.
"""

import csv
import datetime
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from federation.models import Body, Federation, Person

from .models import AgendaItem, ItemKind, Meeting
from .services import create_meeting, publish_kallelse

D = datetime.date
T = datetime.time

AGENDA_ITEMS = Path(__file__).parent / "demo_agenda_items.csv"


def agenda_rows(day: datetime.date) -> list[dict[str, str]]:
    """The content items of the meeting on `day`, as in demo_agenda_items.csv: its
    "position" is the item's number in the kallelse, "minutes" is blank when the
    reference gives no time, and "case" is a key of CASES in cases/demo.py."""
    with AGENDA_ITEMS.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["meeting"] == day.isoformat()]


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    chef: User | None = context.get("users", {}).get("chef")
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    cases = context.get("cases") or {}
    march = _meeting(direktion, D(2024, 3, 1), T(9), T(12), chef, cases)
    april = _meeting(direktion, D(2024, 4, 26), T(9), T(16), chef, cases)
    future = _meeting(direktion, D(2026, 12, 11), T(9), T(12), chef, cases)
    return {"meetings": {"march": march, "april": april, "future": future}}


PLACE = "Lilla Navet, Skaraborgsvägen 1B, ingång från innergården"


def _meeting(
    body: Body,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    chef: User | None,
    cases: dict,
) -> Meeting:
    existing = Meeting.objects.filter(body=body, date=day).first()
    if existing is not None:
        return existing
    items = agenda_rows(day)
    with transaction.atomic():
        meeting = create_meeting(
            body, date=day, starts_at=start, ends_at=end, place=PLACE, by=chef
        )
        for row in items:
            minutes = int(row["minutes"]) if row["minutes"] else None
            _add(meeting, row["kind"], row["title"], minutes, _case(cases, row["case"]))
        _name_next_meeting(meeting)
        director = Person.objects.filter(
            federation=body.federation, title__icontains="förbundsdirektör"
        ).first()
        if director is not None:
            meeting.invited.add(director)
        if items and chef is not None:
            publish_kallelse(meeting, by=chef, today=day - datetime.timedelta(days=8))
    return meeting


def _case(cases: dict, key: str):
    """The cases demo's ärende for a key of CASES in cases/demo.py. An unknown key
    fails when the cases demo is loaded: a silently unlinked item loses its bilaga."""
    if not key or not cases:
        return None
    return cases[key]


def _add(meeting: Meeting, kind: str, title: str, minutes, case) -> None:
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


def _name_next_meeting(meeting: Meeting) -> None:
    nasta = meeting.items.filter(kind=ItemKind.NEXT_MEETING).first()
    if nasta is not None and meeting.date == D(2024, 3, 1):
        nasta.title = "Nästa sammanträde 2024-04-26 kl. 9.00–16.00"
        nasta.save(update_fields=["title"])
