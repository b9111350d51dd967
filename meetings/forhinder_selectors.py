"""Reads of förhinder, inkallelse and distance requests: the secretary's chain, a
person's own state per meeting, and the upprop's starting point."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from federation.models import Assignment, Person

from .forhinder_models import DistanceRequest, Forhinder, Inkallelse
from .models import BodyMeetingSettings, Meeting


@dataclass
class UppropPlan:
    """What the upprop starts from: who reported förhinder (absent), which
    ersättare said yes for whom (present, serving), who asked to be at a distance."""

    absent: set[int] = field(default_factory=set)
    serving_for: dict[int, int] = field(default_factory=dict)
    at_distance: set[int] = field(default_factory=set)


def upprop_plan(meeting: Meeting) -> UppropPlan:
    plan = UppropPlan()
    for forhinder in Forhinder.objects.filter(meeting=meeting).exclude(
        status=Forhinder.Status.WITHDRAWN
    ):
        plan.absent.add(forhinder.person_id)
        if forhinder.status == Forhinder.Status.FILLED and forhinder.filled_by_id:
            plan.serving_for[forhinder.filled_by_id] = forhinder.person_id
    settings = BodyMeetingSettings.objects.filter(body_id=meeting.body_id).first()
    if settings is not None and settings.allows_distance:
        plan.at_distance = set(
            DistanceRequest.objects.filter(
                meeting=meeting, withdrawn_at__isnull=True
            ).values_list("person_id", flat=True)
        )
    return plan


def chain_of(meeting: Meeting) -> list[Forhinder]:
    """Every förhinder of the meeting with its inkallelser in order (two queries)."""
    return list(
        Forhinder.objects.filter(meeting=meeting)
        .select_related("person__party", "filled_by")
        .prefetch_related(
            Prefetch(
                "inkallelser",
                Inkallelse.objects.select_related("person__party").order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("reported_at", "pk")
    )


def chain_context(meeting: Meeting) -> dict:
    """What the secretary's chain partial shows."""
    return {
        "meeting": meeting,
        "chain": chain_of(meeting),
        "distance_requests": distance_requests_of(meeting),
        "ersattare": ersattare_of(meeting),
    }


def distance_requests_of(meeting: Meeting) -> list[DistanceRequest]:
    return list(
        DistanceRequest.objects.filter(meeting=meeting, withdrawn_at__isnull=True)
        .select_related("person__party")
        .order_by("requested_at")
    )


def ersattare_of(meeting: Meeting) -> list[Person]:
    """The body's ersättare on the meeting's day, for the secretary's choice."""
    seats = (
        Assignment.objects.active_on(meeting.date)
        .filter(body_id=meeting.body_id, role=Assignment.Role.ERSATTARE)
        .select_related("person__party")
        .order_by("ersattare_order", "person__last_name")
    )
    return [seat.person for seat in seats]


@dataclass
class OwnState:
    """A person's förhinder and distance request for one meeting, for their card."""

    meeting: Meeting
    person: Person
    forhinder: Forhinder | None = None
    distance: DistanceRequest | None = None
    allows_distance: bool = False


def own_states(
    meetings: Iterable[Meeting], persons: list[Person]
) -> dict[int, OwnState]:
    """Meeting id → the state of the reader's person in it (the first of the
    reader's persons with a seat in the meeting's body). Four queries at most."""
    meetings = list(meetings)
    if not meetings or not persons:
        return {}
    by_pk = {p.pk: p for p in persons}
    seats = Assignment.objects.filter(
        person_id__in=by_pk, body_id__in={m.body_id for m in meetings}
    )
    seat_list = list(seats)
    states: dict[int, OwnState] = {}
    for meeting in meetings:
        seat = next(
            (
                s
                for s in seat_list
                if s.body_id == meeting.body_id and s.is_active_on(meeting.date)
            ),
            None,
        )
        if seat is not None:
            states[meeting.pk] = OwnState(meeting=meeting, person=by_pk[seat.person_id])
    ids = list(states)
    for forhinder in Forhinder.objects.filter(meeting_id__in=ids, person_id__in=by_pk):
        state = states[forhinder.meeting_id]
        if state.person.pk == forhinder.person_id:
            state.forhinder = forhinder
    for request in DistanceRequest.objects.filter(
        meeting_id__in=ids, person_id__in=by_pk
    ):
        state = states[request.meeting_id]
        if state.person.pk == request.person_id:
            state.distance = request
    allowed = set(
        BodyMeetingSettings.objects.filter(
            body_id__in={m.body_id for m in meetings}, allows_distance=True
        ).values_list("body_id", flat=True)
    )
    for state in states.values():
        state.allows_distance = state.meeting.body_id in allowed
    return states
