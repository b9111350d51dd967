"""Writes and rules of the protokoll: närvaro, §§, jäv, votering, reservation,
justering.

Every edit goes through `_editable`: a protokoll sent for justering waits for the
justerare, and a justerat protokoll is locked; it changes only by `record_correction`.
"""

import datetime

import pgtrigger
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.swedish_days import next_weekday
from federation.models import Assignment, Person
from meetings.models import AgendaItem, ItemKind, Meeting
from meetings.selectors import kallade_for

from .frozen import (
    freeze_corrected_extract,
    freeze_correction,
    freeze_immediate_extract,
    freeze_protokoll,
    freeze_underlag,
    underlag_sha256,
)
from .models import (
    APPEAL_DAYS,
    Anslag,
    Approval,
    Attendance,
    Ballot,
    Correction,
    Disqualification,
    Minutes,
    MinutesNote,
    Paragraph,
    ParagraphCounter,
    Reservation,
    Vote,
    Yrkande,
)
from .privacy import public_hits
from .quorum import Quorum, load_attendances, quorum_at, quorum_for
from .selectors import newest_underlag
from .tasks import notify_comment_task, notify_justering_task


def _lock(minutes: Minutes) -> Minutes:
    return (
        Minutes.objects.select_for_update()
        .select_related("meeting__body__federation")
        .get(pk=minutes.pk)
    )


def _editable(minutes: Minutes) -> Minutes:
    """Lock the protokoll row and refuse when it may not change."""
    minutes = _lock(minutes)
    if minutes.status == Minutes.Status.JUSTERAT:
        raise ValidationError(
            _("The protokoll is justerat and locked; only a rättelse can change it.")
        )
    if minutes.status == Minutes.Status.SENT:
        raise ValidationError(
            _("The protokoll is out for justering and cannot change now.")
        )
    return minutes


def _editable_paragraph(paragraph: Paragraph) -> Paragraph:
    _editable(paragraph.minutes)
    paragraph = Paragraph.objects.select_related("minutes").get(pk=paragraph.pk)
    if paragraph.immediately_justerat_at is not None:
        raise ValidationError(_("The § is omedelbart justerad and locked."))
    return paragraph


# --- Närvaro -------------------------------------------------------------------------


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
            raise ValidationError(_("Choose a § of this protokoll."))
    if arrived_at and left_after and arrived_at.number > left_after.number:
        raise ValidationError(_("A person cannot leave before arriving."))
    if not attendance.is_present:
        raise ValidationError(_("Mark the person present first."))
    attendance.arrived_at, attendance.left_after = arrived_at, left_after
    history.save(attendance, by=by, reason="set_span")
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
        raise ValidationError(_("Only an ersättare can serve for a ledamot."))
    if not attendance.is_present:
        raise ValidationError(_("An absent ersättare cannot serve."))
    seat = minutes.attendances.filter(person=serving_for).first()
    if seat is None or not seat.is_beslutande_seat:
        raise ValidationError(_("Choose a ledamot of this meeting."))
    if seat.is_present and seat.arrived_at_id is None and seat.left_after_id is None:
        raise ValidationError(
            _("%(person)s is present; an ersättare serves only for an absent ledamot.")
            % {"person": serving_for}
        )
    if (
        minutes.attendances.filter(serving_for=serving_for)
        .exclude(pk=attendance.pk)
        .exists()
    ):
        raise ValidationError(
            _("Another ersättare already serves for %(person)s.")
            % {"person": serving_for}
        )


# --- Paragrafer ----------------------------------------------------------------------


def next_paragraph_number(body_id: int, year: int) -> int:
    """Take the next § number of the body and year; the caller's transaction locks.

    A counter row (created with ON CONFLICT DO NOTHING, then locked) rather than
    MAX()+1, so concurrent callers queue and the numbers have no gaps or duplicates.
    """
    ParagraphCounter.objects.bulk_create(
        [ParagraphCounter(body_id=body_id, year=year)], ignore_conflicts=True
    )
    counter = ParagraphCounter.objects.select_for_update().get(
        body_id=body_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _initial_text(item: AgendaItem | None) -> tuple[str, str]:
    if item is None:
        return Paragraph.Outcome.DECIDED, ""
    if item.case_id and item.case.proposal:
        return Paragraph.Outcome.DECIDED, item.case.proposal
    if item.kind == ItemKind.DECISION:
        return Paragraph.Outcome.DECIDED, ""
    return Paragraph.Outcome.NOTED, ""


@transaction.atomic
def add_paragraph(
    minutes: Minutes,
    *,
    by: User | None,
    title: str = "",
    agenda_item: AgendaItem | None = None,
) -> Paragraph:
    """A new § with the next number; the beslut starts as the förslag till beslut."""
    minutes = _editable(minutes)
    meeting = minutes.meeting
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError(_("Choose an item of this meeting's agenda."))
        if Paragraph.objects.filter(agenda_item=agenda_item).exists():
            raise ValidationError(_("The item already has a §."))
        title = title or agenda_item.title
    if not title.strip():
        raise ValidationError(_("A § needs a title."))
    if Paragraph.objects.filter(
        body_id=meeting.body_id,
        year=meeting.date.year,
        minutes__meeting__date__gt=meeting.date,
    ).exists():
        raise ValidationError(
            _(
                "A later meeting of the body this year already has §§; "
                "numbers would jump."
            )
        )
    outcome, text = _initial_text(agenda_item)
    paragraph = Paragraph(
        minutes=minutes,
        body_id=meeting.body_id,
        year=meeting.date.year,
        number=next_paragraph_number(meeting.body_id, meeting.date.year),
        agenda_item=agenda_item,
        title=title.strip(),
        outcome=outcome,
        decision_text=text,
        is_public=agenda_item.is_public if agenda_item else True,
    )
    history.save(paragraph, by=by, reason="add_paragraph")
    return paragraph


@transaction.atomic
def add_paragraphs_from_agenda(minutes: Minutes, *, by: User | None) -> list[Paragraph]:
    """A § for each agenda item that has none yet, in agenda order."""
    items = (
        minutes.meeting.items.filter(paragraph__isnull=True)
        .select_related("case")
        .order_by("position", "pk")
    )
    return [add_paragraph(minutes, agenda_item=item, by=by) for item in items]


@transaction.atomic
def remove_paragraph(paragraph: Paragraph, *, by: User | None) -> None:
    """Remove the body's last § of the year; any other would leave a gap."""
    paragraph = _editable_paragraph(paragraph)
    counter = ParagraphCounter.objects.select_for_update().get(
        body_id=paragraph.body_id, year=paragraph.year
    )
    if counter.last_number != paragraph.number:
        raise ValidationError(
            _("Only the last § can be removed; numbers have no gaps.")
        )
    counter.last_number -= 1
    counter.save(update_fields=["last_number"])
    history.delete(paragraph, by=by, reason="remove_paragraph")


@transaction.atomic
def record_decision(
    paragraph: Paragraph,
    *,
    decision_text: str,
    outcome: str,
    by: User | None,
    title: str | None = None,
    is_public: bool | None = None,
    expected_version: int | None = None,
) -> Paragraph:
    """Write the beslut of a §: decided, noted, bordlagt or återremitterat.

    `expected_version` is the § text_version the editor started from: when someone
    else saved in between, the save is refused instead of overwriting their text.
    """
    paragraph = _editable_paragraph(paragraph)
    if expected_version is not None and expected_version != paragraph.text_version:
        raise ValidationError(
            _(
                "Someone else saved § %(number)s while you were editing it. Reload "
                "the page and make your change again."
            )
            % {"number": paragraph.number},
            code="stale",
        )
    if outcome not in Paragraph.Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if outcome != Paragraph.Outcome.NOTED and not decision_text.strip():
        raise ValidationError(_("Write the beslut."))
    paragraph.decision_text = decision_text.strip()
    paragraph.outcome = outcome
    if title is not None and title.strip():
        paragraph.title = title.strip()
    if is_public is not None:
        paragraph.is_public = is_public
    paragraph.text_version += 1
    history.save(paragraph, by=by, reason="record_decision")
    return paragraph


# --- Jäv -----------------------------------------------------------------------------


def _attendance(minutes: Minutes, person: Person) -> Attendance:
    attendance = minutes.attendances.filter(person=person).first()
    if attendance is None:
        raise ValidationError(
            _("%(person)s is not in this protokoll's närvaro.") % {"person": person}
        )
    return attendance


@transaction.atomic
def add_disqualification(
    paragraph: Paragraph,
    *,
    person: Person,
    by: User | None,
    replaced_by: Person | None = None,
    reason: str = "",
) -> Disqualification:
    """Jäv: the person takes no part in the §; an ersättare may serve for it alone."""
    paragraph = _editable_paragraph(paragraph)
    _attendance(paragraph.minutes, person)
    if paragraph.disqualifications.filter(person=person).exists():
        raise ValidationError(_("The jäv is already recorded."))
    if replaced_by is not None:
        substitute = _attendance(paragraph.minutes, replaced_by)
        if substitute.role != Attendance.Role.ERSATTARE or not substitute.is_present:
            raise ValidationError(_("Only a present ersättare can serve for the §."))
        if replaced_by.pk in quorum_for(paragraph).participant_ids:
            raise ValidationError(
                _("%(person)s already takes part in the §.") % {"person": replaced_by}
            )
    jav = Disqualification(
        paragraph=paragraph, person=person, replaced_by=replaced_by, reason=reason
    )
    history.save(jav, by=by, reason="add_disqualification")
    return jav


@transaction.atomic
def remove_disqualification(jav: Disqualification, *, by: User | None) -> None:
    _editable_paragraph(jav.paragraph)
    history.delete(jav, by=by, reason="remove_disqualification")


# --- Votering ------------------------------------------------------------------------


def _check_participant(quorum: Quorum, person: Person, message: str) -> None:
    if person.pk not in quorum.participant_ids:
        raise ValidationError(message % {"person": person})


@transaction.atomic
def add_yrkande(
    paragraph: Paragraph, *, proposer: Person, text: str, by: User | None
) -> Yrkande:
    paragraph = _editable_paragraph(paragraph)
    if not text.strip():
        raise ValidationError(_("Write the yrkande."))
    _check_participant(
        quorum_for(paragraph),
        proposer,
        _("%(person)s does not take part in the § and cannot make a yrkande."),
    )
    yrkande = Yrkande(paragraph=paragraph, proposer=proposer, text=text.strip())
    history.save(yrkande, by=by, reason="add_yrkande")
    return yrkande


def _check_yrkanden(paragraph: Paragraph, *yrkanden: Yrkande | None) -> None:
    for yrkande in yrkanden:
        if yrkande is not None and yrkande.paragraph_id != paragraph.pk:
            raise ValidationError(_("Choose yrkanden of this §."))


def _replace_vote(paragraph: Paragraph, by: User | None) -> None:
    old = Vote.objects.filter(paragraph=paragraph).first()
    if old is not None:
        history.delete(old, by=by, reason="replace_vote")


@transaction.atomic
def record_open_vote(
    paragraph: Paragraph,
    *,
    ballots: dict[int, str],
    by: User | None,
    ja_yrkande: Yrkande | None = None,
    nej_yrkande: Yrkande | None = None,
) -> Vote:
    """A named votering: every serving member votes Ja, Nej or Avstår.

    On a tie the ordförande's utslagsröst decides (KL 5 kap. 55 §).
    """
    paragraph = _editable_paragraph(paragraph)
    _check_yrkanden(paragraph, ja_yrkande, nej_yrkande)
    quorum = quorum_for(paragraph)
    voters = quorum.participant_ids
    if set(ballots) != voters:
        raise ValidationError(_("Every member who takes part in the § votes once."))
    if any(choice not in Ballot.Choice.values for choice in ballots.values()):
        raise ValidationError(_("A vote is Ja, Nej or Avstår."))
    counts = {c: list(ballots.values()).count(c) for c in Ballot.Choice.values}
    ja, nej = counts[Ballot.Choice.JA], counts[Ballot.Choice.NEJ]
    casting = ja == nej
    if casting:
        chair = paragraph.minutes.chair
        chair_vote = ballots.get(chair.pk) if chair else None
        if chair_vote not in (Ballot.Choice.JA, Ballot.Choice.NEJ):
            raise ValidationError(
                _("The votes are equal: the ordförande must vote Ja or Nej to decide.")
            )
        result = chair_vote
    else:
        result = Vote.Result.JA if ja > nej else Vote.Result.NEJ
    _replace_vote(paragraph, by)
    vote = Vote(
        paragraph=paragraph,
        kind=Vote.Kind.OPEN,
        ja_yrkande=ja_yrkande,
        nej_yrkande=nej_yrkande,
        ja_count=ja,
        nej_count=nej,
        avstar_count=counts[Ballot.Choice.AVSTAR],
        result=result,
        casting_vote=casting,
    )
    history.save(vote, by=by, reason="record_open_vote")
    order = [p.pk for p in quorum.participants]
    for person_id in order:
        history.save(
            Ballot(vote=vote, person_id=person_id, choice=ballots[person_id]),
            by=by,
            reason="record_open_vote",
        )
    return vote


@transaction.atomic
def record_closed_vote(
    paragraph: Paragraph,
    *,
    ja_count: int,
    nej_count: int,
    result: str,
    by: User | None,
    avstar_count: int = 0,
    result_text: str = "",
) -> Vote:
    """A sluten omröstning (an election): only the result is recorded."""
    paragraph = _editable_paragraph(paragraph)
    voters = quorum_for(paragraph).count
    if min(ja_count, nej_count, avstar_count) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if ja_count + nej_count + avstar_count > voters:
        raise ValidationError(
            _("More votes than the %(count)s members who take part.")
            % {"count": voters}
        )
    if result not in Vote.Result.values:
        raise ValidationError(_("Choose the result."))
    _replace_vote(paragraph, by)
    vote = Vote(
        paragraph=paragraph,
        kind=Vote.Kind.CLOSED,
        ja_count=ja_count,
        nej_count=nej_count,
        avstar_count=avstar_count,
        result=result,
        result_text=result_text.strip(),
    )
    history.save(vote, by=by, reason="record_closed_vote")
    return vote


# --- Reservation and protokollsanteckning -------------------------------------------


@transaction.atomic
def announce_reservation(
    paragraph: Paragraph, *, person: Person, by: User | None, motivation: str = ""
) -> Reservation:
    """A reservation is announced before the meeting closes (KL 4 kap. 27 §)."""
    paragraph = _editable_paragraph(paragraph)
    if paragraph.minutes.is_closed:
        raise ValidationError(
            _("The meeting is closed; a reservation had to be announced before that.")
        )
    _check_participant(
        quorum_for(paragraph),
        person,
        _("%(person)s did not take part in the decision and cannot reserve."),
    )
    if paragraph.reservations.filter(person=person).exists():
        raise ValidationError(_("The reservation is already recorded."))
    reservation = Reservation(
        paragraph=paragraph,
        person=person,
        announced_at=timezone.now(),
        motivation=motivation.strip(),
    )
    history.save(reservation, by=by, reason="announce_reservation")
    return reservation


@transaction.atomic
def update_reservation_motivation(
    reservation: Reservation, *, motivation: str, by: User | None
) -> Reservation:
    """The written motivation may come until justering; then it is locked.

    Out for justering, a changed motivation sends the protokoll again: a new
    justeringsunderlag with it, and every justering asked for again, since those
    given were given on a protokoll without it."""
    minutes = _lock(reservation.paragraph.minutes)
    if minutes.is_locked or reservation.paragraph.immediately_justerat_at:
        raise ValidationError(
            _("The protokoll is justerat; the motivation can no longer change.")
        )
    if reservation.motivation == motivation.strip():
        return reservation
    reservation.motivation = motivation.strip()
    history.save(reservation, by=by, reason="update_reservation_motivation")
    if minutes.status == Minutes.Status.SENT:
        _send(minutes, by=by, reason="update_reservation_motivation")
    return reservation


@transaction.atomic
def add_note(
    paragraph: Paragraph, *, person: Person, text: str, by: User | None
) -> MinutesNote:
    paragraph = _editable_paragraph(paragraph)
    _attendance(paragraph.minutes, person)
    if not text.strip():
        raise ValidationError(_("Write the protokollsanteckning."))
    note = MinutesNote(paragraph=paragraph, person=person, text=text.strip())
    history.save(note, by=by, reason="add_note")
    return note


# --- Meeting end, justerare and justering -------------------------------------------


@transaction.atomic
def close_meeting(
    minutes: Minutes, *, by: User | None, at: datetime.datetime | None = None
) -> Minutes:
    """The ordförande closes the meeting: no more reservations; the meeting is held."""
    minutes = _editable(minutes)
    if minutes.is_closed:
        raise ValidationError(_("The meeting is already closed."))
    minutes.closed_at = at or timezone.now()
    history.save(minutes, by=by, reason="close_meeting", update_fields=["closed_at"])
    meeting = minutes.meeting
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.KALLELSE_PUBLISHED):
        meeting.status = Meeting.Status.HELD
        history.save(meeting, by=by, reason="close_meeting", update_fields=["status"])
    return minutes


@transaction.atomic
def choose_justerare(
    minutes: Minutes,
    *,
    persons: list[Person],
    by: User | None,
    planned_on: datetime.date | None = None,
    place: str = "",
) -> Minutes:
    """Val av justerare: present members of the meeting, and when and where."""
    minutes = _editable(minutes)
    if not persons:
        raise ValidationError(_("Choose at least one justerare."))
    present = {a.person_id: a for a in minutes.attendances.filter(is_present=True)}
    for person in persons:
        if person.pk not in present:
            raise ValidationError(
                _("%(person)s was not present and cannot justera.") % {"person": person}
            )
        if minutes.chair_id == person.pk:
            raise ValidationError(_("The ordförande justerar anyway; choose another."))
    for old in minutes.approvals.filter(role=Approval.Role.JUSTERARE):
        history.delete(old, by=by, reason="choose_justerare")
    for person in persons:
        history.save(
            Approval(minutes=minutes, person=person, role=Approval.Role.JUSTERARE),
            by=by,
            reason="choose_justerare",
        )
    minutes.justering_planned_on = planned_on
    minutes.justering_place = place.strip()
    history.save(minutes, by=by, reason="choose_justerare")
    return minutes


@transaction.atomic
def send_for_justering(minutes: Minutes, *, by: User | None) -> Minutes:
    """Ask the justerare and the ordförande to justera; they are told by e-mail.

    The protokoll as sent is stored as the justeringsunderlag they read. Sent again
    (say, a name in the register changed meanwhile), it gets a new underlag and
    every justering given so far is asked for again; sent again unchanged (a double
    submit), nothing happens, unless its underlag could not be made."""
    minutes = _lock(minutes)
    if minutes.status == Minutes.Status.JUSTERAT:
        _editable(minutes)  # refuses, with its message
    if not minutes.is_closed:
        raise ValidationError(_("Close the meeting before sending for justering."))
    if minutes.chair_id is None:
        raise ValidationError(_("Name the ordförande of the meeting."))
    if not minutes.approvals.filter(role=Approval.Role.JUSTERARE).exists():
        raise ValidationError(_("Choose the justerare first."))
    if not minutes.paragraphs.exists():
        raise ValidationError(_("The protokoll has no §§."))
    _refuse_personnummer(public_hits(minutes))
    if minutes.status == Minutes.Status.SENT and _underlag_holds(minutes):
        return minutes
    for stale in minutes.approvals.filter(role=Approval.Role.ORDFORANDE).exclude(
        person_id=minutes.chair_id
    ):
        history.delete(stale, by=by, reason="send_for_justering")
    Approval.objects.get_or_create(
        minutes=minutes, person_id=minutes.chair_id, role=Approval.Role.ORDFORANDE
    )
    _send(minutes, by=by, reason="send_for_justering")
    return minutes


def _underlag_holds(minutes: Minutes) -> bool:
    """The newest underlag shows the protokoll as it is and was made (or is being
    made): sending again would change nothing."""
    underlag = newest_underlag(minutes)
    return (
        underlag is not None
        and underlag.build_status != underlag.BuildStatus.FAILED
        and underlag.content_sha256 == underlag_sha256(minutes)
    )


def _send(minutes: Minutes, *, by: User | None, reason: str) -> None:
    """Out for justering with a new underlag: every justering is asked for (again)
    and the justerare and the ordförande are told."""
    for approval in minutes.approvals.all():
        approval.approved_at = approval.approved_by = None
        approval.method, approval.shown_sha256 = "", ""
        approval.comment, approval.commented_at = "", None
        history.save(approval, by=by, reason=reason)
    minutes.status = Minutes.Status.SENT
    minutes.sent_at = timezone.now()
    history.save(minutes, by=by, reason=reason)
    freeze_underlag(minutes, by=by)
    notify_justering_task.delay_on_commit(minutes_id=minutes.pk)


def _own_approvals(minutes: Minutes, user: User) -> list[Approval]:
    approvals = list(
        minutes.approvals.filter(person__user=user, approved_at__isnull=True)
    )
    if not approvals:
        raise ValidationError(
            _("You are not a justerare of this protokoll, or have already justerat it.")
        )
    return approvals


@transaction.atomic
def approve_minutes(
    minutes: Minutes,
    *,
    user: User,
    method: str = "",
    shown_sha256: str | None = None,
    today: datetime.date | None = None,
) -> Minutes:
    """A justerare or the ordförande justerar; when all have, the protokoll locks.

    `method` is how they proved who they are (the page asks for the password again,
    and the code where the account has a device); `shown_sha256` the sha256 of the
    justeringsunderlag's PDF they were shown. Refused when that is not the current
    underlag, or when the protokoll no longer is what the underlag shows."""
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.SENT:
        raise ValidationError(_("The protokoll is not out for justering."))
    approvals = _own_approvals(minutes, user)
    underlag = newest_underlag(minutes)
    if underlag is None or underlag.content_sha256 != underlag_sha256(minutes):
        raise ValidationError(
            _(
                "The protokoll is no longer what was sent for justering. "
                "The secretary sends it again."
            )
        )
    if shown_sha256 is not None and shown_sha256 != underlag.sha256:
        raise ValidationError(
            _("The protokoll has changed since you read it. Read it again.")
        )
    now = timezone.now()
    for approval in approvals:
        approval.approved_at, approval.approved_by = now, user
        approval.method, approval.shown_sha256 = method, underlag.sha256
        history.save(approval, by=user, reason="approve_minutes")
    _justera_when_complete(minutes, by=user, today=today)
    return minutes


@transaction.atomic
def record_signed_approval(
    minutes: Minutes, *, person: Person, by: User, today: datetime.date | None = None
) -> Minutes:
    """The secretary records a justering signed on paper by someone with no account."""
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.SENT:
        raise ValidationError(_("The protokoll is not out for justering."))
    approvals = list(minutes.approvals.filter(person=person, approved_at__isnull=True))
    if not approvals:
        raise ValidationError(
            _("%(person)s has no justering to give.") % {"person": person}
        )
    for approval in approvals:
        approval.approved_at, approval.approved_by = timezone.now(), by
        approval.method = Approval.Method.PAPER
        history.save(approval, by=by, reason="record_signed_approval")
    _justera_when_complete(minutes, by=by, today=today)
    return minutes


def _justera_when_complete(
    minutes: Minutes, *, by: User, today: datetime.date | None
) -> None:
    if not minutes.approvals.filter(approved_at__isnull=True).exists():
        _justera(minutes, by=by, today=today or timezone.localdate())


@transaction.atomic
def comment_minutes(minutes: Minutes, *, user: User, comment: str) -> Minutes:
    """A justerare sends the protokoll back with a comment; it returns to draft."""
    minutes = _lock(minutes)
    if minutes.status != Minutes.Status.SENT:
        raise ValidationError(_("The protokoll is not out for justering."))
    if not comment.strip():
        raise ValidationError(_("Write the comment."))
    for approval in _own_approvals(minutes, user):
        approval.comment, approval.commented_at = comment.strip(), timezone.now()
        history.save(approval, by=user, reason="comment_minutes")
    for approval in minutes.approvals.exclude(approved_at=None):
        approval.approved_at = approval.approved_by = None
        approval.method, approval.shown_sha256 = "", ""
        history.save(approval, by=user, reason="comment_minutes")
    minutes.status = Minutes.Status.DRAFT
    history.save(minutes, by=user, reason="comment_minutes")
    notify_comment_task.delay_on_commit(minutes_id=minutes.pk)
    return minutes


def _refuse_personnummer(hits: list) -> None:
    """The public protokoll must not show a personnummer (minutes.privacy)."""
    if not hits:
        return
    places = ", ".join(
        f"§ {hit.paragraph} ({hit.masked})"
        if hit.paragraph is not None
        else _("others present (%(masked)s)") % {"masked": hit.masked}
        for hit in hits
    )
    raise ValidationError(
        _(
            "The public protokoll would show a personnummer: %(places)s. Remove it, "
            "or make the § not public, first."
        )
        % {"places": places}
    )


def _post_anslag(
    minutes: Minutes, day: datetime.date, by: User | None, paragraph: Paragraph | None
) -> Anslag:
    # Three weeks; a last day that is a Saturday, a holiday or an eve runs on to the
    # next weekday (Lag (1930:173) om beräkning av lagstadgad tid).
    ends = next_weekday(day + datetime.timedelta(days=APPEAL_DAYS))
    anslag = Anslag(
        minutes=minutes,
        paragraph=paragraph,
        posted_on=day,
        appeal_ends_on=ends,
        takes_down_on=ends,
        kept_at=minutes.meeting.body.federation.name,
    )
    history.save(anslag, by=by, reason="post_anslag")
    return anslag


def _justera(minutes: Minutes, *, by: User, today: datetime.date) -> None:
    """Lock the protokoll and announce it on the anslagstavla the same day."""
    minutes.status = Minutes.Status.JUSTERAT
    minutes.justerat_on, minutes.justerat_at = today, timezone.now()
    history.save(minutes, by=by, reason="justera")
    meeting = minutes.meeting
    meeting.status = Meeting.Status.MINUTES_APPROVED
    history.save(meeting, by=by, reason="justera", update_fields=["status"])
    _post_anslag(minutes, today, by, None)
    meeting.status = Meeting.Status.POSTED
    history.save(meeting, by=by, reason="post_anslag", update_fields=["status"])
    freeze_protokoll(minutes, by=by)


@transaction.atomic
def justera_immediately(
    paragraph: Paragraph, *, by: User | None, today: datetime.date | None = None
) -> Anslag:
    """Omedelbar justering of one § at the meeting: locked and posted at once."""
    paragraph = _editable_paragraph(paragraph)
    if paragraph.outcome == Paragraph.Outcome.DECIDED and not paragraph.decision_text:
        raise ValidationError(_("Write the beslut before justering it."))
    if paragraph.is_public:
        _refuse_personnummer(public_hits(paragraph.minutes, [paragraph]))
    paragraph.immediately_justerat_at = timezone.now()
    history.save(paragraph, by=by, reason="justera_immediately")
    anslag = _post_anslag(
        paragraph.minutes, today or timezone.localdate(), by, paragraph
    )
    freeze_immediate_extract(paragraph, anslag, by=by)
    return anslag


def take_down_expired_anslag(today: datetime.date | None = None) -> int:
    """Take down every anslag whose last day has passed; the protokoll stays public."""
    today = today or timezone.localdate()
    count = 0
    for anslag in Anslag.objects.filter(
        taken_down_on__isnull=True, takes_down_on__lt=today
    ):
        anslag.taken_down_on = today
        history.save(
            anslag,
            by=None,
            reason="take_down_expired_anslag",
            update_fields=["taken_down_on"],
        )
        count += 1
    return count


# --- Rättelse ------------------------------------------------------------------------

RATTELSE_TRIGGERS = (
    "minutes.Minutes:protect_justerat",
    "minutes.Paragraph:protect_justerat",
)


@transaction.atomic
def record_correction(
    paragraph: Paragraph, *, decision_text: str, reason: str, by: User
) -> Correction:
    """Correct a justerat §: a new version of the protokoll with who and why."""
    minutes = _lock(paragraph.minutes)
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    if not (minutes.is_locked or paragraph.immediately_justerat_at):
        raise ValidationError(
            _("Edit the draft directly; a rättelse is for justerat §§.")
        )
    if not reason.strip():
        raise ValidationError(_("Say why the rättelse is made."))
    if decision_text.strip() == paragraph.decision_text:
        raise ValidationError(_("The text is unchanged."))
    # The one way past the database's refusal to change a justerat protokoll.
    with pgtrigger.ignore(*RATTELSE_TRIGGERS):
        minutes.version += 1
        history.save(
            minutes,
            by=by,
            reason=f"rättelse v{minutes.version}",
            update_fields=["version"],
        )
        correction = Correction(
            minutes=minutes,
            version=minutes.version,
            paragraph=paragraph,
            reason=reason.strip(),
            old_text=paragraph.decision_text,
            new_text=decision_text.strip(),
            made_by=by,
        )
        history.save(correction, by=by, reason="record_correction")
        paragraph.decision_text = decision_text.strip()
        history.save(
            paragraph,
            by=by,
            reason=f"rättelse v{minutes.version}: {reason.strip()}"[:100],
        )
    if minutes.is_locked:
        freeze_correction(minutes, correction, by=by)
    freeze_corrected_extract(paragraph, correction, by=by)
    return correction


def quorum_now(minutes: Minutes) -> Quorum:
    """Beslutförhet for the meeting as a whole, from the upprop."""
    return quorum_at(load_attendances(minutes), None)
