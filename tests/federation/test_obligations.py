"""The bodies' obligations (issue 22.2): the meetings a year against the minimum,
the requests for an extra meeting, and the rules page."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from federation.models import Assignment, Body
from federation.models_obligations import (
    BodyRules,
    ExtraMeetingNotice,
    ExtraMeetingRequest,
)
from federation.obligations import ask_for_extra_meeting, save_rules, standing
from inbox.models import Item
from tests.factories import AssignmentFactory, BodyFactory, MemberFactory, PersonFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HELD, PLANNED = "held", "planned"


@pytest.fixture
def srb(federation):
    body = BodyFactory(
        federation=federation, name="Strategisk beredning", short_name="SRB"
    )
    BodyRules.objects.create(body=body, min_meetings_per_year=6, extra_meeting_share=3)
    return body


def _meetings(body, held, planned):
    for month in range(1, held + 1):
        MeetingFactory(body=body, date=D(2026, month * 2, 10), status=HELD)
    for day in range(planned):
        MeetingFactory(body=body, date=D(2026, 12, 10 + day), status=PLANNED)


def test_four_held_and_one_planned_in_the_autumn_warns_of_the_minimum_six(srb):
    _meetings(srb, held=4, planned=1)

    result = standing(srb, today=D(2026, 10, 1))

    assert result is not None
    assert (result.held, result.planned, result.missing) == (4, 1, 1)
    assert result.summary == "4 av minst 6 sammanträden 2026; 1 planerat"
    assert result.warnings == [
        "Minst 6 sammanträden 2026: 1 till måste planeras före årets slut."
    ]


def test_in_the_spring_a_missing_meeting_the_pace_still_holds_is_no_warning(srb):
    _meetings(srb, held=1, planned=0)

    assert standing(srb, today=D(2026, 3, 1)).warnings == []
    # In November, one month and a half left at one meeting in two months: too late.
    assert standing(srb, today=D(2026, 11, 1)).warnings


def test_a_planned_meeting_in_the_past_does_not_count(srb):
    MeetingFactory(body=srb, date=D(2026, 3, 1), status=PLANNED)

    assert standing(srb, today=D(2026, 6, 1)).planned == 0


def test_a_body_without_a_minimum_has_no_standing(federation):
    body = BodyFactory(federation=federation)
    BodyRules.objects.create(body=body)

    assert standing(body) is None


def _ledamoter(body, count):
    return [
        AssignmentFactory(body=body, role=Assignment.Role.LEDAMOT, valid_to=None).person
        for _ in range(count)
    ]


def test_five_of_fifteen_ledamoter_asking_tell_the_secretariat_once(
    srb, chef, ledamot, django_capture_on_commit_callbacks
):
    chef.email = "chef@example.se"
    chef.save()
    persons = _ledamoter(srb, 15)

    with django_capture_on_commit_callbacks(execute=True):
        for person in persons[:4]:
            ask_for_extra_meeting(srb, person, by=chef)
    assert ExtraMeetingNotice.objects.count() == 0
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_extra_meeting(srb, persons[4], by=chef, reason="Budgeten")
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_extra_meeting(srb, persons[5], by=chef)  # after the notice: a new round

    assert ExtraMeetingNotice.objects.count() == 1
    assert ExtraMeetingNotice.objects.get().requests.count() == 5
    assert [m.to for m in mail.outbox] == [["chef@example.se"]]
    assert "SRB" in mail.outbox[0].subject
    items = Item.objects.filter(federation=srb.federation)
    assert [(i.user, i.url) for i in items] == [(chef, srb.get_absolute_url())]
    assert ledamot not in [i.user for i in items]  # the secretariat only


def test_the_ordforande_alone_is_enough(srb, chef, django_capture_on_commit_callbacks):
    _ledamoter(srb, 15)
    chair = AssignmentFactory(
        body=srb, role=Assignment.Role.ORDFORANDE, valid_to=None
    ).person

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_extra_meeting(srb, chair, by=chef)

    assert ExtraMeetingNotice.objects.count() == 1


def test_a_person_asks_once_and_only_a_member_of_the_body(srb, chef):
    person = _ledamoter(srb, 15)[0]
    ask_for_extra_meeting(srb, person, by=chef)

    with pytest.raises(Exception, match="redan begärt"):
        ask_for_extra_meeting(srb, person, by=chef)
    outsider = PersonFactory(federation=srb.federation)
    with pytest.raises(Exception, match="inte ledamot"):
        ask_for_extra_meeting(srb, outsider, by=chef)
    assert ExtraMeetingRequest.objects.count() == 1


def test_a_body_without_the_right_refuses_a_request(federation, chef):
    body = BodyFactory(federation=federation)
    person = _ledamoter(body, 3)[0]

    with pytest.raises(Exception, match="ingen rätt till extra"):
        ask_for_extra_meeting(body, person, by=chef)


# --- Pages --------------------------------------------------------------------------


def _rules_url(body):
    return reverse("federation:body_rules", args=[body.federation.slug, body.pk])


def _ask_url(body):
    return reverse(
        "federation:extra_meeting_request", args=[body.federation.slug, body.pk]
    )


def test_the_body_page_shows_the_standing_and_the_warning(
    client, chef, srb, monkeypatch
):
    _meetings(srb, held=4, planned=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 10, 1))
    client.force_login(chef)

    page = client.get(srb.get_absolute_url()).content.decode()
    start = client.get(reverse("federation:dashboard", args=[srb.federation.slug]))

    assert "4 av minst 6 sammanträden 2026; 1 planerat" in page
    assert "1 till måste planeras" in page
    assert "4 av minst 6 sammanträden 2026; 1 planerat" in start.content.decode()


def test_the_administrator_edits_the_rules_with_history(client, chef, srb):
    region = MemberFactory(federation=srb.federation, kind="region")
    rs = BodyFactory(federation=srb.federation, short_name="RS", member=region)
    client.force_login(chef)

    response = client.post(
        _rules_url(srb),
        {
            "kallelse_lead_days": "14",
            "min_meetings_per_year": "6",
            "signed_by": "ordforande",
            "justerare_count": "1",
            "extra_meeting_share": "3",
            "expedite_to": [str(rs.pk)],
            "reassessment": "Kostnadsnivån",
        },
    )

    assert response.status_code == 302
    srb.refresh_from_db()
    assert srb.kallelse_lead_days == 14
    assert list(srb.obligations.expedite_to.all()) == [rs]
    assert srb.obligations.history.first().history_user == chef


def test_a_recipient_that_is_no_members_body_is_refused(client, chef, srb):
    other = BodyFactory(federation=srb.federation)  # the förbund's own, no member
    client.force_login(chef)

    response = client.post(
        _rules_url(srb),
        {
            "kallelse_lead_days": "14",
            "signed_by": "ordforande",
            "justerare_count": "1",
            "expedite_to": [str(other.pk)],
        },
    )

    assert response.status_code == 200  # not offered: the form refuses it
    with pytest.raises(ValidationError, match="inte ett organ hos en medlem"):
        save_rules(srb, values={}, expedite_to=[other], kallelse_lead_days=3, by=chef)
    srb.refresh_from_db()
    assert srb.kallelse_lead_days == 7
    assert not srb.obligations.expedite_to.exists()


def test_only_the_administrator_edits_the_rules(client, handlaggare, ledamot, srb):
    for user in (handlaggare, ledamot):
        client.force_login(user)
        assert client.get(_rules_url(srb)).status_code == 403


def test_a_ledamot_asks_from_the_body_page(client, ledamot, srb):
    person = _ledamoter(srb, 3)[0]
    person.user = ledamot
    person.save()
    client.force_login(ledamot)

    assert (
        "Begär extra sammanträde" in client.get(srb.get_absolute_url()).content.decode()
    )
    response = client.post(_ask_url(srb), {"reason": "Infrastrukturplanen"})

    assert response.status_code == 302
    request = ExtraMeetingRequest.objects.get()
    assert (request.person, request.recorded_by) == (person, ledamot)


def test_the_secretary_records_who_asked(client, handlaggare, srb):
    person = _ledamoter(srb, 3)[0]
    client.force_login(handlaggare)

    client.post(_ask_url(srb), {"person": str(person.pk)})

    assert ExtraMeetingRequest.objects.get().person == person


def test_a_user_who_is_no_member_cannot_ask(client, ledamot, srb):
    _ledamoter(srb, 3)
    client.force_login(ledamot)

    client.post(_ask_url(srb), {})

    assert not ExtraMeetingRequest.objects.exists()


def test_another_forbunds_body_is_a_404(client, outsider, srb):
    client.force_login(outsider)

    assert client.get(_rules_url(srb)).status_code == 404
    assert client.post(_ask_url(srb), {}).status_code == 404
    assert Body.objects.filter(pk=srb.pk).exists()
