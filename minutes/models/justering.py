"""Justering and after: the justerare's approvals, the anslag, rättelser and
expediering."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import DelegationDecision, Document
from federation.models import Federation, Person

from .protokoll import Minutes, Paragraph
from .triggers import protect_justerat_rows


class Approval(models.Model):
    """A justerare's or the ordförande's justering: approved with time, or a comment."""

    class Role(models.TextChoices):
        JUSTERARE = "justerare", _("Justerare")
        ORDFORANDE = "ordforande", _("Chair")

    class Method(models.TextChoices):
        PASSWORD = "password", _("password given again")
        PASSWORD_TOTP = "password_totp", _("password and one-time code given again")
        PAPER = "paper", _("signed on paper, recorded by the secretary")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="approvals"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # How the justering was given, and the sha256 of the protokoll as it was shown
    # (minutes.frozen.underlag_sha256): what exactly was justerat.
    method = models.CharField(
        _("method"), max_length=15, choices=Method.choices, blank=True
    )
    shown_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    comment = models.TextField(_("comment"), blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "role", "pk"]
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        triggers = [protect_justerat_rows()]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person", "role"], name="approval_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AnslagQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None) -> "AnslagQuerySet":
        """Up on the board on the day. By the dates, not only by the beat task's flag:
        an anslag whose time is out never shows, even if the task has not run yet."""
        day = day or timezone.localdate()
        return self.filter(
            taken_down_on__isnull=True, posted_on__lte=day, takes_down_on__gte=day
        )


class Anslag(models.Model):
    """A tillkännagivande on the anslagstavla (KL 8 kap. 12–13 §§): the justering of
    a protokoll, the kungörelse of förbundsfullmäktige's meeting, an announced
    delegationsbeslut, or another notice; up until `takes_down_on`."""

    class Kind(models.TextChoices):
        JUSTERING = "justering", _("Justering of minutes")
        KUNGORELSE = "kungorelse", _("Notice of a meeting of the assembly")
        DELEGATIONSBESLUT = "delegationsbeslut", _("Delegation decision")
        OTHER = "other", _("Other notice")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="anslag"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.JUSTERING
    )
    # The justering's protokoll; empty for the other kinds.
    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anslag",
    )
    # Set for the anslag of an omedelbart justerad §; empty for the whole protokoll.
    paragraph = models.OneToOneField(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The kungörelse's meeting.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anslag",
    )
    delegation_decision = models.ForeignKey(
        DelegationDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anslag",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    posted_on = models.DateField(_("posted"))
    # None: nothing to appeal (a kungörelse).
    appeal_ends_on = models.DateField(_("appeal period ends"), null=True, blank=True)
    takes_down_on = models.DateField(_("to be taken down"))
    taken_down_on = models.DateField(_("taken down"), null=True, blank=True)
    kept_at = models.CharField(
        _("where the minutes are kept"), max_length=300, blank=True
    )
    # When it was put up: the order of the news feeds and e-mails (public.news).
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = AnslagQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        indexes = [
            models.Index(fields=["federation", "-posted_on"], name="anslag_board")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_ends_on__isnull=True)
                | Q(appeal_ends_on__gt=models.F("posted_on")),
                name="anslag_appeal_after_posting",
            ),
            models.CheckConstraint(
                condition=~Q(kind="justering") | Q(minutes__isnull=False),
                name="anslag_justering_has_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.heading} {self.posted_on:%Y-%m-%d}"

    def is_up_on(self, day: datetime.date) -> bool:
        return self.taken_down_on is None or self.taken_down_on > day

    @property
    def appeal_text(self) -> str:
        """How to appeal (laglighetsprövning, KL 13 kap.); empty when there is
        nothing to appeal (a kungörelse)."""
        if self.appeal_ends_on is None:
            return ""
        return str(
            _(
                "Anyone who is a member of a member municipality of the federation "
                "may have the decision reviewed by the administrative court "
                "(judicial review, kommunallagen 13 kap.). The appeal is sent to "
                "the administrative court and must have arrived there by "
                "%(date)s, three weeks from the day this notice was posted."
            )
            % {"date": f"{self.appeal_ends_on:%Y-%m-%d}"}
        )

    @property
    def heading(self) -> str:
        """What the board lists: the protokoll, the meeting or the title."""
        if self.kind == self.Kind.JUSTERING and self.minutes is not None:
            meeting = self.minutes.meeting
            return f"{meeting.body.name} {meeting.date:%Y-%m-%d}"
        return self.title or str(self.get_kind_display())


class Correction(models.Model):
    """A rättelse of a justerat protokoll: who, why, what changed; a new version."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="corrections"
    )
    version = models.PositiveSmallIntegerField(_("new version"))
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("why"))
    old_text = models.TextField(_("before"))
    new_text = models.TextField(_("after"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "version"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "version"], name="correction_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.version}"


class Expedition(models.Model):
    """A protokollsutdrag sent to the recipients of a §, registered in the diarium."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="expeditions"
    )
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.TextField(_("recipients"))
    emailed_to = models.TextField(_("e-mailed to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("expediering")
        verbose_name_plural = _("expedieringar")

    def __str__(self) -> str:
        return f"§ {self.paragraph.number}: {self.recipients[:40]}"
