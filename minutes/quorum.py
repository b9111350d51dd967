"""Who takes part in each §, and whether the body is beslutför there.

Kommunallagen: a body is beslutför when more than half of its ledamöter take part. A
tjänstgörande ersättare counts for the ledamot they replace; a ledamot with jäv does not
take part in that § (an ersättare may serve for that § alone).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from federation.models import Person

from .models import Attendance, Disqualification, Minutes, Paragraph


@dataclass
class Quorum:
    seats: int
    participants: list[Person] = field(default_factory=list)
    serving_for: dict[int, Person] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.participants)

    @property
    def needed(self) -> int:
        return self.seats // 2 + 1

    @property
    def is_quorate(self) -> bool:
        return self.count * 2 > self.seats

    @property
    def participant_ids(self) -> set[int]:
        return {p.pk for p in self.participants}


def load_attendances(minutes: Minutes) -> list[Attendance]:
    return list(
        minutes.attendances.select_related(
            "person__party", "serving_for", "arrived_at", "left_after"
        )
    )


def quorum_at(
    attendances: list[Attendance],
    number: int | None,
    disqualifications: Sequence[Disqualification] = (),
) -> Quorum:
    """The participants at the § with this number (None: the meeting as a whole)."""
    seats = [a for a in attendances if a.is_beslutande_seat]
    there = {
        a.person_id
        for a in attendances
        if (a.is_present if number is None else a.is_there_at(number))
    }
    jav = {d.person_id for d in disqualifications}
    result = Quorum(seats=len(seats))
    for seat in seats:
        if seat.person_id in there and seat.person_id not in jav:
            result.participants.append(seat.person)
    for a in attendances:
        if (
            a.serving_for_id
            and a.person_id in there
            and a.person_id not in jav
            and a.serving_for_id not in there
            and a.serving_for is not None
        ):
            result.participants.append(a.person)
            result.serving_for[a.person_id] = a.serving_for
    taken = result.participant_ids
    for d in disqualifications:
        if (
            d.replaced_by_id
            and d.replaced_by_id in there
            and d.replaced_by_id not in taken
            and d.replaced_by is not None
        ):
            result.participants.append(d.replaced_by)
            result.serving_for[d.replaced_by_id] = d.person
    return result


def quorum_for(paragraph: Paragraph) -> Quorum:
    return quorum_at(
        load_attendances(paragraph.minutes),
        paragraph.number,
        list(paragraph.disqualifications.select_related("person", "replaced_by")),
    )


def quorum_table(
    minutes: Minutes, paragraphs: list[Paragraph], attendances: list[Attendance]
) -> dict[int, Quorum]:
    """Each §'s quorum from rows already loaded (disqualifications prefetched)."""
    return {
        p.pk: quorum_at(attendances, p.number, list(p.disqualifications.all()))
        for p in paragraphs
    }
