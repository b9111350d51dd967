"""Thin Celery wrappers of the second factor's side effects."""

from celery import shared_task
from django.contrib.auth.models import User

from core.tasks import DispatchAfterCommit


# base: the app's task class (config/celery.py), named so the type checker knows
# its delay_on_commit.
@shared_task(name="accounts.warn_of_wrong_codes", base=DispatchAfterCommit)
def warn_of_wrong_codes_task(*, user_id: int, failures: int) -> None:
    from .second_factor import warn_of_wrong_codes  # noqa: PLC0415 circular

    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        warn_of_wrong_codes(user, failures)
