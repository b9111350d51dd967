"""Factories of the meetings app: a bare meeting and its agenda items."""

import datetime

import factory

from meetings.models import AgendaItem, ItemKind, Meeting
from tests.factories import BodyFactory, ModelFactory


class MeetingFactory(ModelFactory[Meeting]):
    """A meeting whose kallelse is out, with no items; use
    meetings.services.create_meeting for the standard items."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = datetime.date(2024, 3, 1)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(12, 0)
    place = "Lilla Navet"
    status = Meeting.Status.KALLELSE_PUBLISHED


class AgendaItemFactory(ModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = ItemKind.DECISION
    title = factory.Sequence(lambda n: f"Punkt {n}")
