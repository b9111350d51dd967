"""A Direktion with a förbundsdirektör, a decided meeting and the Direktion's next
meetings: the ground of the uppdrag tests (helpers, not fixtures)."""

import datetime
from types import SimpleNamespace

from federation.models import Assignment, Federation
from minutes.models import Paragraph
from minutes.services import add_paragraph, record_decision, start_minutes
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory, UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

DECIDED_ON = datetime.date(2026, 12, 10)
ISSUE_TEXT = (
    "Direktionen beslutar\n\n1. Direktionen godkänner delårsrapporten.\n\n"
    "2. Direktionen ger förbundsdirektören i uppdrag att ta fram en plan för "
    "arkivets digitalisering, med återrapportering till Direktionen senast "
    "2027-03-01."
)


def ground(federation: Federation, chef) -> SimpleNamespace:
    g = SimpleNamespace()
    g.body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    g.other_body = BodyFactory(
        federation=federation, name="Beredningen", short_name="Ber"
    )
    g.director_user = UserFactory(username="fd", email="fd@example.se")
    g.director = PersonFactory(
        federation=federation,
        first_name="Frida",
        last_name="Direktör",
        title="Förbundsdirektör",
        user=g.director_user,
    )
    g.ordf = PersonFactory(federation=federation, first_name="Olle", last_name="Ordf")
    AssignmentFactory(
        body=g.body,
        person=g.ordf,
        role=Assignment.Role.ORDFORANDE,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2030, 12, 31),
    )
    g.meeting = MeetingFactory(body=g.body, date=DECIDED_ON)
    g.item = AgendaItemFactory(meeting=g.meeting, position=1, title="Delårsrapport")
    g.minutes = start_minutes(g.meeting, by=chef)
    g.paragraph = add_paragraph(g.minutes, agenda_item=g.item, by=chef)
    # The Direktion's next meetings: February (before the due date), May.
    g.february = MeetingFactory(body=g.body, date=datetime.date(2027, 2, 18))
    g.may = MeetingFactory(body=g.body, date=datetime.date(2027, 5, 6))
    return g


def decide(paragraph: Paragraph, text: str, by, outcome=Paragraph.Outcome.DECIDED):
    paragraph.refresh_from_db()
    return record_decision(paragraph, decision_text=text, outcome=outcome, by=by)
