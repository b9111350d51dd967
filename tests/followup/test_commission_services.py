"""Uppdrag proposed from a decided §, confirmed, corrected, closed; the list's
statuses and filters; the återrapportering offered to the right dagordning."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from followup.commissions import services
from followup.commissions.models import Commission
from followup.commissions.selectors import filter_commissions
from minutes.models import Paragraph
from tests.factories import BodyFactory, FederationFactory, PersonFactory
from tests.meetings.factories import MeetingFactory

from .commission_setup import ISSUE_TEXT, decide, ground

pytestmark = pytest.mark.django_db


def _confirm(commission, **changes):
    fields = {
        "what": commission.what,
        "person": commission.person,
        "assignee": commission.assignee,
        "due_on": commission.due_on,
        "report_to": commission.report_to,
        "remind_days": commission.remind_days,
    }
    fields.update(changes)
    return services.update_commission(commission, by=None, **fields)


def test_a_new_text_replaces_proposals_and_keeps_what_is_confirmed(federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    _confirm(Commission.objects.get())
    decide(
        g.paragraph,
        ISSUE_TEXT + " 3. Direktionen ger kansliet i uppdrag att arkivera planen.",
        chef,
    )
    assert sorted(Commission.objects.values_list("what", "state")) == [
        ("Arkivera planen", "proposed"),
        ("Ta fram en plan för arkivets digitalisering", "ongoing"),
    ]
    decide(g.paragraph, "Ärendet bordläggs.", chef, outcome=Paragraph.Outcome.BORDLAGT)
    assert list(Commission.objects.values_list("state", flat=True)) == ["ongoing"]


def test_a_role_two_persons_hold_stays_text(federation, chef):
    g = ground(federation, chef)
    PersonFactory(federation=federation, title="Förbundsdirektör")
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = Commission.objects.get()
    assert commission.person is None
    assert commission.who == "förbundsdirektören"


def test_bad_input_is_refused_and_changes_nothing(federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = Commission.objects.get()
    stranger = PersonFactory(federation=FederationFactory())
    with pytest.raises(ValidationError, match="another federation"):
        _confirm(commission, person=stranger)
    with pytest.raises(ValidationError, match="person or write the role"):
        _confirm(commission, person=None, assignee=" ")
    commission.refresh_from_db()
    assert commission.state == Commission.State.PROPOSED
    assert commission.person == g.director
    g.paragraph.refresh_from_db()
    decide(g.paragraph, "", chef, outcome=Paragraph.Outcome.NOTED)
    with pytest.raises(ValidationError, match="Only a decided"):
        services.record_commission(g.paragraph, what="X", assignee="kansliet", by=chef)


def test_statuses_and_filters(federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    late = _confirm(Commission.objects.get())
    other = services.record_commission(
        g.paragraph,
        what="Publicera planen",
        assignee="kansliet",
        due_on=datetime.date(2027, 6, 1),
        report_to=g.other_body,
        by=chef,
    )
    today = datetime.date(2027, 3, 2)
    assert late.status_on(today) == "overdue"
    assert other.status_on(today) == "ongoing"
    all_ = Commission.objects.all()
    assert list(filter_commissions(all_, today=today, status="overdue")) == [late]
    assert list(filter_commissions(all_, today=today, status="ongoing")) == [other]
    assert list(filter_commissions(all_, today=today, person=g.director)) == [late]
    assert list(filter_commissions(all_, today=today, body=g.other_body)) == [other]
    services.close_commission(other, by=chef)
    assert list(filter_commissions(all_, today=today, status="closed")) == [other]
    with pytest.raises(ValidationError):
        services.close_commission(other, by=chef)


def test_offered_to_the_last_meeting_before_the_due_date_only(federation, chef):
    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = _confirm(Commission.objects.get())
    january = MeetingFactory(body=g.body, date=datetime.date(2027, 1, 14))
    elsewhere = MeetingFactory(
        body=BodyFactory(federation=federation), date=datetime.date(2027, 2, 18)
    )
    # January is followed by February, still before the due date: not yet.
    assert services.offered_reports(january) == []
    assert services.offered_reports(g.february) == [commission]
    assert services.offered_reports(g.may) == [commission]  # late, still offered
    assert services.offered_reports(elsewhere) == []
    with pytest.raises(ValidationError):
        services.add_report_item(commission, meeting=january, by=chef)
    assert not january.items.exists()


def test_a_tabled_report_reopens_the_uppdrag(federation, chef):
    from minutes.services import add_paragraph, start_minutes  # noqa: PLC0415 leaf

    g = ground(federation, chef)
    decide(g.paragraph, ISSUE_TEXT, chef)
    commission = _confirm(Commission.objects.get())
    services.add_report_item(commission, meeting=g.february, by=chef)
    commission.refresh_from_db()
    paragraph = add_paragraph(
        start_minutes(g.february, by=chef), agenda_item=commission.report_item, by=chef
    )
    decide(paragraph, "Noteras.", chef, outcome=Paragraph.Outcome.NOTED)
    commission.refresh_from_db()
    assert commission.state == Commission.State.REPORTED
    decide(paragraph, "Bordläggs.", chef, outcome=Paragraph.Outcome.BORDLAGT)
    commission.refresh_from_db()
    assert commission.state == Commission.State.ONGOING
    assert commission.reported_in is None
