"""A body whose ersättare exercise every step of the inkallelse order, for the
förhinder tests (tests/meetings/test_forhinder*.py, tests/minutes/test_distance.py,
the browser journey).

Lisa Ledamot (S, Kommun A) reports förhinder. Her ersättare, in the body's order
(personal, same member, same party, body order):
Per Personlig (M, B, personal for Lisa), Mona Medlem (M, A), Sara Samma (S, B),
then Bo Först (KD, B, order 1) and Gun Andra (KD, B, order 2).
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.utils import timezone

from federation.models import Assignment, Federation, Person
from meetings.models import Meeting
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    MemberFactory,
    PartyFactory,
    PersonFactory,
)
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def _person(federation, first, last, party, **kwargs) -> Person:
    return PersonFactory(
        federation=federation,
        first_name=first,
        last_name=last,
        party=party,
        email=kwargs.pop("email", f"{first.lower()}@example.se"),
        **kwargs,
    )


def build(federation: Federation, ledamot: User | None, *, days: int = 10):
    s = SimpleNamespace()
    s.federation = federation
    s.body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    s.a = MemberFactory(federation=federation, name="Kommun A", kommunkod="1401")
    s.b = MemberFactory(federation=federation, name="Kommun B", kommunkod="1402")
    sp = PartyFactory(abbreviation="S", name="Socialdemokraterna")
    m = PartyFactory(abbreviation="M", name="Moderaterna")
    kd = PartyFactory(abbreviation="KD", name="Kristdemokraterna")
    role = Assignment.Role
    seat = {"body": s.body, "valid_from": datetime.date(2023, 1, 1), "valid_to": None}
    s.ordf = _person(federation, "Olle", "Ordf", sp)
    AssignmentFactory(person=s.ordf, role=role.ORDFORANDE, representing=s.b, **seat)
    s.lisa = _person(federation, "Lisa", "Ledamot", sp, user=ledamot)
    AssignmentFactory(person=s.lisa, role=role.LEDAMOT, representing=s.a, **seat)
    s.lars = _person(federation, "Lars", "Ledamot", m)
    AssignmentFactory(person=s.lars, role=role.LEDAMOT, representing=s.b, **seat)
    s.per = _person(federation, "Per", "Personlig", m)
    s.mona = _person(federation, "Mona", "Medlem", m)
    s.sara = _person(federation, "Sara", "Samma", sp)
    s.bo = _person(federation, "Bo", "Först", kd)
    s.gun = _person(federation, "Gun", "Andra", kd)
    for person, member, order, personal in (
        (s.per, s.b, 5, s.lisa),
        (s.mona, s.a, 4, None),
        (s.sara, s.b, 3, None),
        (s.bo, s.b, 1, None),
        (s.gun, s.b, 2, None),
    ):
        AssignmentFactory(
            person=person,
            role=role.ERSATTARE,
            representing=member,
            ersattare_order=order,
            personal_ersattare_for=personal,
            **seat,
        )
    s.meeting = MeetingFactory(
        body=s.body, date=timezone.localdate() + datetime.timedelta(days=days)
    )
    AgendaItemFactory(meeting=s.meeting, position=1, kind="upprop", title="Upprop")
    return s


def starts(meeting: Meeting) -> datetime.datetime:
    return meeting.starts
