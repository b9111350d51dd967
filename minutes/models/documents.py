"""The frozen stored documents: the protokoll's versions, the protokollsutdrag and
the justeringsunderlag (core.documents builds their PDFs)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import StoredDocument

from .protokoll import Minutes, Paragraph
from .triggers import frozen_document_triggers


class ProtokollVersion(StoredDocument):
    """The protokoll as justerat (or as corrected by a rättelse), for one audience.

    `snapshot` holds everything the page and the PDF show, copied from the register
    at justering; both render from it alone, so a later change of a name, a body or
    a place never reaches a justerat protokoll. The file is rendered once.
    """

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        PUBLIC = "public", _("Public")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    justerat_at = models.DateTimeField(_("approved by the justerare"))
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_protokoll_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["minutes", "-number", "kind"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number", "kind"], name="protokoll_unique_version"
            )
        ]
        triggers = frozen_document_triggers(
            "snapshot", "number", "kind", "minutes_id", "justerat_at"
        )

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number} ({self.get_kind_display()})"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"version_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        return justering_facts(self.snapshot)


def justering_facts(snapshot: dict) -> list[tuple[str, str]]:
    """When a frozen document was justerat and by whom, for /kontrollera/."""
    facts = [(str(_("Approved by the justerare")), snapshot.get("justerat_on", ""))]
    if snapshot.get("justerat_by"):
        facts.append((str(_("Approved by")), ", ".join(snapshot["justerat_by"])))
    return [(label, value) for label, value in facts if value]


class Extract(StoredDocument):
    """A protokollsutdrag of one justerat §, frozen like the protokoll.

    Made when the § is justerat (with the protokoll, or at once by omedelbar
    justering) from the same snapshot, and again only when a rättelse corrects this
    §: `number` is the protokoll's version it shows. Expediering sends this file.
    """

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="extracts"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    justerat_at = models.DateTimeField(_("approved by the justerare"))
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_extract_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["paragraph", "-number"]
        verbose_name = _("minutes extract")
        verbose_name_plural = _("minutes extract")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "number"], name="extract_unique_version"
            )
        ]
        triggers = frozen_document_triggers(
            "snapshot", "number", "paragraph_id", "justerat_at"
        )

    def __str__(self) -> str:
        f = self.snapshot
        number = f.get("paragraph", {}).get("number", "")
        return f"{f.get('body', '')} {f.get('date', '')} § {number} v{self.number}"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"extract_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        return justering_facts(self.snapshot)


class JusteringUnderlag(StoredDocument):
    """The protokoll as sent for justering: the PDF the justerare and the ordförande
    read, whose sha256 each of them justerar (Approval.shown_sha256). Sent again,
    the protokoll gets a new one; a protokoll whose content no longer is the
    underlag's cannot be justerat until it is sent again."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="underlag"
    )
    sent_at = models.DateTimeField(_("sent"))
    # minutes.frozen.underlag_sha256 when sent: the content, not the file.
    content_sha256 = models.CharField(max_length=64, editable=False)
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_underlag_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["minutes", "-pk"]
        verbose_name = _("justeringsunderlag")
        verbose_name_plural = _("justeringsunderlag")
        triggers = frozen_document_triggers(
            "snapshot", "content_sha256", "minutes_id", "sent_at"
        )

    def __str__(self) -> str:
        f = self.snapshot
        return (
            f"{f.get('body', '')} {f.get('date', '')} ({self.sent_at:%Y-%m-%d %H:%M})"
        )

    def build_task_kwargs(self) -> dict[str, int]:
        return {"underlag_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        newest = (
            not type(self)
            .objects.filter(minutes_id=self.minutes_id, pk__gt=self.pk)
            .exists()
        )
        return [
            (str(_("Sent for justering")), f"{self.sent_at:%Y-%m-%d}"),
            (
                str(_("Status")),
                str(_("Not approved: what the justerare were sent to read."))
                if newest
                else str(_("Replaced: the minutes were sent again after it.")),
            ),
        ]
