"""Meeting end, justerare and justering: the protokoll sent, justerat and posted
on the anslagstavla."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.swedish_days import next_weekday
from federation.models import Person
from meetings.models import Meeting
from minutes.frozen import (
    freeze_immediate_extract,
    freeze_protokoll,
    freeze_underlag,
    underlag_sha256,
)
from minutes.models import APPEAL_DAYS, Anslag, Approval, Minutes, Paragraph
from minutes.news import post_justering_news
from minutes.privacy import public_hits
from minutes.selectors import newest_underlag
from minutes.tasks import notify_comment_task, notify_justering_task

from .editing import _editable, _editable_paragraph, _lock


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
            raise ValidationError(
                _("The chair signs the minutes anyway; choose another.")
            )
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
        raise ValidationError(_("Name the chair of the meeting."))
    if not minutes.approvals.filter(role=Approval.Role.JUSTERARE).exists():
        raise ValidationError(_("Choose the justerare first."))
    if not minutes.paragraphs.exists():
        raise ValidationError(_("The minutes have no §§."))
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
    post_justering_news(minutes)  # Nytt, in the same transaction


def _own_approvals(minutes: Minutes, user: User) -> list[Approval]:
    approvals = list(
        minutes.approvals.filter(person__user=user, approved_at__isnull=True)
    )
    if not approvals:
        raise ValidationError(
            _(
                "You are not a justerare of these minutes, or have already approved "
                "them."
            )
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
        raise ValidationError(_("The minutes are not out for justering."))
    approvals = _own_approvals(minutes, user)
    underlag = newest_underlag(minutes)
    if underlag is None or underlag.content_sha256 != underlag_sha256(minutes):
        raise ValidationError(
            _(
                "The minutes are no longer what was sent for justering. "
                "The secretary sends them again."
            )
        )
    if shown_sha256 is not None and shown_sha256 != underlag.sha256:
        raise ValidationError(
            _("The minutes have changed since you read them. Read them again.")
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
        raise ValidationError(_("The minutes are not out for justering."))
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
        raise ValidationError(_("The minutes are not out for justering."))
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
            "The public minutes would show a personal identity number: %(places)s. "
            "Remove it, or make the § not public, first."
        )
        % {"places": places}
    )


def _post_anslag(
    minutes: Minutes, day: datetime.date, by: User | None, paragraph: Paragraph | None
) -> Anslag:
    # Three weeks; a last day that is a Saturday, a holiday or an eve runs on to the
    # next weekday (Lag (1930:173) om beräkning av lagstadgad tid).
    ends = next_weekday(day + datetime.timedelta(days=APPEAL_DAYS))
    federation = minutes.meeting.body.federation
    anslag = Anslag(
        federation=federation,
        kind=Anslag.Kind.JUSTERING,
        minutes=minutes,
        paragraph=paragraph,
        posted_on=day,
        appeal_ends_on=ends,
        takes_down_on=ends,
        kept_at=federation.forvaringsplats or federation.name,
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
    # The arvodesunderlag from the närvaro as justerat, frozen with it.
    from arvode.services import freeze_arvode_lines  # noqa: PLC0415 circular

    freeze_arvode_lines(minutes, by=by)
    # The protokoll expedierat to the recipients the body's rules name (issue 22.2).
    from federation.obligations_dispatch import queue_dispatch  # noqa: PLC0415 circular

    queue_dispatch(minutes, by=by)


@transaction.atomic
def justera_immediately(
    paragraph: Paragraph, *, by: User | None, today: datetime.date | None = None
) -> Anslag:
    """Omedelbar justering of one § at the meeting: locked and posted at once."""
    paragraph = _editable_paragraph(paragraph)
    if paragraph.outcome == Paragraph.Outcome.DECIDED and not paragraph.decision_text:
        raise ValidationError(_("Write the decision before approving it."))
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
