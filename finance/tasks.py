"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class DispatchAfterCommit(DjangoTask):
    """delay_on_commit that never fails the request after its commit: when the broker
    is down the error is logged, the run's report stays queued, and the next request
    for it after the stale window queues it again (services.request_run_report)."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        def dispatch() -> None:  # named: robust on_commit logs the callable's name
            # Routed to the PDF worker's queue (CELERY_TASK_ROUTES).
            self.apply_async(args, kwargs)

        transaction.on_commit(dispatch, robust=True)


@shared_task(
    base=DispatchAfterCommit,
    name="finance.render_run_report",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_run_report_task(*, run_id: int) -> None:
    from .models import AllocationRun
    from .services import store_run_report

    run = AllocationRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("Allocation run %s gone before its report was rendered", run_id)
        return
    store_run_report(run)
