"""A Direktion of ten beslutande and two ersättare, representing two kommuner, and
its meeting of 2024-03-01 where one ledamot is absent, an ersättare serves for
them and the other ersättare attends without serving; then justerat."""

import datetime
from types import SimpleNamespace

import pytest

from federation.models import Assignment
from minutes.models import Attendance, Minutes
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
    start_minutes,
)
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

DAY = datetime.date(2024, 3, 1)
JUSTERAT = datetime.date(2024, 3, 8)


@pytest.fixture
def board(federation):
    role = Assignment.Role
    b = SimpleNamespace(federation=federation)
    b.body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    b.boras = MemberFactory(federation=federation, name="Borås", kommunkod="1490")
    b.ulricehamn = MemberFactory(
        federation=federation, name="Ulricehamn", kommunkod="1491"
    )

    def seat(role_, n, member, **kwargs):
        person = PersonFactory(
            federation=federation,
            first_name=f"P{n}",
            last_name="Exempel",
            user=UserFactory(username=f"p{n}"),
        )
        AssignmentFactory(
            body=b.body, person=person, role=role_, representing=member, **kwargs
        )
        return person

    b.chair = seat(role.ORDFORANDE, 0, b.boras)
    b.ledamoter = [
        seat(role.LEDAMOT, n, b.boras if n % 2 else b.ulricehamn) for n in range(1, 10)
    ]
    b.e1 = seat(role.ERSATTARE, 10, b.ulricehamn, ersattare_order=1)
    b.e2 = seat(role.ERSATTARE, 11, b.boras, ersattare_order=2)
    return b


@pytest.fixture
def held(board, chef):
    """The meeting recorded: ledamot 9 absent, e1 serving for them, e2 there."""
    meeting = MeetingFactory(body=board.body, date=DAY)
    AgendaItemFactory(meeting=meeting, position=1, title="Budget 2025")
    minutes = start_minutes(meeting, by=chef)
    absent = board.ledamoter[-1]
    rows = Attendance.objects.filter(minutes=minutes)
    rows.filter(person=absent).update(is_present=False)
    rows.filter(person=board.e1).update(is_present=True, serving_for=absent)
    rows.filter(person=board.e2).update(is_present=True, at_distance=True)
    board.minutes, board.meeting, board.absent = minutes, meeting, absent
    return board


def justera(minutes: Minutes, board, chef) -> Minutes:
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[board.ledamoter[0]], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    approve_minutes(minutes, user=board.ledamoter[0].user, today=JUSTERAT)
    approve_minutes(minutes, user=board.chair.user, today=JUSTERAT)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.JUSTERAT
    return minutes


@pytest.fixture
def justerat(held, chef):
    held.minutes = justera(held.minutes, held, chef)
    return held
