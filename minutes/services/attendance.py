"""Närvaro: the upprop, presence, arrivals and departures, ersättare serving."""

import copy
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from federation.models import Assignment, Person
from meetings.forhinder_selectors import UppropPlan, upprop_plan
from meetings.models import BodyMeetingSettings, Meeting
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
    plan = upprop_plan(meeting)
    for row in rows:
        row.is_present = default_presence(row, plan)
        if row.role == Attendance.Role.ERSATTARE:
            row.serving_for_id = plan.serving_for.get(row.person_id)
        row.at_distance = row.is_present and row.person_id in plan.at_distance
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


PLAN_REASONS = ("start_minutes", "follow_upprop_plan")


@transaction.atomic
def follow_upprop_plan(
    meeting: Meeting, *, by: User | None, now: datetime.datetime | None = None
) -> int:
    """Bring the upprop up to date with förhinder and inkallelse reported after the
    protokoll was started (issue 19.1: the upprop is pre-filled from the chain).

    Only before the meeting starts, in a draft protokoll, and only the rows nobody
    has changed by hand (their history holds nothing but the pre-filling): the
    secretary's own choices stay. An ersättare already chosen by hand for a seat
    keeps it. Should the result not hold together (apply_upprop's checks), nothing
    changes and the secretary still sees the chain on the meeting page. Returns how
    many rows changed."""
    now = now or timezone.now()
    minutes = Minutes.objects.filter(meeting_id=meeting.pk).first()
    if minutes is None or minutes.status != Minutes.Status.DRAFT:
        return 0
    if now >= meeting.starts:
        return 0
    minutes = _editable(minutes)
    attendances = load_attendances(minutes)
    by_hand = set(
        Attendance.history.filter(minutes_id=minutes.pk)
        .exclude(history_change_reason__in=PLAN_REASONS)
        .values_list("id", flat=True)
    )
    taken = {
        a.serving_for_id
        for a in attendances
        if a.pk in by_hand and a.serving_for_id is not None
    }
    plan = upprop_plan(meeting)
    rows = []
    for a in attendances:
        if a.pk in by_hand:
            continue
        serving = None
        if a.role == Attendance.Role.ERSATTARE:
            serving = plan.serving_for.get(a.person_id)
            serving = None if serving in taken else serving
        changes = {
            "is_present": default_presence(a, plan) if serving is None else True,
            "serving_for_id": serving,
        }
        changes["at_distance"] = (
            changes["is_present"] and a.person_id in plan.at_distance
        )
        row = _row_of(a, **changes)
        if row != _row_of(a):
            rows.append(row)
    if not rows:
        return 0
    paragraphs = {p.pk: p for p in minutes.paragraphs.all()}
    after, errors = apply_upprop(attendances, paragraphs, rows)
    if errors:
        return 0
    changed = {row.attendance_id for row in rows}
    for a in after:
        if a.pk in changed:
            history.save(a, by=by, reason="follow_upprop_plan")
    return len(changed)


def default_presence(attendance: Attendance, plan: UppropPlan | None = None) -> bool:
    """Present at the upprop until the secretary says otherwise: the ledamöter and
    the others kallade are expected, an ersättare only once called in to serve.

    The one place the default is decided: a person who reported förhinder is absent,
    an ersättare who said "Jag kommer" present (meetings.forhinder_selectors)."""
    plan = plan or UppropPlan()
    if attendance.person_id in plan.absent:
        return False
    if attendance.role == Attendance.Role.ERSATTARE:
        return attendance.person_id in plan.serving_for
    return True


@dataclass(frozen=True)
class UppropRow:
    """One row of the upprop as the secretary leaves it."""

    attendance_id: int
    is_present: bool
    serving_for_id: int | None = None
    arrived_at_id: int | None = None
    left_after_id: int | None = None
    at_distance: bool = False


def _row_of(attendance: Attendance, **changes) -> UppropRow:
    current = UppropRow(
        attendance_id=attendance.pk,
        is_present=attendance.is_present,
        serving_for_id=attendance.serving_for_id,
        arrived_at_id=attendance.arrived_at_id,
        left_after_id=attendance.left_after_id,
        at_distance=attendance.at_distance,
    )
    return replace(current, **changes)


def apply_upprop(
    attendances: list[Attendance],
    paragraphs: dict[int, Paragraph],
    rows: Sequence[UppropRow],
    *,
    allows_distance: bool = True,
) -> tuple[list[Attendance], list[str]]:
    """The attendance as it would be with these rows (copies, nothing saved), and
    what is wrong with it: every error, each naming its person. Taking part at a
    distance is being present (beslutförhet counts it), where the body allows it."""
    by_pk = {a.pk: copy.copy(a) for a in attendances}
    errors: list[str] = []
    for row in rows:
        a = by_pk.get(row.attendance_id)
        if a is None:
            errors.append(_("The attendance list has changed. Reload the page."))
            continue
        serving = row.serving_for_id
        if serving is not None and a.role != Attendance.Role.ERSATTARE:
            errors.append(
                _("%(person)s is not a substitute and cannot serve for a member.")
                % {"person": a.person}
            )
            serving = None
        # An ersättare called in to serve is there: serving means present.
        a.is_present = row.is_present or serving is not None
        a.serving_for_id = serving
        a.arrived_at_id, a.left_after_id = row.arrived_at_id, row.left_after_id
        if row.at_distance and not a.is_present:
            errors.append(
                _(
                    "Mark %(person)s present to record that they take part "
                    "at a distance."
                )
                % {"person": a.person}
            )
        elif row.at_distance and not allows_distance and not a.at_distance:
            errors.append(
                _("The body has not decided to allow taking part at a distance.")
            )
        a.at_distance = row.at_distance and a.is_present
        errors += _span_errors(a, paragraphs)
    rows_now = list(by_pk.values())
    errors += _serving_errors(rows_now)
    for a in rows_now:  # the related rows follow the ids, for the quorum
        a.serving_for = _person_of(rows_now, a.serving_for_id)
        a.arrived_at = paragraphs.get(a.arrived_at_id or 0)
        a.left_after = paragraphs.get(a.left_after_id or 0)
    return rows_now, errors


def _person_of(attendances: list[Attendance], person_id: int | None) -> Person | None:
    for a in attendances:
        if person_id is not None and a.person_id == person_id:
            return a.person
    return None


def _span_errors(a: Attendance, paragraphs: dict[int, Paragraph]) -> list[str]:
    arrived, left = a.arrived_at_id, a.left_after_id
    if arrived is None and left is None:
        return []
    if any(pk is not None and pk not in paragraphs for pk in (arrived, left)):
        return [_("Choose a § of these minutes.")]
    if not a.is_present:
        return [
            _("Mark %(person)s present to record when they came or left.")
            % {"person": a.person}
        ]
    if (
        arrived is not None
        and left is not None
        and paragraphs[arrived].number > paragraphs[left].number
    ):
        return [_("%(person)s cannot leave before arriving.") % {"person": a.person}]
    return []


def _serving_errors(attendances: list[Attendance]) -> list[str]:
    """An ersättare serves for one absent ledamot, and a ledamot has one ersättare."""
    seats = {a.person_id: a for a in attendances if a.is_beslutande_seat}
    errors: list[str] = []
    taken: dict[int, Attendance] = {}
    for a in attendances:
        if a.serving_for_id is None:
            continue
        seat = seats.get(a.serving_for_id)
        if seat is None:
            errors.append(_("Choose a member of the body at this meeting."))
            continue
        if (
            seat.is_present
            and seat.arrived_at_id is None
            and seat.left_after_id is None
        ):
            errors.append(
                _(
                    "%(person)s is present; a substitute serves only for an absent "
                    "member."
                )
                % {"person": seat.person}
            )
        first = taken.setdefault(a.serving_for_id, a)
        if first is not a:
            errors.append(
                _(
                    "%(first)s and %(second)s are both chosen to serve for "
                    "%(person)s; choose one."
                )
                % {"first": first.person, "second": a.person, "person": seat.person}
            )
    return errors


@transaction.atomic
def record_attendance(
    minutes: Minutes, rows: Sequence[UppropRow], *, by: User | None
) -> dict[int, Attendance]:
    """The upprop saved as a whole: who is present, which ersättare serves for which
    absent ledamot, who came or left at a §. Checked as a whole, and saved all
    together or, on any error, not at all. Rows left out stay as they are."""
    minutes = _editable(minutes)
    attendances = load_attendances(minutes)
    paragraphs = {p.pk: p for p in minutes.paragraphs.all()}
    after, errors = apply_upprop(
        attendances, paragraphs, rows, allows_distance=allows_distance(minutes)
    )
    if errors:
        raise ValidationError(errors)
    before = {a.pk: a for a in attendances}
    fields = (
        "is_present",
        "serving_for_id",
        "arrived_at_id",
        "left_after_id",
        "at_distance",
    )
    for a in after:
        old = before[a.pk]
        if any(getattr(a, f) != getattr(old, f) for f in fields):
            history.save(a, by=by, reason="record_attendance")
    return {a.pk: a for a in after}


def _record_one(attendance: Attendance, row: UppropRow, by: User | None) -> Attendance:
    saved = record_attendance(attendance.minutes, [row], by=by)[attendance.pk]
    fields = ("is_present", "serving_for_id", "arrived_at_id", "left_after_id")
    for f in (*fields, "at_distance"):
        setattr(attendance, f, getattr(saved, f))
    return attendance


def set_presence(
    attendance: Attendance, *, is_present: bool, by: User | None
) -> Attendance:
    """One person present or not (absent: no longer serving, no arrival or leaving)."""
    changes: dict = {"is_present": is_present}
    if not is_present:
        changes.update(serving_for_id=None, arrived_at_id=None, left_after_id=None)
    return _record_one(attendance, _row_of(attendance, **changes), by)


def set_span(
    attendance: Attendance,
    *,
    arrived_at: Paragraph | None,
    left_after: Paragraph | None,
    by: User | None,
) -> Attendance:
    """Record that a person came at one § or left after another."""
    row = _row_of(
        attendance,
        arrived_at_id=arrived_at.pk if arrived_at else None,
        left_after_id=left_after.pk if left_after else None,
    )
    return _record_one(attendance, row, by)


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
    """Ersättare free to serve: a personal ersättare first, then those present,
    then the order among ersättare."""
    order = ersattare_order(minutes)
    free = [
        a
        for a in load_attendances(minutes)
        if a.role == Attendance.Role.ERSATTARE and a.serving_for_id is None
    ]
    return sorted(
        free,
        key=lambda a: (
            order.get(a.person_id, (None, 999))[0] != absent.pk,
            not a.is_present,
            order.get(a.person_id, (None, 999))[1],
            a.position,
        ),
    )


def set_serving(
    attendance: Attendance, *, serving_for: Person | None, by: User | None
) -> Attendance:
    """Call an ersättare in to serve (tjänstgöra) for an absent ledamot, or stop."""
    row = _row_of(attendance, serving_for_id=serving_for.pk if serving_for else None)
    return _record_one(attendance, row, by)


def preview_quorum(
    minutes: Minutes, rows: Sequence[UppropRow]
) -> tuple[Quorum, list[str]]:
    """Beslutförhet as the upprop would make it, and its errors; nothing saved."""
    paragraphs = {p.pk: p for p in minutes.paragraphs.all()}
    after, errors = apply_upprop(
        load_attendances(minutes),
        paragraphs,
        rows,
        allows_distance=allows_distance(minutes),
    )
    return quorum_at(after, None), errors


def allows_distance(minutes: Minutes) -> bool:
    """Whether the body has decided to allow distansdeltagande."""
    return BodyMeetingSettings.objects.filter(
        body_id=minutes.meeting.body_id, allows_distance=True
    ).exists()


def quorum_now(minutes: Minutes) -> Quorum:
    """Beslutförhet for the meeting as a whole, from the upprop."""
    return quorum_at(load_attendances(minutes), None)
