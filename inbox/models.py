"""Nytt: what is new for one person (issue 19.5), and when they last opened a meeting.

Neither model keeps history (HistoricalRecords), unlike the domain models: an item is a
per-user notice pointing at a record that keeps its own history (the kallelse version,
the protokoll's justering, the förhinder), and a read mark is a reader's bookmark.
Neither is a record of the förbund; an item's history would only copy its read time.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Item(models.Model):
    """One notice for one user in one förbund. The title is public text only: a
    meeting's body and date, an ärende's public title, never a sekretess text."""

    class Kind(models.TextChoices):
        KALLELSE = "kallelse", _("Notice of meeting published")
        SUPPLEMENT = "supplement", _("Supplementary documents")
        JUSTERING = "justering", _("Minutes to approve")
        FORHINDER = "forhinder", _("Answer to a leave of absence")
        COMMISSION = "uppdrag", _("Commission due")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="inbox_items",
        verbose_name=_("user"),
    )
    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="inbox_items",
        verbose_name=_("federation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(
                fields=["user", "federation", "read_at"], name="inbox_item_unread"
            ),
            models.Index(
                fields=["user", "federation", "-created_at"], name="inbox_item_recent"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReadMark(models.Model):
    """When a user last opened a meeting's page: the meeting page marks as oläst the
    ärenden and handlingar changed after the previous opening."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="read_marks",
        verbose_name=_("user"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="read_marks",
        verbose_name=_("meeting"),
    )
    opened_at = models.DateTimeField(_("opened"))

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "meeting"], name="inbox_readmark_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.meeting_id} {self.opened_at:%Y-%m-%d %H:%M}"
