"""E-mails of the justering: to the justerare and ordförande, back to the secretary."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Minutes


def minutes_url(minutes: Minutes) -> str:
    meeting = minutes.meeting
    path = reverse("minutes:detail", args=[meeting.body.federation.slug, meeting.pk])
    return settings.SITE_URL.rstrip("/") + path


def notify_justering(minutes: Minutes) -> int:
    """Tell each justerare and the ordförande that the protokoll waits for them."""
    addresses = sorted(
        {
            a.person.email
            for a in minutes.approvals.select_related("person")
            if a.person.email
        }
    )
    if not addresses:
        return 0
    with override("sv"):
        subject = _("Minutes to approve: %(meeting)s") % {"meeting": minutes.meeting}
        body = _(
            "The minutes of %(meeting)s are ready for justering. Read and approve "
            "them, or comment, here:\n%(url)s"
        ) % {"meeting": minutes.meeting, "url": minutes_url(minutes)}
    return send_mail(subject, body, None, addresses)


def notify_comment(minutes: Minutes) -> int:
    """Tell the secretary that a justerare commented and the protokoll is back."""
    secretary = minutes.secretary
    if secretary is None or not secretary.email:
        return 0
    comments = "\n\n".join(
        f"{a.person}: {a.comment}"
        for a in minutes.approvals.select_related("person").exclude(comment="")
    )
    with override("sv"):
        subject = _("Comments on the minutes: %(meeting)s") % {
            "meeting": minutes.meeting
        }
        body = f"{comments}\n\n{minutes_url(minutes)}"
    return send_mail(subject, body, None, [secretary.email])
