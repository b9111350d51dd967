"""The e-mails of the inkallelse and their answer links.

A link carries the inkallelse's id and its stored token, signed (django.core.signing)
so that neither can be guessed or changed; the row says whether it was used
(`answered_at`) and until when it works (`answer_by`). Opening the link shows a
page with a button (a mail scanner's GET answers nothing); the POST answers.

An e-mail is claimed under a row lock before it is sent and marked after, so a
retried task mails nobody twice; a failure leaves the row FAILED for the task's
retries and the beat task (send_unsent_inkallelse_mail).
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import history
from meetings.models import Inkallelse, Meeting
from meetings.tasks import send_inkallelse_mail_task

logger = logging.getLogger(__name__)

SALT = "meetings.inkallelse"
MAIL_MAX_ATTEMPTS = 20
CLAIM_STALE = datetime.timedelta(minutes=10)


def meeting_path(meeting: Meeting) -> str:
    return reverse(
        "meetings:meeting_detail", args=[meeting.body.federation.slug, meeting.pk]
    )


def signed_token(inkallelse: Inkallelse) -> str:
    return signing.dumps({"i": inkallelse.pk, "t": inkallelse.token}, salt=SALT)


def inkallelse_from_token(value: str) -> Inkallelse | None:
    """The inkallelse of a link, or None for a forged, changed or unknown one."""
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    return (
        Inkallelse.objects.select_related(
            "person", "forhinder__person__party", "forhinder__meeting__body__federation"
        )
        .filter(pk=data["i"], token=str(data.get("t")))
        .first()
    )


def answer_url(inkallelse: Inkallelse, answer: str) -> str:
    slug = inkallelse.forhinder.meeting.body.federation.slug
    path = reverse(
        "meetings:inkallelse_answer", args=[slug, signed_token(inkallelse), answer]
    )
    return settings.SITE_URL.rstrip("/") + path


def _facts(inkallelse: Inkallelse) -> dict[str, str]:
    meeting = inkallelse.forhinder.meeting
    answer_by = timezone.localtime(inkallelse.answer_by)
    return {
        "body": meeting.body.name,
        "date": f"{meeting.date:%Y-%m-%d}",
        "time": meeting.starts_at.strftime("%H.%M"),
        "place": meeting.place,
        "absent": inkallelse.forhinder.person.name_with_party,
        "answer_by": f"{answer_by:%Y-%m-%d} {answer_by:%H.%M}",
        "yes": answer_url(inkallelse, "kommer"),
        "no": answer_url(inkallelse, "kan-inte"),
        "url": settings.SITE_URL.rstrip("/") + meeting_path(meeting),
    }


def inkallelse_mail(inkallelse: Inkallelse) -> tuple[str, str]:
    """The subject and text: the question, or that the ersättare is not needed."""
    with override("sv"):
        facts = _facts(inkallelse)
        if inkallelse.status == Inkallelse.Status.CANCELLED:
            subject = _("No longer needed: %(body)s %(date)s") % facts
            body = _(
                "You do not need to serve at %(body)s on %(date)s at %(time)s: "
                "the seat of %(absent)s is taken care of. Thank you!\n"
            )
            return subject, body % facts
        subject = _("Can you serve? %(body)s %(date)s") % facts
        body = _(
            "%(absent)s cannot come to %(body)s on %(date)s at %(time)s, "
            "%(place)s. Can you serve in their place?\n\n"
            "I will come: %(yes)s\n"
            "I cannot come: %(no)s\n\n"
            "Please answer by %(answer_by)s; after that the next substitute is "
            "asked. Each link can be used once.\n\n"
            "The agenda and every document: %(url)s\n"
        )
        return subject, body % facts


def _claim(pk: int) -> Inkallelse | None:
    with transaction.atomic():
        inkallelse = (
            Inkallelse.objects.select_for_update(of=("self",))
            .select_related("person", "forhinder__person__party")
            .select_related("forhinder__meeting__body__federation")
            .get(pk=pk)
        )
        sendable = inkallelse.status in (
            Inkallelse.Status.ASKED,
            Inkallelse.Status.CANCELLED,
        )
        if (
            not sendable
            or inkallelse.mail_status
            not in (Inkallelse.Mail.PENDING, Inkallelse.Mail.FAILED)
            or not inkallelse.person.email
        ):
            return None
        inkallelse.mail_attempts += 1
        history.save(
            inkallelse,
            by=None,
            reason="E-post till ersättare",
            update_fields=["mail_attempts"],
        )
    return inkallelse


def _mark(inkallelse: Inkallelse, error: Exception | None) -> None:
    with transaction.atomic():
        # The answer may have come meanwhile: only the mail fields are written.
        inkallelse.mail_status = (
            Inkallelse.Mail.FAILED if error else Inkallelse.Mail.SENT
        )
        inkallelse.mail_error = (
            f"{type(error).__name__}: {error}"[:2000] if error else ""
        )
        history.save(
            inkallelse,
            by=None,
            reason="E-post till ersättare",
            update_fields=["mail_status", "mail_error"],
        )


def send_inkallelse_mail(inkallelse: Inkallelse) -> bool:
    """Send the e-mail the row's status calls for, once; raise on a mail server
    error (the task retries)."""
    claimed = _claim(inkallelse.pk)
    if claimed is None:
        return False
    subject, body = inkallelse_mail(claimed)
    try:
        EmailMessage(subject, body, to=[claimed.person.email]).send()
    except OSError as error:  # smtplib's errors are OSErrors
        logger.warning("Inkallelse mail to %s failed: %s", claimed.person.email, error)
        _mark(claimed, error)
        raise
    _mark(claimed, None)
    return True


def send_unsent_inkallelse_mail(now: datetime.datetime | None = None) -> int:
    """Queue again the e-mails a broker outage lost or the retries gave up on."""
    now = now or timezone.now()
    ids = list(
        Inkallelse.objects.filter(
            status__in=[Inkallelse.Status.ASKED, Inkallelse.Status.CANCELLED],
            mail_status__in=[Inkallelse.Mail.PENDING, Inkallelse.Mail.FAILED],
            mail_attempts__lt=MAIL_MAX_ATTEMPTS,
            asked_at__lt=now - datetime.timedelta(minutes=2),
            forhinder__meeting__date__gte=timezone.localdate(now),
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        send_inkallelse_mail_task.dispatch(inkallelse_id=pk)
    return len(ids)
