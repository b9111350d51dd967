"""The base of every task (the Celery app's task_cls, config/celery.py), and the
watchdog of stored builds."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class DispatchAfterCommit(DjangoTask):
    """A task sent only once the transaction that asked for it has committed.

    Sent with apply_async, so CELERY_TASK_ROUTES apply. A broker that is down never
    fails the request after its commit: the error is logged, and the work waits in
    the database (a queued build, an unsent mail) until a beat task queues it again
    (core.requeue_stale_builds, meetings.send_unsent_kallelse_mail).
    """

    # No result to give (the stub's AsyncResult): the task is sent after the commit.
    def delay_on_commit(self, *args, **kwargs) -> None:  # type: ignore[override]
        def dispatch() -> None:  # named: robust on_commit logs the callable's name
            self.apply_async(args, kwargs)

        transaction.on_commit(dispatch, robust=True)

    def dispatch(self, **kwargs) -> bool:
        """Send now, outside any transaction (a beat task); False when refused."""
        try:
            self.apply_async(kwargs=kwargs)
        except Exception:
            logger.exception("Could not send %s %s", self.name, kwargs)
            return False
        return True


@shared_task(name="core.requeue_stale_builds")
def requeue_stale_builds_task() -> int:
    # This module is the Celery app's task class, loaded before the models are.
    from .documents import requeue_stale_builds  # noqa: PLC0415 circular

    return requeue_stale_builds()
