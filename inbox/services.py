"""Writes to Nytt (issue 19.5). Callers pass public text only (see models.Item)."""

import datetime
import hashlib
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
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
    item = Item.objects.create(
        user=user,
        federation=federation,
        kind=kind,
        title=title[:TITLE_MAX],
        url=url,
    )
    _page_has_news([user.pk], federation, url)
    return item


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
    made = Item.objects.bulk_create(items)
    _page_has_news(unique, federation, url)
    return len(made)


def mark_read(user: User, federation: Federation, item_id: int | None = None) -> int:
    """Mark one of the user's items in the förbund read, or all of them."""
    items = Item.objects.filter(user=user, federation=federation, read_at__isnull=True)
    if item_id is not None:
        items = items.filter(pk=item_id)
    with transaction.atomic():
        return items.update(read_at=timezone.now())


# The previous opening and the new one in one statement: the FROM's copy of the row
# is read before the update, so RETURNING gives the time it had.
_REOPEN = """
    UPDATE inbox_readmark AS mark SET opened_at = %s
    FROM inbox_readmark AS previous
    WHERE previous.id = mark.id AND mark.user_id = %s AND mark.meeting_id = %s
    RETURNING previous.opened_at
"""


def _reopen(
    user: User, meeting_id: int, now: datetime.datetime
) -> datetime.datetime | None:
    """The previous opening, stamped `now`; None when the user never opened it. One
    query on PostgreSQL; elsewhere (SQLite cannot return the FROM table's
    columns) a read and an update."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_REOPEN, [now, user.pk, meeting_id])
            row = cursor.fetchone()
        return row[0] if row else None
    marks = ReadMark.objects.filter(user=user, meeting_id=meeting_id)
    previous = marks.values_list("opened_at", flat=True).first()
    if previous is not None:
        marks.update(opened_at=now)
    return previous


def record_opening(user: User, meeting_id: int) -> datetime.datetime | None:
    """Note that the user opens the meeting now; the previous opening, or None the
    first time. Two tabs opening it at once both get an answer (the unique pair is
    created once, then updated)."""
    now = timezone.now()
    previous = _reopen(user, meeting_id, now)
    if previous is not None:
        return previous
    try:
        with transaction.atomic():
            ReadMark.objects.create(user=user, meeting_id=meeting_id, opened_at=now)
    except IntegrityError:
        ReadMark.objects.filter(user=user, meeting_id=meeting_id).update(opened_at=now)
    return None


# A page whose items are all read is known for a while, so that opening it again
# costs no UPDATE. The mark is set before the UPDATE and removed after a new item's
# commit: an item the UPDATE did not see always removes it.
READ_PAGE_SECONDS = 3600


def _read_page_key(user_id: int, federation_id: int, url: str) -> str:
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"inbox:read-page:{user_id}:{federation_id}:{digest}"


def _page_has_news(user_ids: Iterable[int], federation: Federation, url: str) -> None:
    keys = [_read_page_key(pk, federation.pk, url) for pk in user_ids]
    transaction.on_commit(lambda: cache.delete_many(keys))


def mark_read_at(user: User, federation: Federation, url: str) -> int:
    """The user's items pointing at this page are read once the page is opened;
    nothing to do (no query) when none has come since the last time."""
    key = _read_page_key(user.pk, federation.pk, url)
    if cache.get(key):
        return 0
    cache.set(key, True, READ_PAGE_SECONDS)
    return Item.objects.filter(
        user=user, federation=federation, url=url, read_at__isnull=True
    ).update(read_at=timezone.now())
