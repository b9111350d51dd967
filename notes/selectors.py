"""The one way notes are read: the author's own, in the förbund of the page."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from federation.models import Federation

from .models import DEFAULT_RETENTION_DAYS, NoteSettings, PersonalNote


def notes_of(
    user: User | AnonymousUser, federation: Federation
) -> QuerySet[PersonalNote]:
    """The user's own notes in the förbund: written by them, as their person there
    (a person whose account was given to someone else takes no notes along)."""
    if not user.is_authenticated:
        return PersonalNote.objects.none()
    return PersonalNote.objects.filter(
        federation=federation, author=user, person__user=user
    )


def get_note_for_author(
    user: User | AnonymousUser, federation: Federation, pk: int
) -> PersonalNote:
    """The user's own note, or 404 for any other: another's note is not there."""
    note = notes_of(user, federation).filter(pk=pk).first()
    if note is None:
        raise Http404
    return note


def retention_days(federation: Federation) -> int:
    found = NoteSettings.objects.filter(federation=federation).first()
    return found.retention_days if found else DEFAULT_RETENTION_DAYS
