"""Celery tasks of the register of agreements: thin wrappers around services."""

import logging

from celery import shared_task
from django.utils import timezone

from agreements.services import send_reminders

logger = logging.getLogger(__name__)


@shared_task(name="agreements.send_reminders")
def send_reminders_task() -> int:
    """Run daily by beat: reminders of overdue decisions, ends and notice deadlines."""
    count = send_reminders(today=timezone.localdate())
    logger.info("Sent %s agreement reminders", count)
    return count
