"""Thin Celery wrappers: load ids, call a service, log."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="meetings.render_kallelse_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_kallelse_pdf_task(self, *, version_id: int) -> None:
    from .models import KallelseVersion
    from .services import store_kallelse_pdf

    version = KallelseVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Kallelse version %s gone before rendering", version_id)
        return
    store_kallelse_pdf(version, claim_id=self.request.id or "")


# The backoff stays below the broker's visibility timeout: a retry waiting longer
# would be delivered twice (harmless, each recipient is claimed, but wasteful).
@shared_task(
    name="meetings.send_kallelse_mail",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=300,
    max_retries=10,
)
def send_kallelse_mail_task(*, version_id: int) -> None:
    from .models import KallelseVersion
    from .services import notify_kallade

    version = KallelseVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Kallelse version %s gone before its e-mails", version_id)
        return
    notify_kallade(version)


@shared_task(name="meetings.send_unsent_kallelse_mail")
def send_unsent_kallelse_mail_task() -> int:
    from .services import send_unsent_kallelse_mail

    return send_unsent_kallelse_mail()
