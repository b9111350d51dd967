"""Att göra (issue 18.1): what the start page asks of the secretariat and of a
justerare, and the meeting page's link to a protokoll not yet justerat."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from federation.roles import Role
from meetings.models import Meeting
from minutes.models import Approval
from minutes.services import (
    add_paragraphs_from_agenda,
    approve_minutes,
    choose_justerare,
    close_meeting,
    send_for_justering,
    start_minutes,
)
from minutes.todo import (
    PROTOKOLL_TODO_LIMIT,
    kallelse_due_on,
    protokoll_link,
    protokoll_state,
    todo_for,
)
from tests.factories import BodyFactory, PersonFactory, UserFactory, grant
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import DAY


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


STARTED = _at(DAY, 9, 5)  # the meeting of DAY starts at 9.00


def _sent(minutes, people, chef):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    return minutes


# --- The secretariat's protokoll ----------------------------------------------------


def test_a_meeting_is_to_write_from_its_start(federation, meeting, chef):
    before = todo_for(chef, federation, now=_at(DAY, 8, 55))
    after = todo_for(chef, federation, now=STARTED)

    assert before.to_write == []
    assert after.to_write == [meeting]
    assert after.to_send == []


def test_a_closed_meeting_is_to_send_and_a_sent_one_is_done(
    federation, minutes, people, chef
):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    begun = todo_for(chef, federation, now=STARTED)
    close_meeting(minutes, by=chef)
    closed = todo_for(chef, federation, now=STARTED)
    send_for_justering(minutes, by=chef)
    sent = todo_for(chef, federation, now=STARTED)

    assert begun.to_write == [minutes.meeting]
    assert (closed.to_write, closed.to_send) == ([], [minutes])
    assert not sent.to_write
    assert not sent.to_send


def test_a_meeting_held_with_its_kallelse_sent_elsewhere_is_to_write(
    federation, body, chef
):
    """The demo's meeting of 2024-04-26 has no kallelse in the portal."""
    held = MeetingFactory(body=body, date=DAY, status=Meeting.Status.PLANNED)

    assert todo_for(chef, federation, now=STARTED).to_write == [held]


def test_years_of_past_meetings_list_only_the_most_recent(federation, body, chef):
    """A förbund that imports its old meetings: the start page stays short."""
    old = [
        MeetingFactory(
            body=body, date=DAY - datetime.timedelta(days=30 * n), status="planned"
        )
        for n in range(1, 3 * PROTOKOLL_TODO_LIMIT)
    ]
    recent = sorted(old, key=lambda m: m.date)[-PROTOKOLL_TODO_LIMIT:]

    assert todo_for(chef, federation, now=STARTED).to_write == recent


def test_only_the_secretariat_is_asked_to_write(
    federation, meeting, ledamot, handlaggare
):
    assert not todo_for(ledamot, federation, now=STARTED)
    assert not todo_for(handlaggare, federation, now=STARTED)
    assert not todo_for(AnonymousUser(), federation, now=STARTED)


# --- Kallelser due ------------------------------------------------------------------


def test_a_kallelse_is_due_within_a_working_week_or_late(federation, body, chef):
    # Lead time 7 days: the meeting of 2024-03-21 (a Thursday) is due 2024-03-14.
    soon = MeetingFactory(body=body, date=datetime.date(2024, 3, 21), status="planned")
    MeetingFactory(body=body, date=datetime.date(2024, 4, 25), status="planned")
    late = MeetingFactory(body=body, date=datetime.date(2024, 3, 11), status="planned")
    MeetingFactory(body=body, date=datetime.date(2024, 3, 20))  # published

    due = todo_for(chef, federation, now=_at(datetime.date(2024, 3, 8), 12))

    assert [(d.meeting, d.due_on, d.is_late) for d in due.kallelser_due] == [
        (late, datetime.date(2024, 3, 4), True),
        (soon, datetime.date(2024, 3, 14), False),
    ]


def test_a_kallelse_due_on_a_day_off_is_due_the_weekday_before(body):
    monday = MeetingFactory(body=body, date=datetime.date(2024, 12, 30))
    after_weekend = MeetingFactory(body=body, date=datetime.date(2024, 3, 11))

    def due(meeting, lead):
        meeting.body.kallelse_lead_days = lead
        return kallelse_due_on(meeting)

    assert due(monday, 10) == datetime.date(2024, 12, 20)  # a Friday
    assert due(monday, 6) == datetime.date(2024, 12, 23)  # not julafton
    assert due(after_weekend, 9) == datetime.date(2024, 3, 1)  # not the Saturday


# --- The justerare's and the ordförande's justering ---------------------------------


def test_the_justerare_and_the_chair_have_their_justering_to_do(
    federation, minutes, people, chef, ledamot
):
    chair_user = UserFactory(username="ordf")
    grant(chair_user, federation, Role.FORTROENDEVALD)
    people.ordf.user = chair_user
    people.ordf.save()
    _sent(minutes, people, chef)

    justerare = todo_for(ledamot, federation)
    chair = todo_for(chair_user, federation)

    assert [(a.minutes, a.role) for a in justerare.to_justera] == [
        (minutes, Approval.Role.JUSTERARE)
    ]
    assert [(a.minutes, a.role) for a in chair.to_justera] == [
        (minutes, Approval.Role.ORDFORANDE)
    ]
    assert not todo_for(chef, federation, now=STARTED).to_justera


def test_no_justering_to_do_on_a_meeting_the_user_may_not_see(
    client, federation, minutes, people, chef
):
    """A justerare with no seat in the body that day would get a 404 from the
    protokoll: it is not on the list."""
    stranger = UserFactory(username="stranger")
    grant(stranger, federation, Role.FORTROENDEVALD)
    person = PersonFactory(federation=federation, user=stranger)
    _sent(minutes, people, chef)
    Approval.objects.create(minutes=minutes, person=person, role="justerare")
    client.force_login(stranger)

    page = client.get(
        reverse("minutes:detail", args=[federation.slug, minutes.meeting_id])
    )

    assert page.status_code == 404
    assert todo_for(stranger, federation).to_justera == []


# --- Tenancy and query count ----------------------------------------------------------


def test_the_list_of_one_federation_never_shows_the_other(
    federation, other_federation, meeting, chef
):
    """The chef is Administratör in both; each förbund's list is its own."""
    grant(chef, other_federation, Role.ADMINISTRATOR)
    other_body = BodyFactory(federation=other_federation, name="Andra direktionen")
    theirs = MeetingFactory(body=other_body, date=DAY)

    ours = todo_for(chef, federation, now=STARTED)
    other = todo_for(chef, other_federation, now=STARTED)

    assert ours.to_write == [meeting]
    assert other.to_write == [theirs]


def _fill(body, count):
    for i in range(count):
        MeetingFactory(body=body, date=DAY - datetime.timedelta(days=i + 1))
        MeetingFactory(
            body=body,
            date=DAY + datetime.timedelta(days=7 + i % 3),
            starts_at=datetime.time(8 + i),
            ends_at=None,
            status="planned",
        )


def _queries(user, federation) -> tuple[int, object]:
    user = type(user).objects.get(pk=user.pk)  # a fresh request's user: no access read
    with CaptureQueriesContext(connection) as queries:
        todo = todo_for(user, federation, now=STARTED)
    return len(queries), todo


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_meetings(
    federation, body, minutes, people, chef, django_assert_max_num_queries
):
    few, small = _queries(chef, federation)
    _fill(body, 8)
    many, large = _queries(chef, federation)

    assert len(large.to_write) == len(small.to_write) + 8
    assert len(large.kallelser_due) == len(small.kallelser_due) + 8
    assert many == few
    fresh = type(chef).objects.get(pk=chef.pk)
    with django_assert_max_num_queries(4):  # access, protokoll, kallelser, justering
        todo_for(fresh, federation, now=STARTED)


# --- The pages ----------------------------------------------------------------------


def test_the_start_page_shows_the_justerare_their_justering(
    client, federation, minutes, people, chef, ledamot
):
    _sent(minutes, people, chef)
    client.force_login(ledamot)

    page = client.get(reverse("federation:dashboard", args=[federation.slug]))

    html = page.content.decode()
    assert "Att göra" in html
    assert "Justera protokollet från Direktionen 2024-03-01" in html
    assert reverse("minutes:detail", args=[federation.slug, minutes.meeting_id]) in html


def test_the_start_page_of_two_federations_keeps_each_list_under_its_own(
    client, federation, other_federation, meeting, chef
):
    grant(chef, other_federation, Role.ADMINISTRATOR)
    other_body = BodyFactory(federation=other_federation, name="Andra direktionen")
    MeetingFactory(body=other_body, date=DAY)
    client.force_login(chef)

    html = client.get(reverse("home")).content.decode()

    # Only the list of the user's own förbund; the public overview below names both too.
    mine = html.split('<ul class="card-list">')[1].split("<h2>")[0]
    cards = mine.split('<li class="card">')[1:]
    (ours,) = [c for c in cards if federation.name in c]
    (theirs,) = [c for c in cards if other_federation.name in c]
    assert "Skriv protokollet från Direktionen 2024-03-01" in ours
    assert "Andra direktionen" not in ours
    assert "Skriv protokollet från Andra direktionen 2024-03-01" in theirs
    assert "Skriv protokollet från Direktionen 2024-03-01" not in theirs


def test_the_meeting_page_links_the_secretariat_to_the_protokoll_once_begun(
    client, federation, body, meeting, people, chef
):
    coming = MeetingFactory(
        body=body, date=timezone.localdate() + datetime.timedelta(3)
    )
    client.force_login(chef)

    held = client.get(
        reverse("meetings:meeting_detail", args=[federation.slug, meeting.pk])
    )
    later = client.get(
        reverse("meetings:meeting_detail", args=[federation.slug, coming.pk])
    )

    url = reverse("minutes:detail", args=[federation.slug, meeting.pk])
    assert f'href="{url}">Skriv protokollet</a>' in held.content.decode()
    assert "Skriv protokollet" not in later.content.decode()
    assert client.get(url).status_code == 200  # no link to a page that refuses


def test_the_meeting_page_links_the_justerare_once_sent(
    client, federation, minutes, people, chef, ledamot, handlaggare
):
    url = reverse("meetings:meeting_detail", args=[federation.slug, minutes.meeting_id])
    client.force_login(ledamot)
    while_draft = client.get(url).content.decode()
    _sent(minutes, people, chef)
    sent = client.get(url).content.decode()
    approve_minutes(minutes, user=ledamot, today=DAY + datetime.timedelta(days=7))
    given = client.get(url).content.decode()  # the ordförande's still to give
    client.force_login(handlaggare)
    for_staff = client.get(url).content.decode()

    assert "protokoll/" not in while_draft
    assert "Justera protokollet" in sent
    assert "Justera protokollet" not in given
    assert "Protokollet, skickat för justering" in given
    assert "/protokoll/" not in for_staff


def _link(user, federation, meeting_id):
    return protokoll_link(user, federation, protokoll_state(federation, meeting_id))


def test_the_link_follows_the_protokoll(federation, minutes, people, chef, ledamot):
    pk = minutes.meeting_id
    begun = _link(chef, federation, pk)
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    closed = _link(chef, federation, pk)
    send_for_justering(minutes, by=chef)

    assert (begun, closed) == ("write", "send")
    assert _link(chef, federation, pk) == "sent"
    assert _link(ledamot, federation, pk) == "justera"
    assert _link(AnonymousUser(), federation, pk) is None


def test_no_link_to_a_meeting_of_another_federation(
    federation, other_federation, minutes, chef
):
    grant(chef, other_federation, Role.ADMINISTRATOR)

    assert _link(chef, other_federation, minutes.meeting_id) is None


def test_a_meeting_not_yet_begun_has_no_link_even_with_items(federation, body, chef):
    coming = MeetingFactory(
        body=body, date=timezone.localdate() + datetime.timedelta(1)
    )
    AgendaItemFactory(meeting=coming, position=1, title="Budget")

    assert _link(chef, federation, coming.pk) is None
    start_minutes(coming, by=chef)  # begun early by the secretary: it is linked
    assert _link(chef, federation, coming.pk) == "write"
