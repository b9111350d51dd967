"""Who is asked next when a ledamot reports förhinder: the body's ersättare in the
order the body decided (BodyMeetingSettings.ersattare_steps, docs/glossary.md).

Each step picks among the ersättare of the body on the meeting's date; within a step
they come in the body's order (Assignment.ersattare_order, then name). A person
comes once, at their first step. A step left out of the body's list is not taken: a
body with only ["personal"] asks the personal ersättare and nobody else.
"""

from collections.abc import Callable
from dataclasses import dataclass

from federation.models import Assignment

from .forhinder_models import (
    BODY_ORDER,
    PERSONAL,
    SAME_MEMBER,
    SAME_PARTY,
    Forhinder,
    Inkallelse,
)
from .models import BodyMeetingSettings, Meeting


@dataclass(frozen=True)
class Candidate:
    seat: Assignment
    step: str


def _body_order(seat: Assignment) -> tuple:
    return (
        seat.ersattare_order or 999,
        seat.person.last_name,
        seat.person.first_name,
        seat.pk,
    )


def _party_of(abbreviation: str, groups: list) -> set[str]:
    """The party and those it counts as one with (a party group of the body)."""
    for group in groups:
        if isinstance(group, list) and abbreviation in group:
            return {str(party) for party in group}
    return {abbreviation}


def _step_rules(
    absent_seat: Assignment | None, absent_party: str, groups: list
) -> dict[str, Callable[[Assignment], bool]]:
    absent_id = absent_seat.person_id if absent_seat else None
    member_id = absent_seat.representing_id if absent_seat else None
    parties = _party_of(absent_party, groups) if absent_party else set()
    return {
        PERSONAL: lambda s: (
            absent_id is not None and s.personal_ersattare_for_id == absent_id
        ),
        SAME_MEMBER: lambda s: member_id is not None and s.representing_id == member_id,
        SAME_PARTY: lambda s: (
            s.person.party is not None and s.person.party.abbreviation in parties
        ),
        BODY_ORDER: lambda s: True,
    }


def ersattare_in_order(
    meeting: Meeting, absent_seat: Assignment | None, settings: BodyMeetingSettings
) -> list[Candidate]:
    """Every ersättare of the body on the day, in the order they would be asked."""
    seats = sorted(
        Assignment.objects.active_on(meeting.date)
        .filter(body_id=meeting.body_id, role=Assignment.Role.ERSATTARE)
        .select_related("person__party"),
        key=_body_order,
    )
    party = ""
    if absent_seat is not None and absent_seat.person.party is not None:
        party = absent_seat.person.party.abbreviation
    rules = _step_rules(absent_seat, party, settings.party_groups or [])
    ordered: list[Candidate] = []
    seen: set[int] = set()
    for step in settings.ersattare_steps:
        rule = rules.get(step)
        if rule is None:
            continue
        for seat in seats:
            if seat.person_id not in seen and rule(seat):
                seen.add(seat.person_id)
                ordered.append(Candidate(seat=seat, step=step))
    return ordered


def unavailable(meeting: Meeting, forhinder: Forhinder) -> set[int]:
    """Persons not to ask for this seat: asked for it before, with förhinder of
    their own, asked or serving for another seat, or who said they cannot come."""
    busy = Inkallelse.objects.filter(forhinder__meeting=meeting).exclude(
        forhinder=forhinder
    )
    return (
        set(forhinder.inkallelser.values_list("person_id", flat=True))
        | set(
            Forhinder.objects.filter(meeting=meeting)
            .exclude(status=Forhinder.Status.WITHDRAWN)
            .values_list("person_id", flat=True)
        )
        | set(
            busy.filter(
                status__in=[
                    Inkallelse.Status.ASKED,
                    Inkallelse.Status.ACCEPTED,
                    Inkallelse.Status.DECLINED,
                ]
            ).values_list("person_id", flat=True)
        )
    )


def absent_seat_of(forhinder: Forhinder) -> Assignment | None:
    """The beslutande seat the förhinder leaves empty, if the person holds one."""
    meeting = forhinder.meeting
    return (
        Assignment.objects.active_on(meeting.date)
        .filter(
            body_id=meeting.body_id,
            person_id=forhinder.person_id,
            role__in=Assignment.BESLUTANDE,
        )
        .select_related("person__party")
        .first()
    )
