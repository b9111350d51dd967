"""A body's obligations as data (issue 22.2): how often it meets, who signs and
justerar, where its protokoll is expedierat, whom it reports to, and the ledamöter's
requests for an extra meeting. federation.obligations holds the rules that read them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BodyRules(models.Model):
    """The obligations of one body, as its reglemente or agreement states them.

    The kallelse lead time is the body's own field (Body.kallelse_lead_days), which
    the kallelse and the deadlines read; the rules page edits it together with these.
    """

    class Signers(models.TextChoices):
        CHAIR = "ordforande", _("The chair signs")
        CHAIR_AND_SECRETARY = (
            "ordforande_sekreterare",
            _("The chair and the secretary sign"),
        )

    body = models.OneToOneField(
        "federation.Body", on_delete=models.CASCADE, related_name="obligations"
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings a year, at least"), null=True, blank=True
    )
    signed_by = models.CharField(
        _("who signs the minutes"),
        max_length=30,
        choices=Signers.choices,
        default=Signers.CHAIR,
    )
    justerare_count = models.PositiveSmallIntegerField(
        _("justerare chosen among the members"), default=1
    )
    extra_meeting_share = models.PositiveSmallIntegerField(
        _("an extra meeting when one in this many members ask"),
        null=True,
        blank=True,
        help_text=_("3: a third of the members. Empty: no such right."),
    )
    expedite_to = models.ManyToManyField(
        "federation.Body",
        blank=True,
        related_name="+",
        verbose_name=_("the minutes are dispatched to"),
        help_text=_("Members' own bodies, such as every kommunstyrelse."),
    )
    reports_to = models.ForeignKey(
        "federation.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reports to"),
    )
    reports_per_year = models.PositiveSmallIntegerField(
        _("reports a year"), null=True, blank=True
    )
    reassessment = models.CharField(
        _("reassessed before each mandate period"),
        max_length=200,
        blank=True,
        help_text=_("What is reassessed, such as the sharing of the costs."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the obligations are written, such as an agreement."),
    )
    history = HistoricalRecords(m2m_fields=[expedite_to])

    class Meta:
        verbose_name = _("obligations of a body")
        verbose_name_plural = _("obligations of bodies")

    def __str__(self) -> str:
        return str(self.body)


class ExtraMeetingNotice(models.Model):
    """The secretariat told to call an extra meeting: the open requests it answers."""

    body = models.ForeignKey(
        "federation.Body",
        on_delete=models.CASCADE,
        related_name="extra_meeting_notices",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice of an extra meeting")
        verbose_name_plural = _("notices of extra meetings")

    def __str__(self) -> str:
        return f"{self.body} {self.created_at:%Y-%m-%d}"


class ExtraMeetingRequest(models.Model):
    """A ledamot asks for an extra meeting (or the secretary records that they did).

    Open until a notice to the secretariat answers it; one open request a person."""

    body = models.ForeignKey(
        "federation.Body",
        on_delete=models.CASCADE,
        related_name="extra_meeting_requests",
    )
    person = models.ForeignKey(
        "federation.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"), blank=True)
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    notice = models.ForeignKey(
        ExtraMeetingNotice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("request for an extra meeting")
        verbose_name_plural = _("requests for an extra meeting")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(notice__isnull=True),
                name="extra_meeting_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.body}"


class ProtokollDispatch(models.Model):
    """A justerat protokoll expedierat to one recipient body named by the rules,
    registered as an expedierad handling (cases.Document, direction dispatched)."""

    minutes = models.ForeignKey(
        "minutes.Minutes", on_delete=models.PROTECT, related_name="dispatches"
    )
    recipient = models.ForeignKey(
        "federation.Body",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient"),
    )
    document = models.OneToOneField(
        "cases.Document", on_delete=models.PROTECT, related_name="+"
    )
    emailed_to = models.TextField(_("e-mailed to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "recipient__name"]
        verbose_name = _("dispatch of minutes")
        verbose_name_plural = _("dispatches of minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "recipient"], name="protokoll_dispatch_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} → {self.recipient}"
