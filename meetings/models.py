"""Meetings (sammanträden), their dagordning, kallelse versions and calendar tokens."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case, Document
from core.documents import StoredDocument
from federation.models import Assignment, Body, Person

from .forhinder_models import default_ersattare_steps


class ItemKind(models.TextChoices):
    DECISION = "beslut", _("Decision item")
    INFORMATION = "information", _("Information")
    DIALOGUE = "dialog", _("Dialog")
    REPORT = "rapport", _("Report")
    ROLL_CALL = "upprop", _("Roll call")
    AGENDA_APPROVAL = "dagordning", _("Adoption of the agenda")
    JUSTERARE = "justerare", _("Choice of justerare")
    NOTIFICATIONS = "anmalan", _("Notification list")
    OTHER_QUESTIONS = "ovriga", _("Other business")
    NEXT_MEETING = "nasta", _("Next meeting")


# Standard items open or close a meeting; the rest of the agenda goes between them.
OPENING_KINDS = (ItemKind.ROLL_CALL, ItemKind.AGENDA_APPROVAL, ItemKind.JUSTERARE)
STANDARD_KINDS = (
    *OPENING_KINDS,
    ItemKind.NOTIFICATIONS,
    ItemKind.OTHER_QUESTIONS,
    ItemKind.NEXT_MEETING,
)
CONTENT_KINDS = (
    ItemKind.DECISION,
    ItemKind.INFORMATION,
    ItemKind.DIALOGUE,
    ItemKind.REPORT,
)


def default_standard_items() -> list[str]:
    return [str(kind) for kind in STANDARD_KINDS]


class BodyMeetingSettings(models.Model):
    """How one body's meetings start: the standard items a new meeting gets."""

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="meeting_settings"
    )
    standard_items = models.JSONField(
        _("standard items"),
        default=default_standard_items,
        help_text=_("Kinds of standard item, in the order a new meeting gets them."),
    )
    default_place = models.CharField(_("usual place"), max_length=300, blank=True)
    # Distansdeltagande is allowed only where the body has decided so (KL 5:16, 6:24).
    allows_distance = models.BooleanField(
        _("distance participation allowed"), default=False
    )
    # The order ersättare are called in when a ledamot reports förhinder: step keys
    # of forhinder_models.ERSATTARE_STEPS (docs/glossary.md).
    ersattare_steps = models.JSONField(
        _("order of calling in substitutes"), default=default_ersattare_steps
    )
    # Parties that count as one for the same-party step, e.g. [["M", "KD", "L"]].
    party_groups = models.JSONField(_("party groups"), default=list, blank=True)
    answer_hours = models.PositiveSmallIntegerField(
        _("hours a substitute has to answer"), default=24
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting settings of a body")
        verbose_name_plural = _("meeting settings of bodies")

    def __str__(self) -> str:
        return str(self.body)


class MeetingQuerySet(models.QuerySet):
    def of_federation(self, federation_id: int) -> "MeetingQuerySet":
        return self.filter(body__federation_id=federation_id)

    def upcoming(self, day: datetime.date | None = None) -> "MeetingQuerySet":
        return self.filter(date__gte=day or timezone.localdate())

    def past(self, day: datetime.date | None = None) -> "MeetingQuerySet":
        return self.filter(date__lt=day or timezone.localdate())

    def for_person(self, person_ids: list[int]) -> "MeetingQuerySet":
        """Meetings of bodies in which one of the persons had a seat that day."""
        seats = Assignment.objects.filter(
            person_id__in=person_ids,
            body_id=OuterRef("body_id"),
            valid_from__lte=OuterRef("date"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("date")))
        return self.filter(Exists(seats))


class Meeting(models.Model):
    """A sammanträde of a body."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        KALLELSE_PUBLISHED = "kallelse_published", _("Kallelse published")
        HELD = "held", _("Held")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        POSTED = "posted", _("Anslag posted")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    invited = models.ManyToManyField(
        Person,
        blank=True,
        related_name="invited_to_meetings",
        verbose_name=_("invited officials"),
    )
    # Bumped on every change of the agenda: a save made on an older version is stale.
    agenda_version = models.PositiveIntegerField(default=1, editable=False)
    # The secretary's changes to the anmälningsärenden list the ärenden app proposes.
    notification_exclude_document_ids = models.JSONField(default=list, blank=True)
    notification_exclude_delegation_ids = models.JSONField(default=list, blank=True)
    notification_extra_document_ids = models.JSONField(default=list, blank=True)
    notification_extra_delegation_ids = models.JSONField(default=list, blank=True)
    kallelse_published_at = models.DateTimeField(
        _("kallelse published"), null=True, blank=True
    )
    history = HistoricalRecords(m2m_fields=[invited])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name} {self.date:%Y-%m-%d}"

    @property
    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    @property
    def ends(self) -> datetime.datetime:
        end = (
            self.ends_at
            or (
                datetime.datetime.combine(self.date, self.starts_at)
                + datetime.timedelta(hours=2)
            ).time()
        )
        return timezone.make_aware(datetime.datetime.combine(self.date, end))

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.PLANNED

    @property
    def is_editable(self) -> bool:
        """The agenda changes until the meeting is held (after publishing: versions)."""
        return self.status in (self.Status.PLANNED, self.Status.KALLELSE_PUBLISHED)


class AgendaItem(models.Model):
    """An item on the dagordning: a standard item, an ärende or a free item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("case"),
    )
    is_public = models.BooleanField(_("public"), default=True)
    # Printed under the item in the kallelse, e.g. "VGR deltar".
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()
    # Not stored: the handlingar of its ärende the reader may see, set by the
    # meeting page (views.meetings) for its template.
    documents: list[Document]

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_standard(self) -> bool:
        return self.kind in STANDARD_KINDS


class KallelseVersion(StoredDocument):
    """One published version of the kallelse; frozen once published.

    A change after publishing is a new version (kompletterande handlingar); earlier
    files stay downloadable. Its PDF follows core.documents' lifecycle.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="kallelse_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    late_reason = models.TextField(_("reason for late kallelse"), blank=True)
    change_note = models.TextField(_("what changed"), blank=True)
    # The agenda as published: item ids in order and the document ids of each.
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="kallelser/%Y/", blank=True)
    # Every kallad with an address has been mailed (KallelseDelivery).
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    build_task = "meetings.tasks.build_kallelse_pdf_task"

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("kallelse version")
        verbose_name_plural = _("kallelse versions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="kallelse_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"version_id": self.pk}

    @property
    def is_supplement(self) -> bool:
        return self.number > 1


class KallelseDelivery(models.Model):
    """One kallad's e-mail of one kallelse version. Claimed before it is sent and
    marked after, so a retried or duplicated task never mails anyone twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")

    version = models.ForeignKey(
        KallelseVersion, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "email"]
        verbose_name = _("kallelse e-mail")
        verbose_name_plural = _("kallelse e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "email"], name="kallelse_delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.email}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret of a person's calendar feed URL; revoking it ends the feed."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:calendar_feed",
            args=[self.person.federation.slug, self.token],
        )


# Förhinder, inkallelse and distansdeltagande live in their own module.
from .forhinder_models import DistanceRequest, Forhinder, Inkallelse  # noqa: E402, F401
