"""Writes to Nytt (issue 19.5). Callers pass public text only (see models.Item)."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from federation.models import Federation

from .models import Item, ReadMark

TITLE_MAX = Item._meta.get_field("title").max_length or 300


def post(
    user: User,
    *,
    federation: Federation,
    kind: str,
    title: str,
    url: str,
) -> Item:
    """Put one notice in the user's Nytt list of the förbund."""
    if kind not in Item.Kind.values:
        raise ValueError(f"unknown inbox kind {kind!r}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("an inbox address is a path inside the site")
    return Item.objects.create(
        user=user,
        federation=federation,
        kind=kind,
        title=title[:TITLE_MAX],
        url=url,
    )


def post_many(
    users: Iterable[User],
    *,
    federation: Federation,
    kind: str,
    title: str,
    url: str,
) -> int:
    """The same notice to several users, in one insert; each user once."""
    if kind not in Item.Kind.values:
        raise ValueError(f"unknown inbox kind {kind!r}")
    unique = {user.pk: user for user in users if user is not None}
    items = [
        Item(
            user=user,
            federation=federation,
            kind=kind,
            title=title[:TITLE_MAX],
            url=url,
        )
        for user in unique.values()
    ]
    return len(Item.objects.bulk_create(items))


def mark_read(user: User, federation: Federation, item_id: int | None = None) -> int:
    """Mark one of the user's items in the förbund read, or all of them."""
    items = Item.objects.filter(user=user, federation=federation, read_at__isnull=True)
    if item_id is not None:
        items = items.filter(pk=item_id)
    with transaction.atomic():
        return items.update(read_at=timezone.now())


def record_opening(user: User, meeting_id: int) -> datetime.datetime | None:
    """Note that the user opens the meeting now; the previous opening, or None the
    first time. Two tabs opening it at once both get an answer (the unique pair is
    created once, then updated)."""
    now = timezone.now()
    previous = (
        ReadMark.objects.filter(user=user, meeting_id=meeting_id)
        .values_list("opened_at", flat=True)
        .first()
    )
    if previous is not None:
        ReadMark.objects.filter(user=user, meeting_id=meeting_id).update(opened_at=now)
        return previous
    try:
        with transaction.atomic():
            ReadMark.objects.create(user=user, meeting_id=meeting_id, opened_at=now)
    except IntegrityError:
        ReadMark.objects.filter(user=user, meeting_id=meeting_id).update(opened_at=now)
    return None


def mark_read_at(user: User, federation: Federation, url: str) -> int:
    """The user's items pointing at this page are read once the page is opened."""
    return Item.objects.filter(
        user=user, federation=federation, url=url, read_at__isnull=True
    ).update(read_at=timezone.now())
