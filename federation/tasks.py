"""Thin Celery wrappers of the register's side effects: the expediering of a
justerat protokoll to the recipients its body's rules name (issue 22.2).

The service is imported inside the task: it queues this task, so importing it at
the top would make an import cycle."""

from celery import shared_task
from django.contrib.auth.models import User

from core.tasks import DispatchAfterCommit


@shared_task(
    base=DispatchAfterCommit,
    name="federation.dispatch_protokoll",
    autoretry_for=(OSError,),
    # A mail server down for hours: 1, 2, 4 … minutes, then hourly, for a day.
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=30,
)
def dispatch_protokoll_task(*, minutes_id: int, user_id: int | None = None) -> int:
    from minutes.models import Minutes  # noqa: PLC0415 circular

    from .obligations_dispatch import dispatch_protokoll  # noqa: PLC0415 circular

    minutes = Minutes.objects.filter(pk=minutes_id).first()
    if minutes is None:
        return 0
    by = User.objects.filter(pk=user_id).first() if user_id else None
    return len(dispatch_protokoll(minutes, by=by))
