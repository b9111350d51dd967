"""Demo protokoll: the Direktion meeting of 2024-03-01, justerat and anslaget.

Fictional attendance: one ledamot is absent and the ersättare first in turn serves; the
årsbokslut goes to a votering with a reservation. Rolf Rask (the `ledamot` account) is
one justerare and justerar as himself; the ordförande and the other justerare signed on
paper, which the secretary records. The story is the keyword row PROTOKOLL below,
naming persons by their keys in federation/demo_people.csv, a user by its username
and the ärende voted on by its key in cases/demo.py. Safe to run again: a meeting that
has a protokoll is left alone.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from federation.demo import lookup
from federation.models import Body, Person
from meetings.models import Meeting

from .models import Attendance, Minutes
from .quorum import quorum_for
from .services import (
    add_paragraphs_from_agenda,
    add_yrkande,
    announce_reservation,
    approve_minutes,
    choose_justerare,
    close_meeting,
    record_open_vote,
    record_signed_approval,
    send_for_justering,
    set_presence,
    set_serving,
    start_minutes,
    suggest_ersattare,
)


@dataclass(frozen=True)
class Votering:
    """An open vote on the § of an ärende, ja against nej; the nej side reserves."""

    case: str  # a key of CASES in cases/demo.py
    ja: str  # the person moving ja, a key of demo_people.csv
    ja_text: str
    nej: str
    nej_text: str
    reservation: str  # the nej side's motivation


@dataclass(frozen=True)
class ProtokollRow:
    body: str  # the body's short name
    day: datetime.date
    closed_at: datetime.time
    absent: list[str]  # ledamöter away, each replaced by the ersättare first in turn
    ersattare_present: list[str]  # the other ersättare are away
    justerare: list[str]
    justerar_online: str  # the demo user among the justerare; the rest sign on paper
    justerad: datetime.date
    votering: Votering


PROTOKOLL = ProtokollRow(
    body="Direktion",
    day=datetime.date(2024, 3, 1),
    closed_at=datetime.time(11, 50),
    absent=["bertil_hilding"],
    ersattare_present=["david_parsson", "karin_hermelin", "nils_arviden"],
    justerare=["rolf_rask", "maja_pihl"],
    justerar_online="ledamot",
    justerad=datetime.date(2024, 3, 8),  # a Friday, a week after the meeting
    votering=Votering(
        case="arsbokslut_2023",
        ja="rolf_rask",
        ja_text="Bifall till förslaget.",
        nej="anneli_carlen",
        nej_text="Återremiss för en fördjupad analys.",
        reservation="Analysen av underskottet räcker inte som underlag.",
    ),
)
AT = "PROTOKOLL in minutes/demo.py"


def load(context: dict) -> dict:
    row = PROTOKOLL
    users: dict[str, User] = context.get("users", {})
    chef = users.get("chef")
    body = Body.objects.filter(
        federation=context.get("sjuharad"), short_name=row.body
    ).first()
    meeting = Meeting.objects.filter(body=body, date=row.day).first()
    if meeting is None or chef is None:
        return {}
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return {"minutes": {row.day.isoformat(): existing}}
    people: dict[str, Person] = context.get("people", {})
    minutes = start_minutes(meeting, by=chef)
    _upprop(minutes, people, chef)
    add_paragraphs_from_agenda(minutes, by=chef)
    _votering(minutes, people, context.get("cases", {}), chef)
    justerare = [lookup(people, key, "person", AT) for key in row.justerare]
    choose_justerare(minutes, persons=justerare, planned_on=row.justerad, by=chef)
    closed_at = datetime.datetime.combine(row.day, row.closed_at)
    close_meeting(minutes, by=chef, at=timezone.make_aware(closed_at))
    send_for_justering(minutes, by=chef)
    online = lookup(users, row.justerar_online, "user", AT)
    # The ordförande (minutes.chair, from the register) justerar too.
    for person in [minutes.chair, *justerare]:
        if person is not None and person.user_id != online.pk:
            record_signed_approval(minutes, person=person, by=chef, today=row.justerad)
    approve_minutes(minutes, user=online, today=row.justerad)
    return {"minutes": {row.day.isoformat(): minutes}}


def _upprop(minutes: Minutes, people: dict[str, Person], chef: User) -> None:
    """The absent ledamöter, the ersättare serving for them, the ersättare away."""
    for key in PROTOKOLL.absent:
        absent = minutes.attendances.get(person=lookup(people, key, "person", AT))
        set_presence(absent, is_present=False, by=chef)
        suggestion = suggest_ersattare(minutes, absent.person)
        if suggestion:
            set_serving(suggestion[0], serving_for=absent.person, by=chef)
    present = {
        lookup(people, key, "person", AT).pk for key in PROTOKOLL.ersattare_present
    }
    for row in minutes.attendances.filter(role=Attendance.Role.ERSATTARE):
        # Ersättare start absent (services.default_presence): the present marked so.
        set_presence(row, is_present=row.person_id in present, by=chef)


def _votering(
    minutes: Minutes, people: dict[str, Person], cases: dict, chef: User
) -> None:
    """The § is put to a vote; the losing side reserves itself."""
    vote = PROTOKOLL.votering
    case = lookup(cases, vote.case, "ärende", AT)
    paragraph = minutes.paragraphs.get(agenda_item__case=case)
    ja_person = lookup(people, vote.ja, "person", AT)
    nej_person = lookup(people, vote.nej, "person", AT)
    voters = quorum_for(paragraph).participants
    ja = add_yrkande(paragraph, proposer=ja_person, text=vote.ja_text, by=chef)
    nej = add_yrkande(paragraph, proposer=nej_person, text=vote.nej_text, by=chef)
    ballots = {p.pk: "nej" if p == nej_person else "ja" for p in voters}
    record_open_vote(
        paragraph, ballots=ballots, ja_yrkande=ja, nej_yrkande=nej, by=chef
    )
    announce_reservation(
        paragraph, person=nej_person, motivation=vote.reservation, by=chef
    )
