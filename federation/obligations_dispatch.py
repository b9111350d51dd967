"""Expediering of a justerat protokoll to the recipients its body's rules name
(BodyRules.expedite_to: the members' kommunstyrelser, the regionstyrelse): on
justering each gets the public protokoll, registered as an expedierad handling.

The expediering of one § to the recipients of its ärende is minutes.expedition."""

import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import Document
from cases.services import register_generated_document
from core import history
from minutes.frozen import store_frozen_pdf
from minutes.models import Minutes, ProtokollVersion

from .models import Body
from .models_obligations import BodyRules, ProtokollDispatch
from .services import composition_on
from .tasks import dispatch_protokoll_task

logger = logging.getLogger(__name__)


def recipients_of(body: Body) -> list[Body]:
    rules = BodyRules.objects.filter(body=body).first()
    return list(rules.expedite_to.order_by("name")) if rules else []


def queue_dispatch(minutes: Minutes, *, by: User | None) -> None:
    """Called at justering: the expediering runs once the justering has committed,
    when the body's rules name recipients."""
    if recipients_of(minutes.meeting.body):
        dispatch_protokoll_task.delay_on_commit(
            minutes_id=minutes.pk, user_id=by.pk if by else None
        )


def _protokoll_pdf(minutes: Minutes) -> bytes:
    """The public version of the justerat protokoll (the recipients are other
    authorities: what is not public stays in the förbund), made here when its
    build has not run yet; an OSError makes the task try again."""
    version = (
        minutes.versions.filter(kind=ProtokollVersion.Kind.PUBLIC)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise ValidationError(_("The minutes have no frozen version."))
    if not version.has_file:
        version = store_frozen_pdf(version)
    if version.build_status == version.BuildStatus.FAILED:
        raise ValidationError(_("The minutes could not be made into a PDF."))
    if not version.has_file:
        raise OSError("the protokoll PDF is being made")
    with version.file.open("rb") as file:
        return file.read()


def dispatch_protokoll(minutes: Minutes, *, by: User | None) -> list[ProtokollDispatch]:
    """Expediera the justerat protokoll to each recipient not yet sent to: one
    expedierad handling a recipient, mailed to the persons seated in it.

    Each recipient in a transaction of its own that mails before it commits: a mail
    server down rolls that recipient's row back, the others go on, and an OSError at
    the end makes the task try again for those left (a row written before its mail
    was sent would have counted as sent and the mail been lost)."""
    minutes = Minutes.objects.select_related("meeting__body__federation").get(
        pk=minutes.pk
    )
    if minutes.status != Minutes.Status.JUSTERAT:
        raise ValidationError(_("Only approved minutes can be dispatched."))
    done = set(minutes.dispatches.values_list("recipient_id", flat=True))
    todo = [r for r in recipients_of(minutes.meeting.body) if r.pk not in done]
    if not todo:
        return []
    content = _protokoll_pdf(minutes)
    dispatches, failed = [], []
    for recipient in todo:
        try:
            dispatch = _dispatch_one(minutes, recipient, content, by=by)
        except OSError:
            logger.exception("Protokoll %s not sent to %s", minutes.pk, recipient.pk)
            failed.append(recipient.name)
            continue
        if dispatch is not None:
            dispatches.append(dispatch)
    if failed:
        raise OSError(f"the protokoll could not be mailed to {', '.join(failed)}")
    return dispatches


@transaction.atomic
def _dispatch_one(
    minutes: Minutes, recipient: Body, content: bytes, *, by: User | None
) -> ProtokollDispatch | None:
    # Locked: a second run waits here and then finds the first one's row.
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__body__federation")
        .get(pk=minutes.pk)
    )
    if minutes.dispatches.filter(recipient=recipient).exists():
        return None
    meeting = minutes.meeting
    body = meeting.body
    with override("sv"):
        title = _("Minutes %(body)s %(date)s") % {
            "body": body.short_name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
    document = register_generated_document(
        body.federation,
        content=content,
        filename=f"protokoll-{meeting.date:%Y%m%d}.pdf",
        title=title,
        kind=Document.Kind.PROTOKOLL,
        direction=Document.Direction.DISPATCHED,
        counterpart=recipient.name[:300],
        by=by,
    )
    seats = composition_on(recipient, timezone.localdate())
    addresses = sorted(
        {
            s.person.email
            for s in [*seats.beslutande, *seats.ersattare]
            if s.person.email
        }
    )
    dispatch = ProtokollDispatch(
        minutes=minutes,
        recipient=recipient,
        document=document,
        emailed_to="\n".join(addresses),
    )
    history.save(dispatch, by=by, reason="dispatch_protokoll")
    if addresses:
        _send(title, content, document, addresses)
    return dispatch


def _send(title: str, content: bytes, document: Document, addresses: list[str]) -> None:
    message = EmailMessage(title, title, None, [], bcc=addresses)
    name = (document.file.name or "").rsplit("/", 1)[-1]
    message.attach(name, content, "application/pdf")
    message.send()
