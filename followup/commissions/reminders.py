"""Reminders of uppdrag: `remind_days` before the due date and on it, by e-mail and
in Nytt, each exactly once.

Once: a reminder is sent inside a transaction that holds the commission's row (a second
worker skips it, SKIP LOCKED) and writes its CommissionReminder row (unique per
uppdrag, kind and due date), so a run the same day or later, or a run at the same
time, sends nothing twice; a mail that cannot be sent rolls the row back and the
next run tries again."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import history
from federation.roles import Role
from inbox.models import Item
from inbox.services import post_many

from .models import Commission, CommissionReminder

logger = logging.getLogger(__name__)

# A run missed (beat down) still sends the due-date reminder this many days late.
LATE_DAYS = 7


def reminders_due(
    commission: Commission, today: datetime.date
) -> list[CommissionReminder.Kind]:
    """The kinds of reminder of an ongoing uppdrag that are due on `today`."""
    due_on = commission.due_on
    if commission.state != Commission.State.ONGOING or due_on is None:
        return []
    kinds = []
    before = due_on - datetime.timedelta(days=commission.remind_days)
    if commission.remind_days and before <= today < due_on:
        kinds.append(CommissionReminder.Kind.BEFORE)
    if due_on <= today < due_on + datetime.timedelta(days=LATE_DAYS):
        kinds.append(CommissionReminder.Kind.DUE)
    return kinds


def send_commission_reminders(*, today: datetime.date) -> int:
    """Send every reminder due today not sent yet; return how many were sent."""
    candidates = Commission.objects.open().filter(
        due_on__gte=today - datetime.timedelta(days=LATE_DAYS - 1)
    )
    count = 0
    for commission in candidates.order_by("pk"):
        for kind in reminders_due(commission, today):
            try:
                sent = _send_one(commission.pk, kind, today)
            except Exception:  # a mail server down: the next run tries again
                logger.exception(
                    "Commission reminder %s %s not sent", commission.pk, kind
                )
                continue
            count += sent
    return count


def _recipients(commission: Commission) -> tuple[list[User], list[str]]:
    """Users for Nytt and addresses for e-mail: the person with the commission and
    the förbund's Administratörer (the secretariat)."""
    users = list(
        User.objects.filter(
            is_active=True,
            role_grants__federation_id=commission.federation_id,
            role_grants__role=Role.ADMINISTRATOR,
        )
        .distinct()
        .order_by("pk")
    )
    addresses = [user.email for user in users if user.email]
    person = commission.person
    if person is not None:
        if person.user is not None and person.user.is_active:
            users.append(person.user)
        email = (person.user.email if person.user else "") or person.email
        if email:
            addresses.append(email)
    return users, list(dict.fromkeys(addresses))


def _text(commission: Commission, kind: str) -> tuple[str, str]:
    values = {
        "what": commission.what,
        "date": commission.due_on.isoformat() if commission.due_on else "",
    }
    if kind == CommissionReminder.Kind.BEFORE:
        subject = _("Commission due %(date)s: %(what)s") % values
    else:
        subject = _("Commission due today (%(date)s): %(what)s") % values
    lines = [subject]
    if commission.report_to is not None:
        lines.append(
            _("Report back to %(body)s.") % {"body": commission.report_to.name}
        )
    url = settings.SITE_URL.rstrip("/") + commission.get_absolute_url()
    lines.append(_("The commission in Förbundsportalen: %(url)s") % {"url": url})
    return subject, "\n\n".join(lines)


def _send_one(pk: int, kind: str, today: datetime.date) -> bool:
    try:
        with transaction.atomic():
            commission = (
                Commission.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("federation", "report_to", "person__user")
                .filter(pk=pk, state=Commission.State.ONGOING)
                .first()
            )
            if commission is None or commission.due_on is None:
                return False  # another worker holds it, or it was closed meanwhile
            if kind not in reminders_due(commission, today):
                return False
            record = CommissionReminder(
                commission=commission, kind=kind, due_on=commission.due_on
            )
            if CommissionReminder.objects.filter(
                commission=commission, kind=kind, due_on=commission.due_on
            ).exists():
                return False
            history.save(record, by=None, reason="send_commission_reminders")
            users, addresses = _recipients(commission)
            with translation.override("sv"):
                subject, body = _text(commission, kind)
            post_many(
                users,
                federation=commission.federation,
                kind=Item.Kind.COMMISSION,
                title=subject,
                url=commission.get_absolute_url(),
            )
            for address in addresses:
                try:
                    send_mail(subject, body, None, [address])
                except smtplib.SMTPRecipientsRefused:
                    # The address is at fault, not the server: rolling back would
                    # mail the others again every day until the window closes.
                    logger.warning("Reminder of %s refused for %s", pk, address)
    except IntegrityError:
        return False  # sent meanwhile by another run
    return True
