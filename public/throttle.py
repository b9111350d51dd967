"""The public forms (begäran, subscription) from one address: a growing wait.

Counted in the database (RequestCounter), like the login throttle (accounts.throttle)
and unlike the seal check's cache counter (core.verification): a Redis outage must
neither open the forms to a flood nor shut the public out of a right the law gives
(a begäran of allmän handling). With Redis down the throttle therefore holds as it
is; with the database down nothing can be registered anyway (503).

An address has FREE_REQUESTS per WINDOW; beyond them each request must wait after
the previous one 1 s, 2 s, 4 s … up to LONGEST_WAIT. A counter forgets once its last
request is older than the window. An IPv6 address counts by its /64 (one subscriber
holds it whole), as in the login throttle.
"""

import datetime
import hashlib
import math

from django.db import transaction
from django.utils import timezone

from accounts.throttle import Throttled, _address

from .models import RequestCounter

FREE_REQUESTS = 5
WINDOW = datetime.timedelta(minutes=10)
FIRST_WAIT = datetime.timedelta(seconds=2)
LONGEST_WAIT = datetime.timedelta(minutes=10)

# The clock; tests replace it.
clock = timezone.now

__all__ = ["Throttled", "count_request"]


def wait_after(count: int) -> datetime.timedelta:
    beyond = count - FREE_REQUESTS
    if beyond < 0:
        return datetime.timedelta(0)
    return min(FIRST_WAIT * 2 ** min(beyond, 20), LONGEST_WAIT)


def _key(scope: str, address: str) -> str:
    return hashlib.sha256(f"public\n{scope}\n{_address(address)}".encode()).hexdigest()


def count_request(scope: str, address: str) -> None:
    """Count a form sent from the address, or raise Throttled (nothing counted)."""
    now = clock()
    key = _key(scope, address)
    with transaction.atomic():
        RequestCounter.objects.bulk_create(
            [RequestCounter(key=key, last_at=now)], ignore_conflicts=True
        )
        counter = RequestCounter.objects.select_for_update().get(key=key)
        if counter.last_at <= now - WINDOW:
            counter.count = 0
        until = counter.last_at + wait_after(counter.count)
        if counter.count and until > now:
            raise Throttled(math.ceil((until - now).total_seconds()))
        counter.count += 1
        counter.last_at = now
        counter.save(update_fields=["count", "last_at"])
        RequestCounter.objects.filter(last_at__lte=now - WINDOW).exclude(
            key=key
        ).delete()
