"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
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
