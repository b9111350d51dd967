"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task

from core.tasks import DispatchAfterCommit

from .models import AllocationRun, MemberStatement

logger = logging.getLogger(__name__)


# base: the app's task class already, named so that the type checker knows it.
@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="finance.render_run_report",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_run_report_task(self, *, run_id: int) -> None:
    # finance.services queues this task, so it cannot be imported at the top.
    from .services import store_run_report  # noqa: PLC0415 circular

    run = AllocationRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("Allocation run %s gone before its report was rendered", run_id)
        return
    store_run_report(run, claim_id=self.request.id or "")


@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="finance.render_member_statement",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_member_statement_task(self, *, statement_id: int) -> None:
    # finance.statements queues this task, so it cannot be imported at the top.
    from .statements import store_statement  # noqa: PLC0415 circular

    statement = MemberStatement.objects.filter(pk=statement_id).first()
    if statement is None:
        logger.warning("Member statement %s gone before it was rendered", statement_id)
        return
    store_statement(statement, claim_id=self.request.id or "")
