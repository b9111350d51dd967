"""Förhinder and inkallelse: a ledamot cannot come, the ersättare are asked in the
body's order, one at a time, until one says "Jag kommer".

Every change of one meeting's förhinder runs under a lock of the meeting's row, so
two ersättare answering at once, the beat task expiring an unanswered question and
the secretary's override are taken one after the other: the first "Jag kommer"
fills the seat and the second is told kindly that it is taken. E-mails are sent
after the commit by a task (services.inkallelse_mail); a mail server that is down
delays a question, it never loses the chain (the deadline still runs, the beat
task tries the mail again).
"""

import datetime
import enum

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import history
from federation.models import Assignment, Person
from meetings.ersattare_order import absent_seat_of, ersattare_in_order, unavailable
from meetings.models import Forhinder, Inkallelse, Meeting
from meetings.tasks import send_inkallelse_mail_task

from .inkallelse_mail import meeting_path
from .meetings import meeting_settings_for

SECRETARY = "secretary"  # Inkallelse.step of an ersättare the secretary chose


class Answer(enum.Enum):
    """What became of an ersättare's answer, for the page that thanks them."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    TAKEN = "taken"  # another ersättare was first
    EXPIRED = "expired"
    USED = "used"  # the link was used before
    NOT_NEEDED = "not_needed"  # förhinder withdrawn or the secretary stopped


def _lock(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_for_update()
        .select_related("body__federation")
        .get(pk=meeting_id)
    )


def _check_not_started(meeting: Meeting, now: datetime.datetime) -> None:
    if now >= meeting.starts:
        raise ValidationError(_("The meeting has started; tell the secretary instead."))


def _follow_upprop(meeting: Meeting, *, by: User | None, now) -> None:
    """A protokoll started already gets the change in its upprop's untouched rows
    (minutes.services.follow_upprop_plan), under the same lock and transaction."""
    from minutes.services.attendance import follow_upprop_plan  # noqa: PLC0415 circular

    follow_upprop_plan(meeting, by=by, now=now)


def seat_of(meeting: Meeting, person: Person) -> Assignment | None:
    """The person's uppdrag in the meeting's body on its day, if any."""
    return (
        Assignment.objects.active_on(meeting.date)
        .filter(body_id=meeting.body_id, person=person)
        .order_by("role")
        .first()
    )


@transaction.atomic
def report_forhinder(
    meeting: Meeting,
    person: Person,
    *,
    comment: str = "",
    by: User | None,
    now: datetime.datetime | None = None,
) -> Forhinder:
    """Record that the person cannot come; for a ledamot's seat the first ersättare
    is asked at once. Reporting again after a withdrawal starts a new chain."""
    now = now or timezone.now()
    meeting = _lock(meeting.pk)
    _check_not_started(meeting, now)
    if seat_of(meeting, person) is None:
        raise ValidationError(_("You have no seat in this body on the meeting's day."))
    forhinder = Forhinder.objects.filter(meeting=meeting, person=person).first()
    if forhinder is not None and forhinder.is_active:
        raise ValidationError(_("Your forhinder is already reported."))
    if forhinder is not None:
        for old in forhinder.inkallelser.all():
            history.delete(old, by=by, reason="Förhinder anmält på nytt")
    forhinder = forhinder or Forhinder(meeting=meeting, person=person)
    forhinder.comment = comment.strip()[:500]
    forhinder.reported_at, forhinder.withdrawn_at = now, None
    forhinder.filled_by = None
    forhinder.status = Forhinder.Status.SEEKING
    history.save(forhinder, by=by, reason="Förhinder anmält")
    absent = absent_seat_of(forhinder)
    if absent is None or not meeting.body.has_ersattare:
        forhinder.status = Forhinder.Status.NOT_CALLED
        history.save(forhinder, by=by, reason="Ingen ersättare kallas in")
        _follow_upprop(meeting, by=by, now=now)
        return forhinder
    _call_next(forhinder, now=now)
    _follow_upprop(meeting, by=by, now=now)
    return forhinder


def _answer_by(meeting: Meeting, now: datetime.datetime) -> datetime.datetime:
    hours = meeting_settings_for(meeting.body).answer_hours or 24
    return min(now + datetime.timedelta(hours=hours), meeting.starts)


def _ask(
    forhinder: Forhinder,
    person: Person,
    *,
    step: str,
    now: datetime.datetime,
    by: User | None = None,
) -> Inkallelse:
    has_mail = bool(person.email)
    inkallelse = Inkallelse(
        forhinder=forhinder,
        person=person,
        position=forhinder.inkallelser.count() + 1,
        step=step,
        asked_at=now,
        answer_by=_answer_by(forhinder.meeting, now),
        asked_by=by,
        status=Inkallelse.Status.ASKED if has_mail else Inkallelse.Status.SKIPPED,
        mail_status=Inkallelse.Mail.PENDING if has_mail else Inkallelse.Mail.NONE,
    )
    reason = "Ersättare tillfrågad" if has_mail else "Ersättare utan e-post hoppas över"
    history.save(inkallelse, by=by, reason=reason)
    if has_mail:
        send_inkallelse_mail_task.delay_on_commit(inkallelse_id=inkallelse.pk)
    return inkallelse


def _call_next(forhinder: Forhinder, *, now: datetime.datetime) -> Inkallelse | None:
    """Ask the next free ersättare of the body's order (under the meeting's lock);
    none left: the förhinder says so and the secretary sees it."""
    meeting = forhinder.meeting
    if now >= meeting.starts:
        return None
    skip = unavailable(meeting, forhinder)
    order = ersattare_in_order(
        meeting, absent_seat_of(forhinder), meeting_settings_for(meeting.body)
    )
    for candidate in order:
        if candidate.seat.person_id in skip:
            continue
        asked = _ask(forhinder, candidate.seat.person, step=candidate.step, now=now)
        if asked.status == Inkallelse.Status.ASKED:
            return asked
        skip.add(candidate.seat.person_id)
    if not forhinder.inkallelser.filter(status=Inkallelse.Status.ASKED).exists():
        forhinder.status = Forhinder.Status.NO_ERSATTARE
        history.save(forhinder, by=None, reason="Ingen fler ersättare att fråga")
        _tell_reporter(forhinder)
    return None


def _tell_reporter(forhinder: Forhinder) -> None:
    """The ledamot's Nytt list: who comes in their place, or that nobody was found."""
    from inbox.services import post  # noqa: PLC0415 circular

    user = forhinder.person.user
    if user is None:
        return
    meeting = forhinder.meeting
    with override("sv"):  # stored text, read later in Swedish
        title = _reporter_title(forhinder)
    post(
        user,
        federation=meeting.body.federation,
        kind="forhinder",
        title=title,
        url=meeting_path(meeting),
    )


def _reporter_title(forhinder: Forhinder) -> str:
    meeting = forhinder.meeting
    if forhinder.filled_by is not None:
        title = _("%(person)s serves in your place at %(meeting)s") % {
            "person": forhinder.filled_by.full_name,
            "meeting": meeting,
        }
    else:
        title = _("No substitute was found for you at %(meeting)s") % {
            "meeting": meeting
        }
    return title


def _cancel_open(
    forhinder: Forhinder, *, by: User | None, reason: str, keep: int | None = None
) -> None:
    """Every question still open, and a yes already given (but `keep`'s), is no
    longer needed; the ersättare who were asked or said yes are told by e-mail."""
    rows = forhinder.inkallelser.filter(
        status__in=[Inkallelse.Status.ASKED, Inkallelse.Status.ACCEPTED]
    )
    for inkallelse in rows.exclude(pk=keep) if keep is not None else rows:
        was_told = inkallelse.mail_status == Inkallelse.Mail.SENT
        said_yes = inkallelse.status == Inkallelse.Status.ACCEPTED
        inkallelse.status = Inkallelse.Status.CANCELLED
        if was_told or said_yes:
            inkallelse.mail_status = Inkallelse.Mail.PENDING
        elif inkallelse.mail_status != Inkallelse.Mail.NONE:
            inkallelse.mail_status = Inkallelse.Mail.NONE
        history.save(inkallelse, by=by, reason=reason)
        if inkallelse.mail_status == Inkallelse.Mail.PENDING:
            send_inkallelse_mail_task.delay_on_commit(inkallelse_id=inkallelse.pk)


@transaction.atomic
def withdraw_forhinder(
    forhinder: Forhinder, *, by: User | None, now: datetime.datetime | None = None
) -> Forhinder:
    """The person comes after all: questions still open are closed and an ersättare
    who said yes is told they are not needed. Until the meeting starts."""
    now = now or timezone.now()
    meeting = _lock(forhinder.meeting_id)
    _check_not_started(meeting, now)
    forhinder = Forhinder.objects.select_related("meeting").get(pk=forhinder.pk)
    if not forhinder.is_active:
        return forhinder
    _cancel_open(forhinder, by=by, reason="Förhinder återtaget")
    forhinder.status = Forhinder.Status.WITHDRAWN
    forhinder.withdrawn_at = now
    forhinder.filled_by = None
    history.save(forhinder, by=by, reason="Förhinder återtaget")
    _follow_upprop(meeting, by=by, now=now)
    return forhinder


def _accept(forhinder: Forhinder, inkallelse: Inkallelse, now) -> Answer:
    if forhinder.status == Forhinder.Status.FILLED:
        return Answer.TAKEN
    serving = Inkallelse.objects.filter(
        forhinder__meeting_id=forhinder.meeting_id,
        person_id=inkallelse.person_id,
        status=Inkallelse.Status.ACCEPTED,
    )
    if serving.exists():
        return Answer.TAKEN
    inkallelse.status = Inkallelse.Status.ACCEPTED
    inkallelse.answered_at = now
    history.save(inkallelse, by=None, reason="Ersättaren kommer")
    _cancel_open(
        forhinder,
        by=None,
        reason="Platsen fylld av en annan ersättare",
        keep=inkallelse.pk,
    )
    forhinder.status = Forhinder.Status.FILLED
    forhinder.filled_by = inkallelse.person
    history.save(forhinder, by=None, reason="Ersättare inkallad")
    _tell_reporter(forhinder)
    _follow_upprop(forhinder.meeting, by=None, now=now)
    return Answer.ACCEPTED


@transaction.atomic
def answer_inkallelse(
    inkallelse: Inkallelse, *, comes: bool, now: datetime.datetime | None = None
) -> Answer:
    """An ersättare's answer through the link: once, before the deadline, while the
    seat is open. "Jag kan inte" asks the next one at once."""
    now = now or timezone.now()
    _lock(inkallelse.forhinder.meeting_id)
    inkallelse = Inkallelse.objects.select_related("forhinder__meeting__body").get(
        pk=inkallelse.pk
    )
    forhinder = inkallelse.forhinder
    Status = Inkallelse.Status
    if inkallelse.answered_at is not None or inkallelse.status in (
        Status.ACCEPTED,
        Status.DECLINED,
    ):
        return Answer.USED
    if inkallelse.status == Status.CANCELLED:
        return Answer.TAKEN if forhinder.is_active else Answer.NOT_NEEDED
    if inkallelse.status == Status.EXPIRED or inkallelse.is_expired(now):
        _expire(inkallelse, now=now)
        return Answer.EXPIRED
    if not forhinder.is_active or forhinder.status == Forhinder.Status.STOPPED:
        return Answer.NOT_NEEDED
    if comes:
        return _accept(forhinder, inkallelse, now)
    inkallelse.status, inkallelse.answered_at = Status.DECLINED, now
    history.save(inkallelse, by=None, reason="Ersättaren kan inte")
    if forhinder.status == Forhinder.Status.SEEKING and not _others_open(inkallelse):
        _call_next(forhinder, now=now)
    return Answer.DECLINED


def _others_open(inkallelse: Inkallelse) -> bool:
    return (
        inkallelse.forhinder.inkallelser.filter(status=Inkallelse.Status.ASKED)
        .exclude(pk=inkallelse.pk)
        .exists()
    )


def _expire(inkallelse: Inkallelse, *, now: datetime.datetime) -> None:
    """No answer by the deadline: the next ersättare is asked (under the lock)."""
    if inkallelse.status != Inkallelse.Status.ASKED:
        return
    inkallelse.status = Inkallelse.Status.EXPIRED
    history.save(inkallelse, by=None, reason="Inget svar i tid")
    forhinder = inkallelse.forhinder
    if forhinder.status == Forhinder.Status.SEEKING and not _others_open(inkallelse):
        _call_next(forhinder, now=now)


def expire_unanswered(now: datetime.datetime | None = None) -> int:
    """The beat task: every question past its deadline expires and the next
    ersättare is asked; each meeting under its own lock. Idempotent."""
    now = now or timezone.now()
    due = list(
        Inkallelse.objects.filter(
            status=Inkallelse.Status.ASKED, answer_by__lte=now
        ).values_list("pk", "forhinder__meeting_id")
    )
    for pk, meeting_id in due:
        with transaction.atomic():
            _lock(meeting_id)
            inkallelse = Inkallelse.objects.select_related(
                "forhinder__meeting__body"
            ).get(pk=pk)
            _expire(inkallelse, now=now)
    return len(due)


def _locked_forhinder(forhinder: Forhinder, now: datetime.datetime) -> Forhinder:
    _lock(forhinder.meeting_id)
    forhinder = Forhinder.objects.select_related("meeting__body").get(pk=forhinder.pk)
    _check_not_started(forhinder.meeting, now)
    if not forhinder.is_active:
        raise ValidationError(_("The forhinder has been withdrawn."))
    return forhinder


def _check_free(forhinder: Forhinder, person: Person) -> None:
    """The secretary's choice: an ersättare of the body, not serving or asked for
    another seat of the meeting, without förhinder of their own."""
    meeting = forhinder.meeting
    if not Assignment.objects.active_on(meeting.date).filter(
        body_id=meeting.body_id, person=person, role=Assignment.Role.ERSATTARE
    ):
        raise ValidationError(_("Choose a substitute of the body."))
    elsewhere = Inkallelse.objects.filter(
        forhinder__meeting=meeting,
        person=person,
        status__in=[Inkallelse.Status.ASKED, Inkallelse.Status.ACCEPTED],
    ).exclude(forhinder=forhinder)
    own = Forhinder.objects.filter(meeting=meeting, person=person).exclude(
        status=Forhinder.Status.WITHDRAWN
    )
    if elsewhere.exists() or own.exists():
        raise ValidationError(
            _("%(person)s is asked for another seat, serves in one or cannot come.")
            % {"person": person.full_name}
        )


@transaction.atomic
def ask_ersattare(
    forhinder: Forhinder,
    person: Person,
    *,
    by: User | None,
    now: datetime.datetime | None = None,
) -> Inkallelse:
    """The secretary asks this ersättare as well; questions already open stay
    open, and the first "Jag kommer" fills the seat."""
    now = now or timezone.now()
    forhinder = _locked_forhinder(forhinder, now)
    _check_free(forhinder, person)
    if forhinder.inkallelser.filter(person=person).exists():
        raise ValidationError(
            _("%(person)s has been asked already.") % {"person": person.full_name}
        )
    inkallelse = _ask(forhinder, person, step=SECRETARY, now=now, by=by)
    if inkallelse.status == Inkallelse.Status.SKIPPED:
        raise ValidationError(
            _("%(person)s has no e-mail address; call them.")
            % {"person": person.full_name}
        )
    if forhinder.status != Forhinder.Status.FILLED:
        forhinder.status = Forhinder.Status.SEEKING
        history.save(forhinder, by=by, reason="Sekreteraren frågade en ersättare")
    return inkallelse


@transaction.atomic
def fill_seat(
    forhinder: Forhinder,
    person: Person,
    *,
    by: User | None,
    now: datetime.datetime | None = None,
) -> Forhinder:
    """The secretary has an ersättare's yes (by phone): the seat is filled, other
    questions are closed."""
    now = now or timezone.now()
    forhinder = _locked_forhinder(forhinder, now)
    if forhinder.status == Forhinder.Status.FILLED:
        raise ValidationError(_("The seat is filled already."))
    _check_free(forhinder, person)
    inkallelse = forhinder.inkallelser.filter(person=person).first()
    if inkallelse is None:
        inkallelse = _ask(forhinder, person, step=SECRETARY, now=now, by=by)
    return _secretary_accepts(forhinder, inkallelse, by=by, now=now)


def _secretary_accepts(
    forhinder: Forhinder, inkallelse: Inkallelse, *, by: User | None, now
) -> Forhinder:
    inkallelse.status, inkallelse.answered_at = Inkallelse.Status.ACCEPTED, now
    inkallelse.mail_status = Inkallelse.Mail.NONE
    history.save(inkallelse, by=by, reason="Sekreteraren har fått ersättarens ja")
    _cancel_open(
        forhinder, by=by, reason="Platsen fylld av sekreteraren", keep=inkallelse.pk
    )
    forhinder.status, forhinder.filled_by = Forhinder.Status.FILLED, inkallelse.person
    history.save(forhinder, by=by, reason="Platsen fylld av sekreteraren")
    _tell_reporter(forhinder)
    _follow_upprop(forhinder.meeting, by=by, now=now)
    return forhinder


@transaction.atomic
def stop_inkallelse(
    forhinder: Forhinder, *, by: User | None, now: datetime.datetime | None = None
) -> Forhinder:
    """The secretary stops calling in: open questions and a yes are withdrawn."""
    now = now or timezone.now()
    forhinder = _locked_forhinder(forhinder, now)
    _cancel_open(forhinder, by=by, reason="Inkallelsen stoppad av sekreteraren")
    forhinder.status, forhinder.filled_by = Forhinder.Status.STOPPED, None
    history.save(forhinder, by=by, reason="Inkallelsen stoppad av sekreteraren")
    _follow_upprop(forhinder.meeting, by=by, now=now)
    return forhinder
