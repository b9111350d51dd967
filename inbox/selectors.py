"""Reads of Nytt: always the request's user in the request's förbund."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from federation.models import Federation

from .models import Item

LIST_SIZE = 50


def items_of(user: User, federation: Federation) -> QuerySet[Item]:
    return Item.objects.filter(user=user, federation=federation)


def recent_items(user: User, federation: Federation) -> list[Item]:
    """The newest items, read or not; older ones are not listed."""
    return list(items_of(user, federation)[:LIST_SIZE])


def unread_count(user: User, federation: Federation) -> int:
    return items_of(user, federation).filter(read_at__isnull=True).count()
