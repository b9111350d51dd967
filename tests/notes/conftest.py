"""A Direktion meeting with an ärende and its handling, two ledamöter with accounts,
and the förbund's Administratör, who also has a person in the register."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from federation.models import Assignment
from federation.roles import Role
from tests.cases.factories import CaseFactory, DocumentFactory, pdf_bytes
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    PersonFactory,
    UserFactory,
    grant,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

UNTIL = datetime.date(2026, 12, 31)


@pytest.fixture
def body(federation):
    return BodyFactory(federation=federation, name="Direktionen", short_name="Dir")


@pytest.fixture
def setup(federation, body, ledamot, chef):
    s = SimpleNamespace(federation=federation, body=body, chef=chef)
    s.anna = PersonFactory(federation=federation, first_name="Anna", user=ledamot)
    AssignmentFactory(body=body, person=s.anna, valid_to=UNTIL)
    other_user = UserFactory(username="ledamot2")
    grant(other_user, federation, Role.FORTROENDEVALD)
    s.bo = PersonFactory(federation=federation, first_name="Bo", user=other_user)
    AssignmentFactory(body=body, person=s.bo, valid_to=UNTIL)
    # The Administratör is in the register too, without a seat in the body.
    s.chef_person = PersonFactory(federation=federation, first_name="Cia", user=chef)
    s.meeting = MeetingFactory(body=body, date=datetime.date(2026, 3, 5))
    s.case = CaseFactory(federation=federation, title="Budget 2027")
    s.item = AgendaItemFactory(meeting=s.meeting, position=3, case=s.case)
    s.document = DocumentFactory(
        federation=federation,
        case=s.case,
        title="Tjänsteskrivelse budget",
        page_count=4,
        file=ContentFile(pdf_bytes(4), name="ts.pdf"),
    )
    s.ledamot, s.other = ledamot, other_user
    s.role = Assignment.Role
    return s
