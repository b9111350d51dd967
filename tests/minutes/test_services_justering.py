"""The services of reservation, justering, anslag and rättelse."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from minutes.models import Anslag, Minutes, Paragraph
from minutes.services import (
    add_disqualification,
    add_paragraph,
    add_paragraphs_from_agenda,
    add_yrkande,
    announce_reservation,
    approve_minutes,
    choose_justerare,
    close_meeting,
    comment_minutes,
    justera_immediately,
    record_correction,
    record_decision,
    remove_paragraph,
    send_for_justering,
    set_presence,
    take_down_expired_anslag,
    update_reservation_motivation,
)
from tests.factories import UserFactory

from .conftest import attendance

FRIDAY = datetime.date(2024, 3, 8)


def _users_for(people, *persons):
    users = []
    for person in persons:
        person.user = UserFactory(username=f"u{person.pk}")
        person.save()
        users.append(person.user)
    return users


def _ready_for_justering(minutes, people, chef):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    return send_for_justering(minutes, by=chef)


# --- Reservation ---------------------------------------------------------------------


def test_reservation_refused_after_the_meeting_closed(minutes, people, chef):
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    close_meeting(minutes, by=chef)

    with pytest.raises(ValidationError) as error:
        announce_reservation(paragraph, person=people.l2, by=chef)

    assert error.value.messages == [
        "Sammanträdet är avslutat; en reservation skulle ha anmälts före dess."
    ]


def test_reservation_motivation_editable_until_justering(minutes, people, chef):
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    reservation = announce_reservation(paragraph, person=people.l2, by=chef)
    choose_justerare(minutes, persons=[people.l1], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)

    update_reservation_motivation(reservation, motivation="Skriftlig", by=chef)
    for user in [*_users_for(people, people.ordf), people.l1.user]:
        approve_minutes(minutes, user=user, today=FRIDAY)

    with pytest.raises(ValidationError):
        update_reservation_motivation(reservation, motivation="Senare", by=chef)
    reservation.refresh_from_db()
    assert reservation.motivation == "Skriftlig"


# --- Justering -----------------------------------------------------------------------


def test_justering_needs_every_justerare_and_the_ordforande(minutes, people, chef):
    add_paragraphs_from_agenda(minutes, by=chef)
    choose_justerare(minutes, persons=[people.l1, people.l3], by=chef)
    close_meeting(minutes, by=chef)
    send_for_justering(minutes, by=chef)
    chair_user, l3_user = _users_for(people, people.ordf, people.l3)

    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=l3_user, today=FRIDAY)
    minutes.refresh_from_db()
    status_before_chair = minutes.status
    approve_minutes(minutes, user=chair_user, today=FRIDAY)
    minutes.refresh_from_db()

    assert status_before_chair == Minutes.Status.SENT
    assert minutes.status == Minutes.Status.JUSTERAT
    assert minutes.justerat_on == FRIDAY
    assert minutes.meeting.status == Meeting.Status.POSTED


def test_send_for_justering_mails_the_justerare_and_ordforande(
    minutes, people, chef, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ready_for_justering(minutes, people, chef)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lisa@example.se", "olle@example.se"]
    assert mail.outbox[0].subject == "Protokoll att justera: Dir 2024-03-01"


def test_approve_refused_for_someone_not_chosen(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (l2_user,) = _users_for(people, people.l2)

    with pytest.raises(ValidationError):
        approve_minutes(minutes, user=l2_user)


def test_comment_sends_back_to_draft_and_clears_approvals(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (chair_user,) = _users_for(people, people.ordf)
    approve_minutes(minutes, user=chair_user)

    comment_minutes(minutes, user=people.l1.user, comment="§ 2 fel belopp")

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert list(minutes.approvals.values_list("approved_at", "comment")) == [
        (None, "§ 2 fel belopp"),
        (None, ""),
    ]


def test_anslag_of_a_friday_justering(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (chair_user,) = _users_for(people, people.ordf)

    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=chair_user, today=FRIDAY)

    anslag = Anslag.objects.get(minutes=minutes)
    assert FRIDAY.weekday() == 4
    assert anslag.posted_on == FRIDAY
    # Three weeks end on långfredagen 2024-03-29: the time runs past Easter to the
    # next weekday (Lag (1930:173)), and the anslag stays up until then.
    assert anslag.appeal_ends_on == datetime.date(2024, 4, 2)
    assert anslag.takes_down_on == datetime.date(2024, 4, 2)


def test_anslag_ends_three_weeks_later_on_a_weekday(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (chair_user,) = _users_for(people, people.ordf)
    tuesday = datetime.date(2024, 4, 9)

    approve_minutes(minutes, user=people.l1.user, today=tuesday)
    approve_minutes(minutes, user=chair_user, today=tuesday)

    anslag = Anslag.objects.get(minutes=minutes)
    assert anslag.appeal_ends_on == datetime.date(2024, 4, 30)  # exactly 21 days


def test_take_down_expired_anslag_after_the_last_day(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (chair_user,) = _users_for(people, people.ordf)
    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=chair_user, today=FRIDAY)

    # The last day is Tuesday 2024-04-02 (three weeks end on långfredagen).
    on_last_day = take_down_expired_anslag(datetime.date(2024, 4, 2))
    next_day = take_down_expired_anslag(datetime.date(2024, 4, 3))
    again = take_down_expired_anslag(datetime.date(2024, 4, 4))

    assert (on_last_day, next_day, again) == (0, 1, 0)
    assert Anslag.objects.get().taken_down_on == datetime.date(2024, 4, 3)
    assert Minutes.objects.get().status == Minutes.Status.JUSTERAT


@pytest.fixture
def justerat(minutes, people, chef):
    _ready_for_justering(minutes, people, chef)
    (chair_user,) = _users_for(people, people.ordf)
    approve_minutes(minutes, user=people.l1.user, today=FRIDAY)
    approve_minutes(minutes, user=chair_user, today=FRIDAY)
    minutes.refresh_from_db()
    return minutes


@pytest.mark.parametrize(
    "edit",
    [
        lambda m, p, u: add_paragraph(m, title="Ny", by=u),
        lambda m, p, u: record_decision(
            m.paragraphs.last(), decision_text="Annat", outcome="decided", by=u
        ),
        lambda m, p, u: add_disqualification(m.paragraphs.last(), person=p.l2, by=u),
        lambda m, p, u: add_yrkande(
            m.paragraphs.last(), proposer=p.l2, text="Avslag", by=u
        ),
        lambda m, p, u: set_presence(attendance(m, p.l4), is_present=False, by=u),
        lambda m, p, u: choose_justerare(m, persons=[p.l3], by=u),
        lambda m, p, u: remove_paragraph(m.paragraphs.last(), by=u),
    ],
)
def test_locked_protokoll_refuses_edits_in_the_service(justerat, people, chef, edit):
    history_before = Paragraph.history.count()

    with pytest.raises(ValidationError) as error:
        edit(justerat, people, chef)

    assert error.value.messages == [
        "Protokollet är justerat och låst; bara en rättelse kan ändra det."
    ]
    assert Paragraph.history.count() == history_before


def test_correction_makes_a_new_version_with_who_and_why(justerat, chef):
    paragraph = justerat.paragraphs.get(number=2)

    correction = record_correction(
        paragraph, decision_text="Rättad text", reason="Skrivfel", by=chef
    )

    justerat.refresh_from_db()
    paragraph.refresh_from_db()
    assert (justerat.version, correction.version) == (2, 2)
    assert paragraph.decision_text == "Rättad text"
    assert paragraph.history.first().history_change_reason == "rättelse v2: Skrivfel"
    assert paragraph.history.first().history_user == chef


def test_justera_immediately_locks_one_paragraph_and_posts_it(minutes, chef):
    paragraph = add_paragraph(minutes, title="Brådskande", by=chef)
    record_decision(paragraph, decision_text="Beslut", outcome="decided", by=chef)

    anslag = justera_immediately(paragraph, by=chef, today=datetime.date(2024, 3, 1))

    assert (anslag.paragraph, anslag.posted_on) == (
        paragraph,
        datetime.date(2024, 3, 1),
    )
    with pytest.raises(ValidationError):
        record_decision(paragraph, decision_text="Annat", outcome="decided", by=chef)
