"""Thin Celery wrappers: load ids, call a service, log.

The services are imported inside each task: they queue these tasks, so importing
them here at the top would make an import cycle.
"""

import logging

from celery import shared_task

from core.tasks import DispatchAfterCommit

from .models import Inkallelse, KallelseVersion

logger = logging.getLogger(__name__)


# base: the app's task class (config/celery.py), named so the type checker knows
# the tasks' delay_on_commit and dispatch.
@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="meetings.render_kallelse_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_kallelse_pdf_task(self, *, version_id: int) -> None:
    from .services.kallelse import store_kallelse_pdf  # noqa: PLC0415 circular

    version = KallelseVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Kallelse version %s gone before rendering", version_id)
        return
    store_kallelse_pdf(version, claim_id=self.request.id or "")


# The backoff stays below the broker's visibility timeout: a retry waiting longer
# would be delivered twice (harmless, each recipient is claimed, but wasteful).
@shared_task(
    base=DispatchAfterCommit,
    name="meetings.send_kallelse_mail",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=300,
    max_retries=10,
)
def send_kallelse_mail_task(*, version_id: int) -> None:
    from .services.mail import notify_kallade  # noqa: PLC0415 circular

    version = KallelseVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Kallelse version %s gone before its e-mails", version_id)
        return
    notify_kallade(version)


@shared_task(base=DispatchAfterCommit, name="meetings.send_unsent_kallelse_mail")
def send_unsent_kallelse_mail_task() -> int:
    from .services.mail import send_unsent_kallelse_mail  # noqa: PLC0415 circular

    return send_unsent_kallelse_mail()


@shared_task(
    base=DispatchAfterCommit,
    name="meetings.send_inkallelse_mail",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=300,
    max_retries=10,
)
def send_inkallelse_mail_task(*, inkallelse_id: int) -> None:
    from .services.inkallelse_mail import send_inkallelse_mail  # noqa: PLC0415 circular

    inkallelse = Inkallelse.objects.filter(pk=inkallelse_id).first()
    if inkallelse is None:
        logger.warning("Inkallelse %s gone before its e-mail", inkallelse_id)
        return
    send_inkallelse_mail(inkallelse)


@shared_task(base=DispatchAfterCommit, name="meetings.advance_inkallelser")
def advance_inkallelser_task() -> int:
    """Beat: questions past their deadline go to the next ersättare; lost e-mails
    are queued again."""
    from .services.forhinder import expire_unanswered  # noqa: PLC0415 circular
    from .services.inkallelse_mail import (  # noqa: PLC0415 circular
        send_unsent_inkallelse_mail,
    )

    return expire_unanswered() + send_unsent_inkallelse_mail()
