"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class DispatchAfterCommit(DjangoTask):
    """delay_on_commit that never fails the request after its commit: when the broker
    is down the error is logged, the version stays PENDING, and the
    meetings.requeue_stale_builds beat task dispatches it when the broker is back."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        def dispatch() -> None:  # named: robust on_commit logs the callable's name
            self.delay(*args, **kwargs)

        transaction.on_commit(dispatch, robust=True)


@shared_task(name="meetings.requeue_stale_builds")
def requeue_stale_builds_task() -> int:
    from .pdf import requeue_stale_builds

    return requeue_stale_builds()


@shared_task(
    base=DispatchAfterCommit,
    name="meetings.render_kallelse_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_kallelse_pdf_task(*, version_id: int) -> None:
    from .models import KallelseVersion
    from .pdf import store_kallelse_pdf
    from .services import notify_kallade

    version = KallelseVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Kallelse version %s gone before rendering", version_id)
        return
    version = store_kallelse_pdf(version)
    if version.build_status == KallelseVersion.BuildStatus.DONE:
        notify_kallade(version)
