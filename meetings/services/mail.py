"""The kallade's e-mail of a stored kallelse version: once per address, retried."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import history
from meetings.models import KallelseDelivery, KallelseVersion, Meeting
from meetings.selectors import kallade_for
from meetings.tasks import send_kallelse_mail_task

from .changes import kallelse_changes

logger = logging.getLogger(__name__)

# A claim older than this is a sender that died (SMTP waits EMAIL_TIMEOUT at most):
# that recipient is tried again.
DELIVERY_CLAIM_STALE = datetime.timedelta(minutes=10)
# A failed send is tried by the task's retries; past them, the beat task's sweep
# tries it again until this many attempts.
DELIVERY_MAX_ATTEMPTS = 20


def meeting_url(meeting: Meeting) -> str:
    path = reverse(
        "meetings:meeting_detail", args=[meeting.body.federation.slug, meeting.pk]
    )
    return settings.SITE_URL.rstrip("/") + path


def kallelse_mail(version: KallelseVersion) -> tuple[str, str]:
    """The subject and text of a version's e-mail to the kallade; a kompletterande
    version's says what changed (its note and services.kallelse_changes)."""
    meeting = version.meeting
    day = date_format(meeting.date, "Y-m-d")
    with override("sv"):
        subject = (
            _("Supplementary documents: %(meeting)s")
            if version.is_supplement
            else _("Kallelse: %(meeting)s")
        ) % {"meeting": f"{meeting.body.name} {day}"}
        facts = {
            "body": meeting.body.name,
            "date": day,
            "time": meeting.starts_at.strftime("%H.%M"),
            "place": version.snapshot.get("place", meeting.place),
            "url": meeting_url(meeting),
        }
        if not version.is_supplement:
            body = (
                _(
                    "You are called to %(body)s on %(date)s at %(time)s, %(place)s.\n\n"
                    "The agenda and every document: %(url)s\n"
                )
                % facts
            )
            return subject, body
        lines = [
            _(
                "Supplementary documents (version %(number)s) for %(body)s on "
                "%(date)s at %(time)s, %(place)s."
            )
            % {**facts, "number": version.number},
            "",
        ]
        if version.change_note:
            lines += [version.change_note, ""]
        changes = kallelse_changes(version)
        if changes:
            lines.append(
                _("What changed since version %(number)s:")
                % {"number": version.number - 1}
            )
            lines += [f"- {change}" for change in changes]
            lines.append("")
        lines.append(_("The agenda and every document: %(url)s") % facts)
    return subject, "\n".join(lines) + "\n"


def _record_recipients(version: KallelseVersion) -> None:
    """One delivery row per address of the kallade; a kallad added to the body since
    an earlier attempt gets one too. The unique constraint keeps each address once."""
    known = set(version.deliveries.values_list("email", flat=True))
    for person in kallade_for(version.meeting).persons:
        if person.email and person.email not in known:
            known.add(person.email)
            delivery = KallelseDelivery(
                version=version, person=person, email=person.email
            )
            history.save(delivery, by=None, reason="notify_kallade")


def _claim_delivery(pk: int) -> KallelseDelivery | None:
    """Take one recipient's e-mail: not sent and not being sent by another worker."""
    Status = KallelseDelivery.Status
    with transaction.atomic():
        delivery = KallelseDelivery.objects.select_for_update().get(pk=pk)
        now = timezone.now()
        stale = (
            delivery.claimed_at is None
            or delivery.claimed_at < now - DELIVERY_CLAIM_STALE
        )
        if delivery.status == Status.SENT or (
            delivery.status == Status.SENDING and not stale
        ):
            return None
        delivery.status = Status.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        history.save(
            delivery,
            by=None,
            reason="notify_kallade",
            update_fields=["status", "claimed_at", "attempts"],
        )
    return delivery


def _mark_delivery(delivery: KallelseDelivery, error: Exception | None) -> None:
    Status = KallelseDelivery.Status
    delivery.status = Status.FAILED if error else Status.SENT
    delivery.error = f"{type(error).__name__}: {error}"[:2000] if error else ""
    delivery.sent_at = None if error else timezone.now()
    history.save(
        delivery,
        by=None,
        reason="notify_kallade",
        update_fields=["status", "error", "sent_at"],
    )


def notify_kallade(version: KallelseVersion) -> int:
    """E-mail every kallad with an address once per version; returns how many now.

    Each recipient is claimed before the mail is sent and marked after, outside any
    long transaction, so a retried or duplicated task mails nobody twice. When a send
    fails (the mail server is down) the others are still sent and the error is raised
    for the task to retry the failed ones later.
    """
    version = KallelseVersion.objects.select_related("meeting__body__federation").get(
        pk=version.pk
    )
    if version.notified_at is not None:
        return 0
    _record_recipients(version)
    subject, body = kallelse_mail(version)
    sent, failure = 0, None
    waiting = version.deliveries.exclude(status=KallelseDelivery.Status.SENT).filter(
        attempts__lt=DELIVERY_MAX_ATTEMPTS
    )
    for pk in waiting.values_list("pk", flat=True):
        delivery = _claim_delivery(pk)
        if delivery is None:
            continue
        try:
            EmailMessage(subject, body, to=[delivery.email]).send()
        except OSError as error:  # smtplib's errors are OSErrors
            logger.warning("Kallelse mail to %s failed: %s", delivery.email, error)
            _mark_delivery(delivery, error)
            failure = error
            continue
        _mark_delivery(delivery, None)
        sent += 1
    if failure is not None:
        raise failure
    _mark_notified(version)
    return sent


def _mark_notified(version: KallelseVersion) -> None:
    with transaction.atomic():
        version = KallelseVersion.objects.select_for_update().get(pk=version.pk)
        unsent = version.deliveries.exclude(status=KallelseDelivery.Status.SENT)
        if version.notified_at is not None or unsent.exists():
            return  # another worker is still sending one
        version.notified_at = timezone.now()
        history.save(
            version, by=None, reason="notify_kallade", update_fields=["notified_at"]
        )


def send_unsent_kallelse_mail(now: datetime.datetime | None = None) -> int:
    """Queue the e-mails of every stored kallelse whose kallade are not all mailed
    and that nobody is mailing now: the task was lost (a broker outage) or ran out
    of retries (a long mail server outage; DELIVERY_MAX_ATTEMPTS bounds the tries)."""
    now = now or timezone.now()
    deliveries = KallelseDelivery.objects.filter(version=OuterRef("pk"))
    recent = deliveries.filter(claimed_at__gte=now - DELIVERY_CLAIM_STALE)
    to_try = deliveries.exclude(status=KallelseDelivery.Status.SENT).filter(
        attempts__lt=DELIVERY_MAX_ATTEMPTS
    )
    ids = list(
        KallelseVersion.objects.filter(
            build_status=KallelseVersion.BuildStatus.DONE,
            notified_at__isnull=True,
            stored_at__lt=now - DELIVERY_CLAIM_STALE,
        )
        .filter(Exists(to_try) | ~Exists(deliveries))
        .exclude(Exists(recent))
        .values_list("pk", flat=True)
    )
    for version_id in ids:
        send_kallelse_mail_task.dispatch(version_id=version_id)
    if ids:
        logger.warning(
            "Queued the kallelse mail of %s versions again: %s", len(ids), ids
        )
    return len(ids)
