"""Thin Celery wrappers of the protokoll's side effects."""

import logging

from celery import shared_task

from core.tasks import DispatchAfterCommit

logger = logging.getLogger(__name__)


@shared_task(name="minutes.notify_justering")
def notify_justering_task(*, minutes_id: int) -> None:
    from .models import Minutes
    from .notifications import notify_justering

    minutes = (
        Minutes.objects.filter(pk=minutes_id).select_related("meeting__body").first()
    )
    if minutes is None:
        logger.warning("Minutes %s gone before the justering e-mail", minutes_id)
        return
    notify_justering(minutes)


@shared_task(name="minutes.notify_comment")
def notify_comment_task(*, minutes_id: int) -> None:
    from .models import Minutes
    from .notifications import notify_comment

    minutes = (
        Minutes.objects.filter(pk=minutes_id).select_related("meeting__body").first()
    )
    if minutes is None:
        return
    notify_comment(minutes)


@shared_task(name="minutes.take_down_expired_anslag")
def take_down_expired_anslag_task() -> int:
    from .services import take_down_expired_anslag

    count = take_down_expired_anslag()
    logger.info("Took down %s expired anslag", count)
    return count


@shared_task(
    name="minutes.expedite", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def expedite_minutes_task(*, minutes_id: int, user_id: int | None = None) -> int:
    from django.contrib.auth.models import User

    from .expedition import expedite_minutes
    from .models import Minutes

    minutes = Minutes.objects.filter(pk=minutes_id).first()
    if minutes is None:
        return 0
    by = User.objects.filter(pk=user_id).first() if user_id else None
    return len(expedite_minutes(minutes, by=by))


@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="minutes.render_protokoll_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_protokoll_pdf_task(self, *, version_id: int) -> None:
    from .frozen import store_protokoll_pdf
    from .models import ProtokollVersion

    version = ProtokollVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Protokoll version %s gone before rendering", version_id)
        return
    store_protokoll_pdf(version, claim_id=self.request.id or "")
