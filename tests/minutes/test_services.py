import datetime

import pytest
from django.core.exceptions import ValidationError

from minutes.models import Ballot, Minutes, Paragraph, Vote
from minutes.quorum import quorum_for
from minutes.services import (
    add_disqualification,
    add_paragraph,
    add_paragraphs_from_agenda,
    add_yrkande,
    quorum_now,
    record_closed_vote,
    record_decision,
    record_open_vote,
    remove_paragraph,
    set_presence,
    set_serving,
    start_minutes,
    suggest_ersattare,
)
from tests.cases.factories import CaseFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import attendance

JA, NEJ, AVSTAR = Ballot.Choice.JA, Ballot.Choice.NEJ, Ballot.Choice.AVSTAR

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
    set_presence(attendance(minutes, people.e2), is_present=True, by=chef)
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
