"""The OParl object types of a förbund: where their rows come from, how they are
read in a fixed number of queries, and how they are turned into JSON.

A Kind's `rows` are the public ones (oparl.selectors); `once_public` the ids of
those that were public at some time (from the history): of them, the ones no longer
public (`all_rows`: a handling marked sekretess, an item made non-public) and the
deleted ones (history rows of type '-' within `history_scope`) are served as
`deleted: true`. Any other id is a 404: what was never public is not enumerable.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from cases.models import Case, Document
from federation.models import Assignment, Body, Federation, Person, Term
from meetings.models import AgendaItem, Meeting
from minutes.models import Attendance
from public import selectors as portal

from . import objects, selectors


@dataclass(frozen=True)
class Kind:
    name: str  # the URL segment: /oparl/body/<förbund>/<name>/<pk>/
    oparl_type: str  # the OParl type
    model: type[Model]
    rows: Callable[[Federation], QuerySet]
    serialize: Callable[[Any, objects.Links], dict]
    history_scope: Callable[[Federation], dict]
    # The ids (a queryset of one column) of the rows public at some time.
    once_public: Callable[[Federation], QuerySet]
    all_rows: Callable[[Federation], QuerySet] | None = None
    embedded: tuple[tuple[type[Model], str], ...] = ()
    # Filters of the list besides the dates: query parameter → field.
    filters: dict[str, str] = field(default_factory=dict)
    # Reads for a page of rows that a prefetch cannot do.
    attach: Callable[[list, Federation], None] | None = None


def _public_files(federation: Federation) -> Prefetch:
    """An item's files: its ärende's public handlingar (public.selectors)."""
    return Prefetch(
        "case__documents",
        portal.public_documents(federation).exclude(file="").order_by("pk"),
    )


def _items(federation: Federation) -> QuerySet[AgendaItem]:
    return selectors.public_agenda_items(federation).select_related(
        "case", "paragraph__minutes", "paragraph__vote", "meeting__body"
    )


def _meetings(federation: Federation) -> QuerySet[Meeting]:
    # Participants: those the förbund's Persons list has (not an official present).
    present = Attendance.objects.filter(
        is_present=True,
        person_id__in=selectors.public_persons(federation).order_by().values("pk"),
    )
    return (
        selectors.public_meetings(federation)
        .select_related("body", "minutes")
        .prefetch_related(
            Prefetch(
                "items",
                _items(federation).prefetch_related(_public_files(federation)),
                to_attr="oparl_items",
            ),
            Prefetch("minutes__attendances", present.order_by("position", "pk")),
        )
    )


def _papers(federation: Federation) -> QuerySet[Case]:
    return selectors.public_cases(federation).prefetch_related(
        Prefetch(
            "documents",
            selectors.public_documents(federation).order_by("pk"),
        ),
        Prefetch(
            "agenda_items",
            _items(federation).order_by("meeting__date", "pk"),
            to_attr="oparl_items",
        ),
    )


def _persons(federation: Federation) -> QuerySet[Person]:
    return selectors.public_persons(federation).prefetch_related(
        Prefetch(
            "assignments",
            selectors.public_assignments(federation).order_by("valid_from", "pk"),
        )
    )


def _attach_serving(rows: list, federation: Federation) -> None:
    """Each person's tjänstgöring as ersättare, in one query for the page (an
    Attendance has no way back from its person)."""
    serving: dict[int, list[Attendance]] = defaultdict(list)
    for row in (
        selectors.serving_ersattare(federation)
        .filter(person_id__in=[p.pk for p in rows])
        .select_related("minutes__meeting", "serving_for")
        .order_by("minutes__meeting__date", "pk")
    ):
        serving[row.person_id].append(row)
    for person in rows:
        person.oparl_serving = serving[person.pk]


KINDS: dict[str, Kind] = {}


def _register(kind: Kind) -> None:
    KINDS[kind.name] = kind


_register(
    Kind(
        "organization",
        "Organization",
        Body,
        lambda f: (
            selectors.public_bodies(f)
            .select_related("parent")
            .prefetch_related(
                Prefetch("assignments", Assignment.objects.order_by("pk"))
            )
        ),
        objects.organization,
        lambda f: {"federation_id": f.pk},
        selectors.once_public_bodies,
    )
)
_register(
    Kind(
        "person",
        "Person",
        Person,
        _persons,
        objects.person,
        lambda f: {"federation_id": f.pk},
        selectors.once_public_persons,
        all_rows=lambda f: Person.objects.filter(federation=f),
        embedded=((Assignment, "person_id"),),
        attach=_attach_serving,
    )
)
_register(
    Kind(
        "membership",
        "Membership",
        Assignment,
        selectors.public_assignments,
        objects.membership,
        lambda f: {"body__federation_id": f.pk},
        selectors.once_public_assignments,
        filters={"person": "person_id", "organization": "body_id"},
    )
)
_register(
    Kind(
        "servingmembership",
        "Membership",
        Attendance,
        lambda f: selectors.serving_ersattare(f).select_related(
            "minutes__meeting", "serving_for"
        ),
        objects.serving_membership,
        lambda f: {"minutes__meeting__body__federation_id": f.pk},
        selectors.once_public_serving,
    )
)
_register(
    Kind(
        "meeting",
        "Meeting",
        Meeting,
        _meetings,
        objects.meeting,
        lambda f: {"body__federation_id": f.pk},
        selectors.once_public_meetings,
        all_rows=lambda f: Meeting.objects.of_federation(f.pk),
        embedded=((AgendaItem, "meeting_id"),),
        filters={"organization": "body_id"},
    )
)
_register(
    Kind(
        "agendaitem",
        "AgendaItem",
        AgendaItem,
        lambda f: _items(f).prefetch_related(_public_files(f)),
        objects.agenda_item,
        lambda f: {"meeting__body__federation_id": f.pk},
        selectors.once_public_items,
        all_rows=lambda f: AgendaItem.objects.filter(meeting__body__federation=f),
        filters={"meeting": "meeting_id"},
    )
)
_register(
    Kind(
        "consultation",
        "Consultation",
        AgendaItem,
        lambda f: _items(f).filter(case__isnull=False),
        objects.consultation,
        lambda f: {"meeting__body__federation_id": f.pk},
        selectors.once_public_consultations,
        all_rows=lambda f: AgendaItem.objects.filter(
            meeting__body__federation=f, case__isnull=False
        ),
    )
)
_register(
    Kind(
        "paper",
        "Paper",
        Case,
        _papers,
        objects.paper,
        lambda f: {"federation_id": f.pk},
        selectors.once_public_cases,
        all_rows=lambda f: Case.objects.filter(
            federation=f, agenda_items__isnull=False
        ).distinct(),
    )
)
_register(
    Kind(
        "file",
        "File",
        Document,
        selectors.public_documents,
        objects.file,
        lambda f: {"federation_id": f.pk},
        selectors.once_public_documents,
        all_rows=lambda f: Document.objects.filter(
            federation=f, case__agenda_items__isnull=False
        ).distinct(),
    )
)
_register(
    Kind(
        "location",
        "Location",
        Meeting,
        lambda f: selectors.public_meetings(f).exclude(place=""),
        objects.location,
        lambda f: {"body__federation_id": f.pk},
        selectors.once_public_locations,
        all_rows=lambda f: Meeting.objects.of_federation(f.pk),
    )
)
_register(
    Kind(
        "legislativeterm",
        "LegislativeTerm",
        Term,
        lambda f: selectors.public_terms(),
        objects.legislative_term,
        lambda f: {},
        selectors.once_public_terms,
    )
)
