"""Celery tasks of uppföljning: thin wrappers around services."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="followup.send_commission_reminders")
def send_commission_reminders_task() -> int:
    """Run daily by beat: uppdrag reminders before and on the due date."""
    from followup.commissions.reminders import (  # noqa: PLC0415 leaf
        send_commission_reminders,
    )

    count = send_commission_reminders(today=timezone.localdate())
    logger.info("Sent %s uppdrag reminders", count)
    return count
