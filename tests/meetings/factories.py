"""Factories of the meetings tests."""

import datetime

import factory

from cases.models import Case
from meetings.models import Meeting
from tests.factories import BodyFactory, FederationFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    federation = factory.SubFactory(FederationFactory)
    year = 2024
    number = factory.Sequence(lambda n: n + 1)
    diarienummer = factory.LazyAttribute(lambda o: f"TF {o.year}-{o.number}")
    title = factory.Sequence(lambda n: f"Ärende {n}")
    status = Case.Status.READY
    proposal = "Direktionen beslutar enligt förslaget"
    opened_on = datetime.date(2024, 1, 10)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A bare meeting; use meetings.services.create_meeting for standard items."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = datetime.date(2024, 3, 1)
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(12, 0)
    place = "Lilla Navet"
