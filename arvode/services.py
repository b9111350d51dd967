"""The arvodesunderlag written from a justerat protokoll, and rättelse of närvaro."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from federation.models import Assignment, Federation, Member, Person
from minutes.models import Attendance, Minutes

from .models import ArvodeLine, AttendanceCorrection

# Who gets a line: everyone recorded present at the upprop but "others present"
# (tjänstepersoner, named in the protokoll's free text, are paid as employees).
PAID_ROLES = [role for role in Attendance.Role if role != Attendance.Role.OTHER]


@dataclass(frozen=True)
class Presence:
    """A person's närvaro as the underlag has it now (after any rättelse)."""

    is_present: bool
    at_distance: bool
    time_from: datetime.time | None
    time_to: datetime.time | None


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def meeting_times(minutes: Minutes) -> tuple[datetime.time, datetime.time | None]:
    """The meeting's time from–to: its set times, the end from when the ordförande
    closed it if none was set. The §§ carry no times, so arrival and departure are
    given as §§ on the line beside the meeting's times."""
    meeting = minutes.meeting
    end = meeting.ends_at
    if end is None and minutes.closed_at is not None:
        end = (
            timezone.localtime(minutes.closed_at)
            .time()
            .replace(second=0, microsecond=0)
        )
    return meeting.starts_at, end


def member_of(person: Person, minutes: Minutes) -> Member | None:
    """The member kommun that pays: the one the person represents in the body on the
    meeting's day, else the person's home kommun."""
    meeting = minutes.meeting
    seat = (
        Assignment.objects.active_on(meeting.date)
        .filter(person=person, body_id=meeting.body_id, representing__isnull=False)
        .select_related("representing")
        .first()
    )
    return seat.representing if seat else person.home_member


def _serving(attendance: Attendance) -> bool:
    """Tjänstgörande: a beslutande seat, or an ersättare serving for someone."""
    return attendance.is_beslutande_seat or attendance.serving_for_id is not None


def _line(minutes: Minutes, attendance: Attendance) -> ArvodeLine:
    meeting = minutes.meeting
    member = member_of(attendance.person, minutes)
    starts, ends = meeting_times(minutes)
    return ArvodeLine(
        federation_id=meeting.body.federation_id,
        minutes=minutes,
        kind=ArvodeLine.Kind.ATTENDANCE,
        period=_month(meeting.date),
        meeting_date=meeting.date,
        body_name=meeting.body.name,
        person=attendance.person,
        person_name=attendance.person.full_name,
        member=member,
        member_name=member.name if member else "",
        kommunkod=member.kommunkod if member else "",
        role=str(attendance.get_role_display()),
        serving=_serving(attendance),
        serving_for_name=attendance.serving_for.full_name
        if attendance.serving_for
        else "",
        at_distance=attendance.at_distance,
        time_from=starts,
        time_to=ends,
        from_paragraph=attendance.arrived_at.number if attendance.arrived_at else None,
        to_paragraph=attendance.left_after.number if attendance.left_after else None,
        count=1,
    )


@transaction.atomic
def freeze_arvode_lines(minutes: Minutes, *, by: User | None) -> int:
    """One line per person present at the justerat meeting, written once (called
    when the protokoll is justerat; idempotent, so a catch-up may call it again)."""
    minutes = (
        Minutes.objects.select_for_update()
        .select_related("meeting__body")
        .get(pk=minutes.pk)
    )
    if minutes.status != Minutes.Status.JUSTERAT:
        raise ValidationError(_("The allowance basis is made from approved minutes."))
    if ArvodeLine.objects.filter(
        minutes=minutes, kind=ArvodeLine.Kind.ATTENDANCE
    ).exists():
        return 0
    present = (
        minutes.attendances.filter(is_present=True, role__in=PAID_ROLES)
        .select_related(
            "person__home_member", "serving_for", "arrived_at", "left_after"
        )
        .order_by("position", "pk")
    )
    count = 0
    for attendance in present:
        history.save(_line(minutes, attendance), by=by, reason="freeze_arvode_lines")
        count += 1
    return count


def freeze_missing_lines(federation: Federation) -> int:
    """Lines for the förbund's justerade protokoll that have none yet (justerat
    before this app, or when the hook's transaction failed): idempotent."""
    without = (
        Minutes.objects.filter(
            status=Minutes.Status.JUSTERAT, meeting__body__federation=federation
        )
        .exclude(Exists(ArvodeLine.objects.filter(minutes=OuterRef("pk"))))
        .filter(attendances__is_present=True)
        .distinct()
    )
    return sum(freeze_arvode_lines(minutes, by=None) for minutes in without)


def presence_of(minutes: Minutes, person: Person) -> Presence:
    """The person's närvaro as the underlag stands: the latest rättelse, else the
    line written at justering, else absent."""
    correction = (
        AttendanceCorrection.objects.filter(minutes=minutes, person=person)
        .order_by("-made_at", "-pk")
        .first()
    )
    if correction is not None:
        return Presence(
            correction.is_present,
            correction.at_distance,
            correction.time_from,
            correction.time_to,
        )
    line = ArvodeLine.objects.filter(
        minutes=minutes, person=person, kind=ArvodeLine.Kind.ATTENDANCE
    ).first()
    if line is None:
        return Presence(False, False, None, None)
    return Presence(True, line.at_distance, line.time_from, line.time_to)


def _attendance(minutes: Minutes, person: Person) -> Attendance:
    found = (
        minutes.attendances.filter(person=person, role__in=PAID_ROLES)
        .select_related(
            "person__home_member", "serving_for", "arrived_at", "left_after"
        )
        .first()
    )
    if found is None:
        raise ValidationError(
            _("%(person)s is not in the attendance of these minutes.")
            % {"person": person}
        )
    return found


@transaction.atomic
def correct_attendance(
    minutes: Minutes,
    *,
    person: Person,
    is_present: bool,
    at_distance: bool,
    time_from: datetime.time | None,
    time_to: datetime.time | None,
    reason: str,
    by: User,
) -> ArvodeLine:
    """A rättelse of one person's närvaro after justering: recorded with who and
    why, and one ± line in the underlag of the month it is made. The justerat
    Attendance row is not touched (the database refuses it anyway)."""
    minutes = (
        Minutes.objects.select_for_update()
        .select_related("meeting__body")
        .get(pk=minutes.pk)
    )
    if minutes.status != Minutes.Status.JUSTERAT:
        raise ValidationError(
            _(
                "Correct the attendance in the draft; a correction is for "
                "approved minutes."
            )
        )
    if not reason.strip():
        raise ValidationError(_("Say why the correction is made."))
    if time_from and time_to and time_to <= time_from:
        raise ValidationError(_("The end time must be after the start time."))
    freeze_arvode_lines(minutes, by=by)
    attendance = _attendance(minutes, person)
    starts, ends = meeting_times(minutes)
    new = Presence(
        is_present,
        at_distance and is_present,
        (time_from or starts) if is_present else None,
        (time_to or ends) if is_present else None,
    )
    old = presence_of(minutes, person)
    if new == old or (not new.is_present and not old.is_present):
        raise ValidationError(_("The attendance is unchanged."))
    correction = AttendanceCorrection(
        minutes=minutes,
        person=person,
        is_present=new.is_present,
        at_distance=new.at_distance,
        time_from=new.time_from,
        time_to=new.time_to,
        reason=reason.strip(),
        made_by=by,
    )
    history.save(correction, by=by, reason="correct_attendance")
    line = _line(minutes, attendance)
    line.kind = ArvodeLine.Kind.CORRECTION
    line.correction = correction
    line.period = max(_month(timezone.localdate()), _month(minutes.meeting.date))
    # Taken back: the line says what is taken back; otherwise what holds now.
    shown = old if not new.is_present else new
    line.at_distance = shown.at_distance
    line.time_from, line.time_to = shown.time_from, shown.time_to
    if not new.is_present:
        line.count = -1
    elif not old.is_present:
        line.count = 1
    else:
        line.count = 0
    history.save(line, by=by, reason="correct_attendance")
    return line
