"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="finance.render_run_report",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_run_report_task(self, *, run_id: int) -> None:
    from .models import AllocationRun
    from .services import store_run_report

    run = AllocationRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("Allocation run %s gone before its report was rendered", run_id)
        return
    store_run_report(run, claim_id=self.request.id or "")
