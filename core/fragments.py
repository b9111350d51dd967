"""Cached page parts and look-ups, made stale by a generation token, not by a timer.

Each scope ("agenda", "register", "access") has a token in the cache; every cached
part is stored with the token it was made under and used only while that token is
current. A write to a model that a scope shows replaces the token (signals, connected
in the apps' ready()), so no stale part is used again.
The token is random rather than a counter, so an evicted token can never make parts
cached under an earlier one current again.

With more than one process serving pages the cache must be shared (Redis, CACHE_URL);
`core.checks` warns in production when it is not.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

PART_SECONDS = 3600
T = TypeVar("T")


def _token_key(scope: str) -> str:
    return f"fragments:gen:{scope}"


def generation(scope: str) -> str:
    """The scope's current token, created on first use."""
    key = _token_key(scope)
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid4().hex, None)
        token = cache.get(key)
    return token


def bump(scope: str) -> None:
    """Make every part of the scope stale: now, and again when the transaction
    commits, so that a page rendered from the uncommitted data in between is not kept.
    """
    cache.set(_token_key(scope), uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(_token_key(scope), uuid4().hex, None))


def cached(scope: str, parts: Iterable, compute: Callable[[], T]) -> T:
    """The value named by `parts` (which must name everything it depends on that is
    not in the database: audience, date, language), computed once per generation.

    The value is stored with the token it was computed under and read together with
    the current token: one round trip to the cache. Any value is kept, None too (a
    look-up that found nothing).
    """
    token_key = _token_key(scope)
    named = ":".join(map(str, parts))
    if len(named) > 160:  # a page's full path may be long: keep keys short
        named = hashlib.sha256(named.encode()).hexdigest()
    key = f"fragments:{scope}:{named}"
    found = cache.get_many([token_key, key])
    token = found.get(token_key)
    if token is None:
        token = generation(scope)
    stored = found.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    value = compute()
    cache.set(key, (token, value), PART_SECONDS)
    return value


def bump_on_change(scope: str, *models: type[Model]) -> None:
    """Bump the scope whenever a row of these models is saved or deleted, or one of
    their many-to-many relations changes."""

    def handler(sender, **kwargs) -> None:
        bump(scope)

    for model in models:
        uid = f"fragments:{scope}:{model._meta.label}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":s")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":d")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                handler,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m",
            )
