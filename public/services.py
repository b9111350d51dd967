"""Writes of the public side: a begäran of allmän handling, and e-mail subscriptions
with double opt-in and a one-click unsubscribe in every message."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Document
from cases.services import open_case
from core import history
from federation.models import Body, Federation
from federation.roles import Role

from .models import Begaran, Subscription, new_token
from .news import NewsItem, news_items

logger = logging.getLogger(__name__)

# Who registers a begäran (the registrator): the förbund's case officers and
# administrators with an e-mail address.
REGISTRATOR_ROLES = (Role.HANDLAGGARE, Role.ADMINISTRATOR)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Begäran ---------------------------------------------------------------------


@transaction.atomic
def register_begaran(
    asked_for: Document, *, name: str, contact: str, format: str
) -> Begaran:
    """Register a begäran att ta del av allmän handling as an inkommen handling of an
    ärende of its own: its diarienummer is the receipt. The registrators are told
    once it is committed (a mail outage loses no begäran: it is in the diarium)."""
    contact = contact.strip()
    if not contact:
        raise ValidationError(_("Say how we can reach you (e-mail or address)."))
    if format not in Begaran.Format.values:
        raise ValidationError(_("Choose how you want the document."))
    federation = asked_for.federation
    asked_dnr = asked_for.case.diarienummer if asked_for.case is not None else ""
    reference = asked_dnr or f"{asked_for.date:%Y-%m-%d}"
    case = open_case(
        federation,
        title=_("Request for a public document (%(reference)s)")
        % {"reference": reference},
        handlaggare=None,
        by=None,
    )
    document = Document(
        federation=federation,
        case=case,
        title=_("Request to see a public document (%(reference)s)")
        % {"reference": reference},
        kind=Document.Kind.BEGARAN,
        direction=Document.Direction.INCOMING,
        date=timezone.localdate(),
        counterpart=name.strip()[:300] or _("Anonymous"),
        # The contact details are the requester's: never on a public page.
        contains_personal_data=True,
    )
    history.save(document, by=None, reason="register_begaran")
    begaran = Begaran(
        federation=federation,
        asked_for=asked_for,
        document=document,
        name=name.strip()[:200],
        contact=contact[:300],
        format=format,
    )
    history.save(begaran, by=None, reason="register_begaran")
    transaction.on_commit(lambda: notify_registrators(begaran))
    return begaran


def registrators(federation: Federation) -> list[str]:
    return sorted(
        set(
            User.objects.filter(
                role_grants__federation=federation,
                role_grants__role__in=REGISTRATOR_ROLES,
                is_active=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def notify_registrators(begaran: Begaran) -> int:
    """Mail the registrators; a failure is logged, the begäran stays registered."""
    case = begaran.document.case
    asked = begaran.asked_for
    dnr = case.diarienummer if case is not None else ""
    asked_dnr = asked.case.diarienummer if asked.case is not None else ""
    subject = _("Request for a public document, %(dnr)s") % {"dnr": dnr}
    body = "\n".join(
        [
            _("A request for a public document was made on the public diarium."),
            "",
            _("Registered as: %(dnr)s") % {"dnr": dnr},
            _("Document asked for: %(dnr)s %(date)s %(title)s")
            % {
                "dnr": asked_dnr,
                "date": f"{asked.date:%Y-%m-%d}",
                "title": asked.title,
            },
            _("Name: %(name)s") % {"name": begaran.name or _("not given")},
            _("Contact: %(contact)s") % {"contact": begaran.contact},
            _("Format: %(format)s") % {"format": begaran.get_format_display()},
            "",
            _("A request is to be handled promptly (OSL 6 kap. 4 §)."),
            _absolute(case.get_absolute_url()) if case is not None else "",
        ]
    )
    addresses = registrators(begaran.federation)
    if not addresses:
        logger.warning("begäran %s: no registrator with an e-mail address", dnr)
        return 0
    try:
        return send_mail(subject, body, None, addresses)
    except OSError:
        logger.exception("begäran %s: the registrators could not be mailed", dnr)
        return 0


# --- Subscriptions ------------------------------------------------------------------


@transaction.atomic
def subscribe(federation: Federation, *, email: str, body: Body | None) -> None:
    """Ask the address to confirm (double opt-in). The answer is the same whether or
    not the address already subscribes, so the form tells no one who does."""
    if body is not None and body.federation_id != federation.pk:
        raise ValidationError(_("Choose only from this federation's register."))
    email = email.strip()
    subscription = (
        Subscription.objects.select_for_update()
        .filter(federation=federation, body=body, email__iexact=email)
        .first()
    )
    if subscription is not None and subscription.is_active:
        return
    if subscription is None:
        subscription = Subscription(federation=federation, body=body, email=email)
    else:  # unconfirmed or ended: a new address to confirm
        subscription.token = new_token()
        subscription.confirmed_at = subscription.unsubscribed_at = None
    history.save(subscription, by=None, reason="subscribe")
    transaction.on_commit(lambda: _send_confirmation(subscription))


def _send_confirmation(subscription: Subscription) -> None:
    federation = subscription.federation
    confirm = _absolute(
        reverse("public:confirm", args=[federation.slug, subscription.token])
    )
    subject = one_line(
        _("Confirm your subscription to %(name)s") % {"name": federation.name}
    )
    body = "\n".join(
        [
            _("Someone, hopefully you, asked for news of %(name)s by e-mail.")
            % {"name": federation.name},
            _("Confirm the subscription here:"),
            confirm,
            "",
            _("If you did not ask for it, ignore this message: nothing will be sent."),
        ]
    )
    try:
        send_mail(subject, body, None, [subscription.email])
    except OSError:
        logger.exception("subscription %s: no confirmation sent", subscription.pk)


def confirm_subscription(federation: Federation, token: str) -> Subscription | None:
    """The subscription of the token in this förbund, confirmed; None if none."""
    subscription = Subscription.objects.filter(
        federation=federation, token=token, unsubscribed_at__isnull=True
    ).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        now = timezone.now()
        subscription.confirmed_at = subscription.notified_until = now
        history.save(subscription, by=None, reason="confirm_subscription")
    return subscription


def unsubscribe(federation: Federation, token: str) -> Subscription | None:
    """The subscription of the token in this förbund, ended; None if none."""
    subscription = Subscription.objects.filter(
        federation=federation, token=token
    ).first()
    if subscription is None:
        return None
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        history.save(subscription, by=None, reason="unsubscribe")
    return subscription


def unsubscribe_url(subscription: Subscription) -> str:
    return _absolute(
        reverse(
            "public:unsubscribe",
            args=[subscription.federation.slug, subscription.token],
        )
    )


def one_line(text: str) -> str:
    """A header's text on one line: a name with a line break in it (pasted from a
    document) is a header injection to the mail library, which refuses it."""
    return " ".join(text.split())


def news_mail(subscription: Subscription, items: list[NewsItem]) -> EmailMessage:
    """One message with the news, its unsubscribe link in the text and in the
    List-Unsubscribe headers (RFC 8058: one click in the mail program)."""
    federation = subscription.federation
    scope = subscription.body.name if subscription.body else federation.name
    lines = [_("News from %(scope)s:") % {"scope": scope}, ""]
    for item in reversed(items):  # oldest first, as they happened
        lines += [f"{item.kind}: {item.title}", item.url, ""]
    unsubscribe = unsubscribe_url(subscription)
    lines += ["--", _("Stop these e-mails: %(url)s") % {"url": unsubscribe}]
    return EmailMessage(
        one_line(_("News from %(scope)s") % {"scope": scope}),
        "\n".join(lines),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_news(now: datetime.datetime | None = None) -> int:
    """Mail each confirmed subscription what is new since its last message; a failed
    message is tried again next time (its mark is not moved)."""
    now = now or timezone.now()
    sent = 0
    for subscription in Subscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("federation", "body"):
        items = [
            item
            for item in news_items(
                subscription.federation,
                subscription.body,
                since=subscription.notified_until,
                now=now,
            )
            if item.published <= now
        ]
        if items:
            try:
                news_mail(subscription, items).send()
            except (OSError, ValueError):  # ValueError: BadHeaderError among them
                logger.exception("subscription %s: news not sent", subscription.pk)
                continue
            sent += 1
        marks = Subscription.objects.filter(pk=subscription.pk)
        marks.update(notified_until=now)  # history: a mark of news mailed, no record
    return sent
