"""The one page cache: parts of pages keyed on the version of their förbund.

Every förbund has a version, a random token in the cache, replaced when any of its
data changes (signals of the models listed in the apps' ready(), resolved to their
förbund by a field path), at once and again when the transaction commits. A cached
part is stored under the förbund, the part's name, the parameters its view reads
and the reader's audience (federation.permissions.audience), together with the
version it was made under, and used only while that version is current: one round
trip reads both. A change in one förbund therefore never touches another's pages, a
login touches nothing, and a junk query string makes no new entry. The token is
random, so an evicted one can never make old parts current again; parts expire
after PART_SECONDS and the cache Redis is bounded by maxmemory with allkeys-lru
(docs/operations.md). Only rendered page parts are stored: no user row, session or
CSRF token (the header and every form with a token are rendered per request).
"""

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .http import FederationRequest, PublicRequest
from .models import Federation
from .permissions import audience

PART_SECONDS = 3600


def _release() -> str:
    """What the code and templates are: RELEASE from the deploy, else a hash of the
    source files. A new release starts from new versions, so no page rendered by
    the old code is served by the new."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in _NOT_RELEASED)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo")):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_NOT_RELEASED = {".venv", "var", ".git", "node_modules", "tests", "bench", "docs"}
RELEASE = _release()
EPOCH_KEY = f"federation:version:{RELEASE}"  # every förbund's: bump(None)
FEDERATIONS_KEY = "federation:all"
T = TypeVar("T")


def _version_key(federation_id: int) -> str:
    return f"federation:version:{federation_id}"


def _current(found: dict, key: str) -> str | None:
    """The version under `key` of a get_many, made when missing (None: no cache)."""
    version = found.get(key)
    if version is None:
        cache.add(key, uuid4().hex, None)
        version = cache.get(key)
    return version


def cached(
    request: FederationRequest | PublicRequest,
    name: str,
    params: Iterable,
    compute: Callable[[], T],
) -> T:
    """The part `name` of the förbund of the request, for this reader's audience.

    `params` must name everything else the part depends on that is not in the
    förbund's data: the parameters its view reads, a date. A falsy answer (a
    look-up that found nothing) is not kept, so a made-up id makes no entry.
    """
    federation = request.federation
    # Hashed whole: no parameter can run into the next one ("a:b" and "a", "b").
    varies = repr(
        (tuple(map(str, params)), get_language(), audience(request.user, federation))
    )
    key = f"part:{federation.pk}:{name}:{hashlib.sha256(varies.encode()).hexdigest()}"
    version_key = _version_key(federation.pk)
    found = cache.get_many([EPOCH_KEY, version_key, key])
    version = (_current(found, EPOCH_KEY), _current(found, version_key))
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    if value and None not in version:
        cache.set(key, (version, value), PART_SECONDS)
    return value


def federation_by_slug(slug: str) -> Federation | None:
    """The förbund of a URL. All förbund are a handful of rows, kept under one key
    for every version of every förbund (bump(None) replaces it: a Federation row is
    saved)."""
    found = cache.get_many([EPOCH_KEY, FEDERATIONS_KEY])
    epoch = _current(found, EPOCH_KEY)
    stored = found.get(FEDERATIONS_KEY)
    if stored is not None and stored[0] == epoch:
        return stored[1].get(slug)
    federations = {f.slug: f for f in Federation.objects.all()}
    if epoch is not None:
        cache.set(FEDERATIONS_KEY, (epoch, federations), PART_SECONDS)
    return federations.get(slug)


def render_page(
    request: FederationRequest | PublicRequest,
    template: str,
    context: Callable[[], dict],
    *,
    name: str,
    params: Iterable = (),
    store: bool = True,
    notices: str = "",
) -> HttpResponse:
    """A page whose content (`template`, a partial with no form tokens; its context
    gives the page's "title") is cached by `cached`; the page around it, with the
    reader's name and the logout form, is rendered for each request.

    `notices` is HTML for this reader on this day only (a warning for the reader's
    role), shown above the content and never stored with it. A request with messages
    to show or from htmx, or one whose view says not to `store` (a form with
    errors), gets a rendering of its own.
    """

    def part() -> tuple[str, str]:
        values = context()
        return str(values["title"]), render_to_string(template, values, request)

    if (
        not store
        or getattr(request, "htmx", False)
        or len(messages.get_messages(request))
    ):
        title, html = part()
    else:
        title, html = cached(request, name, params, part)
    # base.html itself, not a template extending it: no block tree to walk.
    return render(
        request,
        "base.html",
        {"page_title": title, "page_html": html, "page_notices": notices},
    )


# --- Invalidation -------------------------------------------------------------------


def bump(federation_id: int | None) -> None:
    """Make the förbund's cached parts stale (None: every förbund's): now, and again
    when the transaction commits, so that a part rendered from the uncommitted data
    in between is not kept."""
    key = EPOCH_KEY if federation_id is None else _version_key(federation_id)

    def replace() -> None:
        cache.set(key, uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


def after_outage() -> None:
    """Versions replaced while the cache Redis was unreachable were lost, so when
    it answers again every version is replaced (core.cache calls this)."""
    cache.set(EPOCH_KEY, uuid4().hex, None)


def bump_on_change(*watched: tuple[type[Model], str | None]) -> None:
    """Raise the version of the förbund of any saved or deleted row of these
    models. Each model comes with the path from it to its federation's pk
    ("federation_id", "body__federation_id"); None for data of every förbund."""
    for model, path in watched:

        def handler(sender, instance, path=path, **kwargs) -> None:
            bump(_federation_id(instance, path) if path else None)

        def m2m_handler(
            sender, instance, path=path, model=model, reverse=False, pk_set=None, **kw
        ) -> None:
            if not path:
                bump(None)
            elif not reverse:
                bump(_federation_id(instance, path))
            elif pk_set is None:  # cleared from the other side: whose, unknown
                bump(None)
            else:  # changed from the other side: `instance` is not a `model`
                rows = model._default_manager.filter(pk__in=pk_set)
                for federation_id in set(rows.values_list(path, flat=True)):
                    bump(federation_id)

        uid = f"federation.cache:{model._meta.label}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":s")
        pre_delete.connect(handler, sender=model, weak=False, dispatch_uid=uid + ":d")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                m2m_handler,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}:m",
            )


def _federation_id(instance: Model, path: str) -> int | None:
    if "__" not in path:
        return getattr(instance, path)
    # Read before a delete (pre_delete): the rows on the path may go with it.
    return (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list(path, flat=True)
        .first()
    )
