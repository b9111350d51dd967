"""Närvaro: the upprop, presence, arrivals and departures, ersättare serving."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from federation.models import Assignment, Person
from meetings.models import Meeting
from meetings.selectors import kallade_for
from minutes.models import Attendance, Minutes, Paragraph
from minutes.quorum import Quorum, load_attendances, quorum_at

from .editing import _editable


@transaction.atomic
def start_minutes(meeting: Meeting, *, by: User | None) -> Minutes:
    """The protokoll of the meeting with its upprop from the kallade; idempotent."""
    meeting = (
        Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    )
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    kallade = kallade_for(meeting)
    composition = kallade.composition
    chair = composition.ordforande
    secretary = (
        Person.objects.filter(federation_id=meeting.body.federation_id, user=by).first()
        if by
        else None
    )
    minutes = Minutes(
        meeting=meeting, chair=chair.person if chair else None, secretary=secretary
    )
    history.save(minutes, by=by, reason="start_minutes")
    seats = [*composition.beslutande, *composition.ersattare, *composition.adjungerade]
    rows = [
        Attendance(minutes=minutes, person=seat.person, role=seat.role, position=i)
        for i, seat in enumerate(seats)
    ]
    seated = {seat.person_id for seat in seats}
    rows += [
        Attendance(
            minutes=minutes,
            person=person,
            role=Attendance.Role.OTHER,
            position=len(seats) + i,
        )
        for i, person in enumerate(kallade.invited)
        if person.pk not in seated
    ]
    for row in rows:
        history.save(row, by=by, reason="start_minutes")
    return minutes


@transaction.atomic
def set_presence(
    attendance: Attendance, *, is_present: bool, by: User | None
) -> Attendance:
    _editable(attendance.minutes)
    attendance.is_present = is_present
    if not is_present:
        attendance.serving_for = None
        attendance.arrived_at = attendance.left_after = None
    history.save(attendance, by=by, reason="set_presence")
    return attendance


@transaction.atomic
def set_span(
    attendance: Attendance,
    *,
    arrived_at: Paragraph | None,
    left_after: Paragraph | None,
    by: User | None,
) -> Attendance:
    """Record that a person came at one § or left after another."""
    minutes = _editable(attendance.minutes)
    for paragraph in (arrived_at, left_after):
        if paragraph is not None and paragraph.minutes_id != minutes.pk:
            raise ValidationError(_("Choose a § of these minutes."))
    if arrived_at and left_after and arrived_at.number > left_after.number:
        raise ValidationError(_("A person cannot leave before arriving."))
    if not attendance.is_present:
        raise ValidationError(_("Mark the person present first."))
    attendance.arrived_at, attendance.left_after = arrived_at, left_after
    history.save(attendance, by=by, reason="set_span")
    return attendance


@transaction.atomic
def record_attendance(
    attendance: Attendance,
    *,
    is_present: bool,
    serving_for: Person | None,
    arrived_at: Paragraph | None,
    left_after: Paragraph | None,
    by: User | None,
) -> Attendance:
    """One row of the närvaro form: present or not, whom a present ersättare serves
    for, and when a present person came or left; saved together or not at all."""
    set_presence(attendance, is_present=is_present, by=by)
    if attendance.role == Attendance.Role.ERSATTARE and is_present:
        set_serving(attendance, serving_for=serving_for, by=by)
    if is_present and (arrived_at or left_after):
        set_span(attendance, arrived_at=arrived_at, left_after=left_after, by=by)
    return attendance


def ersattare_order(minutes: Minutes) -> dict[int, tuple]:
    """Person id of each ersättare → (personal ersättare for, order in the body)."""
    meeting = minutes.meeting
    seats = Assignment.objects.active_on(meeting.date).filter(
        body_id=meeting.body_id, role=Assignment.Role.ERSATTARE
    )
    return {
        s.person_id: (s.personal_ersattare_for_id, s.ersattare_order or 999)
        for s in seats
    }


def suggest_ersattare(minutes: Minutes, absent: Person) -> list[Attendance]:
    """Present ersättare free to serve: a personal ersättare first, then the order."""
    order = ersattare_order(minutes)
    free = [
        a
        for a in load_attendances(minutes)
        if a.role == Attendance.Role.ERSATTARE
        and a.is_present
        and a.serving_for_id is None
    ]
    return sorted(
        free,
        key=lambda a: (
            order.get(a.person_id, (None, 999))[0] != absent.pk,
            order.get(a.person_id, (None, 999))[1],
            a.position,
        ),
    )


@transaction.atomic
def set_serving(
    attendance: Attendance, *, serving_for: Person | None, by: User | None
) -> Attendance:
    """Let an ersättare serve (tjänstgöra) for an absent ledamot, or stop serving."""
    minutes = _editable(attendance.minutes)
    if serving_for is not None:
        _check_serving(minutes, attendance, serving_for)
    attendance.serving_for = serving_for
    history.save(attendance, by=by, reason="set_serving")
    return attendance


def _check_serving(
    minutes: Minutes, attendance: Attendance, serving_for: Person
) -> None:
    if attendance.role != Attendance.Role.ERSATTARE:
        raise ValidationError(
            _("Only a substitute can serve for a member of the body.")
        )
    if not attendance.is_present:
        raise ValidationError(_("An absent substitute cannot serve."))
    seat = minutes.attendances.filter(person=serving_for).first()
    if seat is None or not seat.is_beslutande_seat:
        raise ValidationError(_("Choose a member of the body at this meeting."))
    if seat.is_present and seat.arrived_at_id is None and seat.left_after_id is None:
        raise ValidationError(
            _("%(person)s is present; a substitute serves only for an absent member.")
            % {"person": serving_for}
        )
    if (
        minutes.attendances.filter(serving_for=serving_for)
        .exclude(pk=attendance.pk)
        .exists()
    ):
        raise ValidationError(
            _("Another substitute already serves for %(person)s.")
            % {"person": serving_for}
        )


def quorum_now(minutes: Minutes) -> Quorum:
    """Beslutförhet for the meeting as a whole, from the upprop."""
    return quorum_at(load_attendances(minutes), None)
