"""Demo protokoll: the Direktion meeting of 2024-03-01, justerat and anslaget.

Fictional attendance: one ledamot is absent and an ersättare serves; the årsbokslut goes
to a votering with a reservation. Rolf Rask (the `ledamot` account) is one justerare and
justerar as himself; the ordförande and the other justerare signed on paper, which the
secretary records. Safe to run again: a meeting that has a protokoll is left alone.
"""

import datetime

from django.utils import timezone

from federation.models import Assignment, Body
from meetings.models import Meeting

from .models import Attendance, Minutes, Paragraph
from .services import (
    add_paragraphs_from_agenda,
    add_yrkande,
    announce_reservation,
    approve_minutes,
    choose_justerare,
    close_meeting,
    record_decision,
    record_open_vote,
    record_signed_approval,
    send_for_justering,
    set_presence,
    set_serving,
    start_minutes,
    suggest_ersattare,
)

DAY = datetime.date(2024, 3, 1)
JUSTERAD = datetime.date(2024, 3, 8)  # a Friday, a week after the meeting


def load(context: dict) -> dict:
    federation = context.get("sjuharad")
    users = context.get("users", {})
    chef, rolf_user = users.get("chef"), users.get("ledamot")
    body = Body.objects.filter(federation=federation, short_name="Direktion").first()
    meeting = Meeting.objects.filter(body=body, date=DAY).first()
    if meeting is None or chef is None or rolf_user is None:
        return {}
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return {"minutes": {"march": existing}}
    minutes = start_minutes(meeting, by=chef)
    rolf = minutes.attendances.get(person__user=rolf_user).person
    _upprop(minutes, rolf, chef)
    add_paragraphs_from_agenda(minutes, by=chef)
    _votering(minutes, rolf, chef)
    others = [
        a.person
        for a in minutes.attendances.filter(
            role=Assignment.Role.LEDAMOT, is_present=True
        )
        if a.person_id != rolf.pk
    ]
    choose_justerare(minutes, persons=[rolf, others[0]], planned_on=JUSTERAD, by=chef)
    close_meeting(
        minutes,
        by=chef,
        at=timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(11, 50))),
    )
    send_for_justering(minutes, by=chef)
    record_signed_approval(minutes, person=minutes.chair, by=chef, today=JUSTERAD)
    record_signed_approval(minutes, person=others[0], by=chef, today=JUSTERAD)
    approve_minutes(minutes, user=rolf_user, today=JUSTERAD)
    return {"minutes": {"march": minutes}}


def _upprop(minutes: Minutes, rolf, chef) -> None:
    """One ledamot is away; the ersättare first in turn serves for them."""
    absent = (
        minutes.attendances.filter(role=Assignment.Role.LEDAMOT)
        .exclude(person=rolf)
        .last()
    )
    set_presence(absent, is_present=False, by=chef)
    suggestion = suggest_ersattare(minutes, absent.person)
    if suggestion:
        set_serving(suggestion[0], serving_for=absent.person, by=chef)
    for row in minutes.attendances.filter(role=Attendance.Role.ERSATTARE)[3:]:
        set_presence(row, is_present=False, by=chef)


def _votering(minutes: Minutes, rolf, chef) -> None:
    """The årsbokslut is put to a vote; the losing side reserves itself."""
    from .quorum import quorum_for

    paragraph = minutes.paragraphs.filter(title__icontains="bokslut").first()
    if paragraph is None:
        paragraph = minutes.paragraphs.filter(outcome=Paragraph.Outcome.DECIDED).first()
    if paragraph is None:
        return
    if not paragraph.decision_text:
        record_decision(
            paragraph,
            decision_text="Direktionen godkänner årsbokslutet.",
            outcome=Paragraph.Outcome.DECIDED,
            by=chef,
        )
    voters = quorum_for(paragraph).participants
    dissenter = next(p for p in voters if p.pk not in (rolf.pk, minutes.chair_id))
    ja = add_yrkande(paragraph, proposer=rolf, text="Bifall till förslaget.", by=chef)
    nej = add_yrkande(
        paragraph,
        proposer=dissenter,
        text="Återremiss för en fördjupad analys.",
        by=chef,
    )
    ballots = {p.pk: "ja" for p in voters}
    ballots[dissenter.pk] = "nej"
    record_open_vote(
        paragraph, ballots=ballots, ja_yrkande=ja, nej_yrkande=nej, by=chef
    )
    announce_reservation(
        paragraph,
        person=dissenter,
        motivation="Analysen av underskottet räcker inte som underlag.",
        by=chef,
    )
