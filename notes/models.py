"""A förtroendevald's personal notes on an ärende or a handling, and the förbund's
retention of them.

A note is the author's alone: it is read only through selectors.notes_of (the author
and their person in the förbund), has no history rows, no admin, no search index and
no public path, and its text is encrypted at rest (notes.crypto). docs/reliability.md,
'Personal notes', says why.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Document
from federation.models import Body, Federation, Person
from meetings.models import AgendaItem

from .crypto import EncryptedTextField

DEFAULT_RETENTION_DAYS = 90


class NoteSettings(models.Model):
    """The förbund's rule for personal notes: kept this many days after the author's
    uppdrag in the body ends. A row of this app (not a field of Federation) so the
    notes stay one app's concern."""

    federation = models.OneToOneField(
        Federation, on_delete=models.CASCADE, related_name="+"
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days notes are kept after the assignment ends"),
        default=DEFAULT_RETENTION_DAYS,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settings of personal notes")
        verbose_name_plural = _("settings of personal notes")

    def __str__(self) -> str:
        return f"{self.federation}: {self.retention_days}"


class PersonalNote(models.Model):
    """A note of one person on an ärende of a meeting, or on one of its handlingar.

    No HistoricalRecords, on purpose: history rows are read by the secretariat's
    history views and would outlive the purge; a note is changed only by its author
    and deleted for good (docs/reliability.md)."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The author's person in the förbund: their uppdrag in `body` decide how long
    # the note is kept.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("personal note")
        verbose_name_plural = _("personal notes")
        indexes = [
            models.Index(fields=["author", "federation"], name="note_author_idx"),
            models.Index(fields=["person", "body"], name="note_person_body_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=True) | models.Q(page__gte=1),
                name="note_page_from_one",
            )
        ]

    def __str__(self) -> str:
        # No text: a note never shows itself in a log or an error page.
        return f"note {self.pk}"
