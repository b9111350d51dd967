import datetime
from types import SimpleNamespace

import pytest

from federation.models import Assignment
from minutes.services import start_minutes
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

DAY = datetime.date(2024, 3, 1)


def seat(body, role, first, last, **kwargs):
    person = PersonFactory(
        federation=body.federation,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.se",
        user=kwargs.pop("user", None),
    )
    AssignmentFactory(body=body, person=person, role=role, **kwargs)
    return person


@pytest.fixture
def body(federation):
    return BodyFactory(federation=federation, name="Direktionen", short_name="Dir")


@pytest.fixture
def people(body, ledamot):
    """Five beslutande (ordförande + four ledamöter) and three ersättare."""
    role = Assignment.Role
    p = SimpleNamespace()
    p.ordf = seat(body, role.ORDFORANDE, "Olle", "Ordf")
    p.l1 = seat(body, role.LEDAMOT, "Lisa", "Ett", user=ledamot)
    p.l2 = seat(body, role.LEDAMOT, "Lars", "Två")
    p.l3 = seat(body, role.LEDAMOT, "Lena", "Tre")
    p.l4 = seat(body, role.LEDAMOT, "Leif", "Fyra")
    p.e1 = seat(body, role.ERSATTARE, "Eva", "Ett", ersattare_order=1)
    p.e2 = seat(body, role.ERSATTARE, "Erik", "Två", ersattare_order=2)
    p.e3 = seat(
        body,
        role.ERSATTARE,
        "Emma",
        "Tre",
        ersattare_order=3,
        personal_ersattare_for=p.l2,
    )
    p.ordf.user = None
    return p


@pytest.fixture
def meeting(body, people):
    meeting = MeetingFactory(body=body, date=DAY)
    AgendaItemFactory(meeting=meeting, position=1, kind="upprop", title="Upprop")
    AgendaItemFactory(meeting=meeting, position=2, title="Budget 2025")
    AgendaItemFactory(meeting=meeting, position=3, title="Val av revisor")
    return meeting


@pytest.fixture
def minutes(meeting, chef):
    return start_minutes(meeting, by=chef)


def attendance(minutes, person):
    return minutes.attendances.get(person=person)
