"""Thin Celery wrappers of the protokoll's side effects.

The services, frozen.py and expedition.py are imported inside the tasks: they queue
these tasks, so importing them at the top would make an import cycle. Every task
names its base, the app's task class (config/celery.py), so the type checker knows
its delay_on_commit."""

import logging

from celery import shared_task
from django.contrib.auth.models import User

from core.tasks import DispatchAfterCommit

from .models import Extract, JusteringUnderlag, Minutes, ProtokollVersion
from .notifications import notify_comment, notify_justering

logger = logging.getLogger(__name__)


@shared_task(base=DispatchAfterCommit, name="minutes.notify_justering")
def notify_justering_task(*, minutes_id: int) -> None:
    minutes = (
        Minutes.objects.filter(pk=minutes_id).select_related("meeting__body").first()
    )
    if minutes is None:
        logger.warning("Minutes %s gone before the justering e-mail", minutes_id)
        return
    notify_justering(minutes)


@shared_task(base=DispatchAfterCommit, name="minutes.notify_comment")
def notify_comment_task(*, minutes_id: int) -> None:
    minutes = (
        Minutes.objects.filter(pk=minutes_id).select_related("meeting__body").first()
    )
    if minutes is None:
        return
    notify_comment(minutes)


@shared_task(base=DispatchAfterCommit, name="minutes.take_down_expired_anslag")
def take_down_expired_anslag_task() -> int:
    from .services import take_down_expired_anslag  # noqa: PLC0415 circular

    count = take_down_expired_anslag()
    logger.info("Took down %s expired anslag", count)
    return count


@shared_task(
    base=DispatchAfterCommit,
    name="minutes.expedite",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def expedite_minutes_task(*, minutes_id: int, user_id: int | None = None) -> int:
    from .expedition import ExtractBeingMade, expedite_minutes  # noqa: PLC0415 circular

    minutes = Minutes.objects.filter(pk=minutes_id).first()
    if minutes is None:
        return 0
    by = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        return len(expedite_minutes(minutes, by=by))
    except ExtractBeingMade as error:
        # Another worker is making an utdrag: try again, like any transient error
        # (the §§ already sent are not sent again).
        raise OSError(str(error)) from error


@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="minutes.render_protokoll_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_protokoll_pdf_task(self, *, version_id: int) -> None:
    from .frozen import store_frozen_pdf  # noqa: PLC0415 circular

    version = ProtokollVersion.objects.filter(pk=version_id).first()
    if version is None:
        logger.warning("Protokoll version %s gone before rendering", version_id)
        return
    store_frozen_pdf(version, claim_id=self.request.id or "")


@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="minutes.render_extract_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_extract_pdf_task(self, *, extract_id: int) -> None:
    from .frozen import store_frozen_pdf  # noqa: PLC0415 circular

    extract = Extract.objects.filter(pk=extract_id).first()
    if extract is None:
        logger.warning("Protokollsutdrag %s gone before rendering", extract_id)
        return
    store_frozen_pdf(extract, claim_id=self.request.id or "")


@shared_task(
    bind=True,
    base=DispatchAfterCommit,
    name="minutes.render_underlag_pdf",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def build_underlag_pdf_task(self, *, underlag_id: int) -> None:
    from .frozen import store_frozen_pdf  # noqa: PLC0415 circular

    underlag = JusteringUnderlag.objects.filter(pk=underlag_id).first()
    if underlag is None:
        return
    store_frozen_pdf(underlag, claim_id=self.request.id or "")
