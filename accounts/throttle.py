"""Login throttling: a growing wait, never a lockout.

Three counters in the database (LoginCounter; not the cache, so logging in works
while Redis is down), each with its own number of free attempts:

- a username from one address: 3;
- a username from any address: 30 (a guess spread over many addresses);
- an address for any username: 10 (one password tried on many accounts).

Past its free attempts a counter makes the next attempt wait 1 s, then 2 s, 4 s …
up to 15 minutes, and the username's own counter up to one minute: that counter
stops a guess spread over many addresses, and anyone can feed it, so it may slow
the owner but never keep them out. A browser where the username logged in before
carries a signed device cookie (OWASP's "device cookies") and skips that counter
altogether. A counter forgets once its last attempt is an hour old. Failing from
one address therefore never keeps the same user out from another.

A username is counted as Django's login form reads it (NFKC, case-folded), and an
IPv6 address by its /64, which one subscriber holds whole.

Every attempt is counted before the password is checked, under a row lock, so
parallel attempts cannot all slip through the same gap; a successful login takes
its attempt back and clears the username-and-address counter. A refused attempt
tests no password and counts nothing.
"""

import datetime
import hashlib
import ipaddress
import math
import operator
import unicodedata
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import LoginCounter

Scope = LoginCounter.Scope

FREE_ATTEMPTS: dict[str, int] = {
    Scope.USERNAME_AND_ADDRESS: 3,
    Scope.USERNAME: 30,
    Scope.ADDRESS: 10,
}
FIRST_WAIT = datetime.timedelta(seconds=1)
LONGEST_WAIT = datetime.timedelta(minutes=15)
LONGEST_WAIT_OF: dict[str, datetime.timedelta] = {
    Scope.USERNAME: datetime.timedelta(minutes=1)
}
DEVICE_COOKIE = "fbp_device"
DEVICE_SECONDS = 180 * 24 * 3600
DEVICE_USERNAMES = 5  # remembered per browser
WINDOW = datetime.timedelta(hours=1)
PRUNE_BATCH = 500

# The clock; tests replace it.
clock = timezone.now


class Throttled(Exception):
    """The attempt must wait; `seconds` says how long."""

    def __init__(self, seconds: int) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class Attempt:
    keys: dict[str, str]  # scope → key


def wait_after(failures: int, scope: str) -> datetime.timedelta:
    """How long a counter at `failures` makes the next attempt wait."""
    beyond = failures - FREE_ATTEMPTS[scope]
    if beyond < 0:
        return datetime.timedelta(0)
    return min(
        FIRST_WAIT * 2 ** min(beyond, 20), LONGEST_WAIT_OF.get(scope, LONGEST_WAIT)
    )


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _username(username: str) -> str:
    # As UsernameField normalises it (NFKC) before authenticating, then case-folded.
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _address(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _keys(username: str, address: str, known_device: bool) -> dict[str, str]:
    username, address = _username(username), _address(address)
    keys: dict[str, str] = {
        Scope.USERNAME_AND_ADDRESS: _hash(username, address),
        Scope.USERNAME: _hash(username),
        Scope.ADDRESS: _hash(address),
    }
    if known_device:
        del keys[Scope.USERNAME]
    return keys


def _of(keys: dict[str, str]) -> Q:
    return reduce(
        operator.or_, (Q(scope=scope, key=key) for scope, key in keys.items())
    )


def begin_attempt(
    username: str, address: str, *, known_device: bool = False
) -> Attempt:
    """Count an attempt at logging in, or raise Throttled if it must wait.

    Call before the password is checked: the attempt counts as a failure until
    record_success takes it back. `known_device`: the browser's device cookie names
    this username (is_known_device).
    """
    now = clock()
    keys = _keys(username, address, known_device)
    with transaction.atomic():
        # Rows first (a no-op when they exist), then lock them in one order.
        LoginCounter.objects.bulk_create(
            [
                LoginCounter(scope=scope, key=key, last_attempt_at=now)
                for scope, key in sorted(keys.items())
            ],
            ignore_conflicts=True,
        )
        counters = list(
            LoginCounter.objects.select_for_update()
            .filter(_of(keys))
            .order_by("scope", "key")
        )
        for counter in counters:
            if counter.last_attempt_at <= now - WINDOW:
                counter.failures = 0
        # (A row pruned meanwhile was past the window: its absence changes nothing.)
        until = max(
            (
                counter.last_attempt_at + wait_after(counter.failures, counter.scope)
                for counter in counters
            ),
            default=now,
        )
        if until > now:
            raise Throttled(math.ceil((until - now).total_seconds()))
        for counter in counters:
            counter.failures += 1
            counter.last_attempt_at = now
        LoginCounter.objects.bulk_update(counters, ["failures", "last_attempt_at"])
    _prune(now)
    return Attempt(keys=keys)


def record_success(attempt: Attempt) -> None:
    """The password was right: the attempt was no failure."""
    with transaction.atomic():
        # Locked in begin_attempt's order, so the two cannot deadlock.
        counters = list(
            LoginCounter.objects.select_for_update()
            .filter(_of(attempt.keys))
            .order_by("scope", "key")
        )
        for counter in counters:
            if counter.scope == Scope.USERNAME_AND_ADDRESS:
                counter.delete()
            elif counter.failures > 0:
                counter.failures -= 1
                counter.save(update_fields=["failures"])


def _prune(now: datetime.datetime) -> None:
    """Forget counters whose last attempt is past the window; rows that another
    attempt holds are left for the next time."""
    with transaction.atomic():
        stale = list(
            LoginCounter.objects.select_for_update(skip_locked=True)
            .filter(last_attempt_at__lte=now - WINDOW)
            .order_by("scope", "key")
            .values_list("pk", flat=True)[:PRUNE_BATCH]
        )
        if stale:
            LoginCounter.objects.filter(pk__in=stale).delete()


# --- Device cookies -----------------------------------------------------------------


def _devices(request: HttpRequest) -> list[str]:
    """The hashed usernames that logged in from this browser (signed, so a cookie
    cannot be made up for another username)."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        names = signing.loads(value, salt="accounts.device", max_age=DEVICE_SECONDS)
    except signing.BadSignature:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def is_known_device(request: HttpRequest, username: str) -> bool:
    return _hash("device", _username(username)) in _devices(request)


def remember_device(request: HttpRequest, response: HttpResponse, username: str):
    """After a successful login: this browser may skip the username's counter."""
    name = _hash("device", _username(username))
    names = [name, *(n for n in _devices(request) if n != name)][:DEVICE_USERNAMES]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(names, salt="accounts.device"),
        max_age=DEVICE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
