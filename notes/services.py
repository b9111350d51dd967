"""Writing, changing and deleting one's own notes; the förbund's retention; the
purge."""

import datetime
import logging

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Document
from core import history
from federation.models import Assignment, Federation
from meetings.models import AgendaItem

from .models import NoteSettings, PersonalNote
from .permissions import note_person
from .selectors import retention_days

logger = logging.getLogger(__name__)

MAX_LENGTH = 10_000
MAX_RETENTION_DAYS = 3650


def _clean(text: str, page: int | None, document: Document | None) -> str:
    text = text.replace("\x00", "").strip()
    if not text:
        raise ValidationError(_("Write the note."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("A note is at most %(max)s characters.") % {"max": f"{MAX_LENGTH:,}"}
        )
    if page is not None:
        if page < 1:
            raise ValidationError(_("A page number starts at 1."))
        if document is None:
            raise ValidationError(_("A page number belongs to a document."))
        if document.page_count and page > document.page_count:
            raise ValidationError(
                _("The document has %(count)s pages.") % {"count": document.page_count}
            )
    return text


@transaction.atomic
def write_note(
    item: AgendaItem,
    *,
    by: User,
    text: str,
    document: Document | None = None,
    page: int | None = None,
) -> PersonalNote:
    """A note of the user on an ärende of the agenda or one of its handlingar.

    The caller has checked that the user may read the item and the document."""
    meeting = item.meeting
    person = note_person(by, meeting.body)
    if person is None:
        raise ValidationError(
            _("Notes are for members of the body with a current assignment.")
        )
    if document is not None and (
        item.case_id is None or document.case_id != item.case_id
    ):
        raise ValidationError(_("The document is not one of this item's."))
    note = PersonalNote(
        federation_id=meeting.body.federation_id,
        author=by,
        person=person,
        body=meeting.body,
        agenda_item=item,
        document=document,
        page=page,
        text=_clean(text, page, document),
    )
    note.save()
    return note


@transaction.atomic
def update_note(
    note: PersonalNote, *, by: User, text: str, page: int | None = None
) -> PersonalNote:
    """The author changes their note (the caller found it through notes_of)."""
    note = PersonalNote.objects.select_for_update().get(pk=note.pk)
    if note.author_id != by.pk:
        raise ValidationError(_("Only the author changes a note."))
    note.text = _clean(text, page, note.document)
    note.page = page
    note.save(update_fields=["text", "page", "changed_at"])
    return note


def delete_note(note: PersonalNote, *, by: User) -> None:
    if note.author_id != by.pk:
        raise ValidationError(_("Only the author deletes a note."))
    PersonalNote.objects.filter(pk=note.pk, author=by).delete()


@transaction.atomic
def set_retention(federation: Federation, *, days: int, by: User) -> NoteSettings:
    if not 0 <= days <= MAX_RETENTION_DAYS:
        raise ValidationError(
            _("Between 0 and %(max)s days.") % {"max": MAX_RETENTION_DAYS}
        )
    found, _created = NoteSettings.objects.select_for_update().get_or_create(
        federation=federation
    )
    found.retention_days = days
    history.save(found, by=by, reason="set_note_retention")
    return found


def purge_expired_notes(today: datetime.date | None = None) -> int:
    """Delete the notes whose author no longer sits in the note's body: every
    uppdrag there ended more than the förbund's retention ago (or there never was
    one), or the person's account is no longer the author's. Idempotent."""
    today = today or timezone.localdate()
    deleted = 0
    for federation in Federation.objects.filter(
        pk__in=PersonalNote.objects.values("federation_id")
    ):
        cutoff = today - datetime.timedelta(days=retention_days(federation))
        seated = Assignment.objects.filter(
            person=OuterRef("person"), body=OuterRef("body")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=cutoff))
        notes = PersonalNote.objects.filter(federation=federation)
        expired = set(notes.filter(~Exists(seated)).values_list("pk", flat=True))
        expired |= set(
            notes.filter(
                Q(person__user__isnull=True) | ~Q(person__user=F("author"))
            ).values_list("pk", flat=True)
        )
        count, _rows = PersonalNote.objects.filter(pk__in=expired).delete()
        deleted += count
    if deleted:
        logger.info("Purged %s personal notes past their retention", deleted)
    return deleted
