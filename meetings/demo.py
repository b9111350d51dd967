"""Demo meetings: the Direktion of 2024-03-01 as in the reference, and two coming.

Titles follow the reference's dagordning in our own words. Decision items are linked to
the cases demo's ärenden when it provides them (context["cases"], a dict of ärenden by
key); otherwise they are free items. Safe to run again: meetings are found by body and
date, and only a new meeting gets items and a published kallelse.
"""

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from federation.models import Body, Federation, Person

from .models import AgendaItem, ItemKind, Meeting
from .services import create_meeting, publish_kallelse

D = datetime.date
T = datetime.time

# (position, kind, title, minutes, key of the cases demo's ärende)
MARCH_ITEMS = [
    (
        4,
        "beslut",
        "Fyllnadsval adjungerad ledamot Vänsterpartiet",
        None,
        "fyllnadsval_v",
    ),
    (
        5,
        "beslut",
        "Fyllnadsval adjungerad ledamot i beredning Välfärd och Kompetens",
        None,
        "fyllnadsval_vok",
    ),
    (
        6,
        "beslut",
        "Remissvar om inriktningsplanering för transportinfrastrukturen",
        30,
        "remissvar_transportplan",
    ),
    (7, "information", "Läget i stråksamverkan Borås–Värnamo", 10, None),
    (8, "information", "Rapport om möjliga platser för sol- och vindkraft", 15, None),
    (9, "beslut", "Samverkansavtal om vuxenutbildning", 10, "brvux"),
    (10, "beslut", "Samverkansavtal om naturbruksutbildning", None, "naturbruk"),
    (11, "beslut", "Årsbokslut 2023", 15, "arsbokslut_2023"),
    (12, "information", "Läget för järnvägen Göteborg–Borås", None, None),
    (13, "dialog", "Gemensamt arbete med artificiell intelligens", None, None),
    (14, "information", "Förbundsdirektören informerar", None, None),
    (15, "rapport", "Rapport från kommunchefsgruppen", None, None),
    (
        16,
        "rapport",
        "Återkoppling från VästKoms styrelse och övrig politisk information",
        None,
        None,
    ),
]


def load(context: dict) -> dict:
    federation: Federation = context["sjuharad"]
    chef: User | None = context.get("users", {}).get("chef")
    direktion = Body.objects.get(federation=federation, short_name="Direktion")
    cases = context.get("cases") or {}
    march = _meeting(
        direktion, D(2024, 3, 1), T(9), T(12), chef, cases, items=MARCH_ITEMS
    )
    april = _meeting(direktion, D(2024, 4, 26), T(9), T(16), chef, cases, items=[])
    future = _meeting(direktion, D(2026, 12, 11), T(9), T(12), chef, cases, items=[])
    return {"meetings": {"march": march, "april": april, "future": future}}


PLACE = "Lilla Navet, Skaraborgsvägen 1B, ingång från innergården"


def _meeting(
    body: Body,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    chef: User | None,
    cases: dict,
    *,
    items: list,
) -> Meeting:
    existing = Meeting.objects.filter(body=body, date=day).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        meeting = create_meeting(
            body, date=day, starts_at=start, ends_at=end, place=PLACE, by=chef
        )
        for _position, kind, title, minutes, key in items:
            _add(meeting, kind, title, minutes, _case(cases, key))
        _name_next_meeting(meeting)
        director = Person.objects.filter(
            federation=body.federation, title__icontains="förbundsdirektör"
        ).first()
        if director is not None:
            meeting.invited.add(director)
        if items and chef is not None:
            publish_kallelse(meeting, by=chef, today=day - datetime.timedelta(days=8))
    return meeting


def _case(cases: dict, key: str | None):
    """The cases demo's ärende for a key of CASES in cases/demo.py. An unknown key
    fails when the cases demo is loaded: a silently unlinked item loses its bilaga."""
    if key is None or not cases:
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
