import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from minutes.models import Anslag, Ballot, Minutes, Paragraph, Vote
from minutes.quorum import quorum_for
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
    quorum_now,
    record_closed_vote,
    record_correction,
    record_decision,
    record_open_vote,
    remove_paragraph,
    send_for_justering,
    set_presence,
    set_serving,
    start_minutes,
    suggest_ersattare,
    take_down_expired_anslag,
    update_reservation_motivation,
)
from tests.cases.factories import CaseFactory
from tests.factories import UserFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import attendance

JA, NEJ, AVSTAR = Ballot.Choice.JA, Ballot.Choice.NEJ, Ballot.Choice.AVSTAR
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


# --- Upprop and ersättare ------------------------------------------------------------


def test_start_minutes_takes_the_kallade_as_upprop(minutes, people):
    roles = list(minutes.attendances.values_list("person__first_name", "role"))

    assert roles == [
        ("Olle", "ordforande"),
        ("Lisa", "ledamot"),
        ("Leif", "ledamot"),
        ("Lena", "ledamot"),
        ("Lars", "ledamot"),
        ("Eva", "ersattare"),
        ("Erik", "ersattare"),
        ("Emma", "ersattare"),
    ]
    assert minutes.chair == people.ordf


def test_start_minutes_twice_gives_the_same_protokoll(minutes, meeting, chef):
    again = start_minutes(meeting, by=chef)

    assert again.pk == minutes.pk
    assert Minutes.objects.count() == 1
    assert minutes.attendances.count() == 8


def test_suggest_ersattare_puts_the_personal_ersattare_first(minutes, people, chef):
    set_presence(attendance(minutes, people.l2), is_present=False, by=chef)

    for_l2 = suggest_ersattare(minutes, people.l2)
    for_l3 = suggest_ersattare(minutes, people.l3)

    assert [a.person for a in for_l2] == [people.e3, people.e1, people.e2]
    assert [a.person for a in for_l3] == [people.e1, people.e2, people.e3]


def test_set_serving_refused_for_a_present_ledamot(minutes, people, chef):
    with pytest.raises(ValidationError) as error:
        set_serving(attendance(minutes, people.e1), serving_for=people.l2, by=chef)

    assert error.value.messages == [
        "Lars Två är närvarande; en ersättare tjänstgör bara för en frånvarande "
        "ledamot."
    ]


def test_set_serving_refuses_two_ersattare_for_one_ledamot(minutes, people, chef):
    set_presence(attendance(minutes, people.l2), is_present=False, by=chef)
    set_serving(attendance(minutes, people.e1), serving_for=people.l2, by=chef)

    with pytest.raises(ValidationError):
        set_serving(attendance(minutes, people.e2), serving_for=people.l2, by=chef)


# --- Beslutförhet --------------------------------------------------------------------


def test_quorum_counts_serving_ersattare_and_drops_jav(minutes, people, chef):
    for person in (people.l2, people.l3):
        set_presence(attendance(minutes, person), is_present=False, by=chef)
    first = add_paragraph(minutes, title="Första", by=chef)
    second = add_paragraph(minutes, title="Andra", by=chef)

    before = quorum_now(minutes)
    set_serving(attendance(minutes, people.e1), serving_for=people.l2, by=chef)
    with_ersattare = quorum_now(minutes)
    add_disqualification(second, person=people.l4, by=chef)
    add_disqualification(second, person=people.e1, by=chef)

    assert (before.count, before.is_quorate) == (3, True)
    assert (with_ersattare.count, with_ersattare.is_quorate) == (4, True)
    assert (quorum_for(first).count, quorum_for(first).is_quorate) == (4, True)
    assert (quorum_for(second).count, quorum_for(second).is_quorate) == (2, False)
    assert quorum_for(second).needed == 3


def test_quorum_jav_with_an_ersattare_for_that_paragraph_alone(minutes, people, chef):
    first = add_paragraph(minutes, title="Första", by=chef)
    second = add_paragraph(minutes, title="Andra", by=chef)

    add_disqualification(first, person=people.l1, replaced_by=people.e2, by=chef)

    assert people.e2.pk in quorum_for(first).participant_ids
    assert people.l1.pk not in quorum_for(first).participant_ids
    assert quorum_for(first).serving_for == {people.e2.pk: people.l1}
    assert people.e2.pk not in quorum_for(second).participant_ids
    assert quorum_for(second).count == 5


# --- § numbering ---------------------------------------------------------------------


def test_paragraph_numbers_run_on_across_meetings_and_restart_each_year(
    minutes, body, people, chef
):
    add_paragraphs_from_agenda(minutes, by=chef)
    april = start_minutes(
        MeetingFactory(body=body, date=datetime.date(2024, 4, 5)), by=chef
    )
    january = start_minutes(
        MeetingFactory(body=body, date=datetime.date(2025, 1, 20)), by=chef
    )

    april_numbers = [add_paragraph(april, title=t, by=chef).number for t in "ab"]
    next_year = add_paragraph(january, title="Nytt år", by=chef)

    assert list(minutes.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    assert april_numbers == [4, 5]
    assert (next_year.year, next_year.number) == (2025, 1)


def test_paragraph_refused_on_an_earlier_meeting_after_a_later_one_began(
    minutes, body, chef
):
    april = start_minutes(
        MeetingFactory(body=body, date=datetime.date(2024, 4, 5)), by=chef
    )
    add_paragraph(april, title="April", by=chef)

    with pytest.raises(ValidationError):
        add_paragraph(minutes, title="Sent", by=chef)


def test_beslut_text_starts_as_the_case_proposal(minutes, meeting, chef):
    case = CaseFactory(federation=meeting.body.federation, proposal="Anta budgeten")
    item = AgendaItemFactory(meeting=meeting, position=9, title="Budget", case=case)

    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)

    assert paragraph.decision_text == "Anta budgeten"
    assert paragraph.outcome == Paragraph.Outcome.DECIDED


def test_upprop_item_becomes_a_noted_paragraph(minutes, chef):
    paragraphs = add_paragraphs_from_agenda(minutes, by=chef)

    assert [(p.title, p.outcome) for p in paragraphs] == [
        ("Upprop", "noted"),
        ("Budget 2025", "decided"),
        ("Val av revisor", "decided"),
    ]


def test_remove_paragraph_only_the_last(minutes, chef):
    first = add_paragraph(minutes, title="Ett", by=chef)
    second = add_paragraph(minutes, title="Två", by=chef)

    with pytest.raises(ValidationError):
        remove_paragraph(first, by=chef)
    remove_paragraph(second, by=chef)
    third = add_paragraph(minutes, title="Tre", by=chef)

    assert third.number == 2


def test_bordlagt_decision(minutes, chef):
    paragraph = add_paragraph(minutes, title="Ett", by=chef)

    record_decision(
        paragraph,
        decision_text="Ärendet bordläggs till nästa sammanträde.",
        outcome=Paragraph.Outcome.BORDLAGT,
        by=chef,
    )

    paragraph.refresh_from_db()
    assert paragraph.get_outcome_display() == "Bordlagt"


# --- Votering ------------------------------------------------------------------------


def test_open_vote_majority(minutes, people, chef):
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    ja = add_yrkande(paragraph, proposer=people.l1, text="Bifall", by=chef)
    nej = add_yrkande(paragraph, proposer=people.l2, text="Avslag", by=chef)
    ballots = {
        people.ordf.pk: JA,
        people.l1.pk: JA,
        people.l2.pk: NEJ,
        people.l3.pk: JA,
        people.l4.pk: AVSTAR,
    }

    vote = record_open_vote(
        paragraph, ballots=ballots, ja_yrkande=ja, nej_yrkande=nej, by=chef
    )

    assert (vote.ja_count, vote.nej_count, vote.avstar_count) == (3, 1, 1)
    assert (vote.result, vote.casting_vote) == (Vote.Result.JA, False)
    assert vote.ballots.count() == 5


def test_open_vote_tie_decided_by_the_ordforande(minutes, people, chef):
    set_presence(attendance(minutes, people.l4), is_present=False, by=chef)
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    ballots = {
        people.ordf.pk: NEJ,
        people.l1.pk: JA,
        people.l2.pk: NEJ,
        people.l3.pk: JA,
    }

    vote = record_open_vote(paragraph, ballots=ballots, by=chef)

    assert (vote.ja_count, vote.nej_count) == (2, 2)
    assert (vote.result, vote.casting_vote) == (Vote.Result.NEJ, True)


def test_open_vote_tie_refused_when_the_ordforande_abstains(minutes, people, chef):
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    ballots = {
        people.ordf.pk: AVSTAR,
        people.l1.pk: JA,
        people.l2.pk: NEJ,
        people.l3.pk: JA,
        people.l4.pk: NEJ,
    }

    with pytest.raises(ValidationError) as error:
        record_open_vote(paragraph, ballots=ballots, by=chef)

    assert error.value.messages == [
        "Lika röstetal: ordföranden måste rösta ja eller nej för att avgöra."
    ]


def test_open_vote_needs_exactly_the_serving_members(minutes, people, chef):
    set_presence(attendance(minutes, people.l2), is_present=False, by=chef)
    set_serving(attendance(minutes, people.e1), serving_for=people.l2, by=chef)
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    with_absent = {
        p.pk: JA for p in (people.ordf, people.l1, people.l2, people.l3, people.l4)
    }
    serving = {
        p.pk: JA for p in (people.ordf, people.l1, people.e1, people.l3, people.l4)
    }

    with pytest.raises(ValidationError):
        record_open_vote(paragraph, ballots=with_absent, by=chef)
    vote = record_open_vote(paragraph, ballots=serving, by=chef)

    assert vote.ja_count == 5


def test_closed_vote_records_only_the_result(minutes, chef):
    paragraph = add_paragraph(minutes, title="Val", by=chef)

    vote = record_closed_vote(
        paragraph, ja_count=3, nej_count=2, result="ja", result_text="Vald: A", by=chef
    )

    assert (vote.kind, vote.ballots.count(), vote.result) == ("closed", 0, "ja")


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
