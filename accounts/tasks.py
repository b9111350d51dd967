"""Thin Celery wrappers of the second factor's side effects."""

from celery import shared_task
from django.contrib.auth.models import User


@shared_task(name="accounts.warn_of_wrong_codes")
def warn_of_wrong_codes_task(*, user_id: int, failures: int) -> None:
    from .second_factor import warn_of_wrong_codes  # noqa: PLC0415 circular

    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        warn_of_wrong_codes(user, failures)
