"""The register of agreements: avtal, överenskommelser, their parties and decisions.

An agreement's status is never stored: it follows from the parties' ratifications,
notices, dates and replacing agreements (see agreements/status.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Document
from federation.models import Federation, Member


class DecidingBody(models.TextChoices):
    KOMMUNFULLMAKTIGE = "kommunfullmaktige", _("Municipal council")
    REGIONFULLMAKTIGE = "regionfullmaktige", _("Regional council")
    KOMMUNSTYRELSE = "kommunstyrelse", _("Municipal executive board")
    REGIONSTYRELSE = "regionstyrelse", _("Regional executive board")
    DIREKTION = "direktion", _("Board of the federation")
    NAMND = "namnd", _("Committee")
    STYRELSE = "styrelse", _("Board")
    REKTOR = "rektor", _("Vice-chancellor")
    OTHER = "other", _("Other")


class Agreement(models.Model):
    """An avtal or överenskommelse between members of the federation and others."""

    class Kind(models.TextChoices):
        SAMVERKANSAVTAL = "samverkansavtal", _("Cooperation agreement")
        OVERENSKOMMELSE = "overenskommelse", _("Accord")
        UPPDRAGSAVTAL = "uppdragsavtal", _("Service agreement")
        FORBUNDSORDNING = "forbundsordning", _("Federation charter")
        TILLAGGSAVTAL = "tillaggsavtal", _("Supplementary agreement")
        OTHER = "other", _("Other agreement")

    class Relation(models.TextChoices):
        NONE = "", _("None")
        REPLACES = "replaces", _("Replaces")
        AMENDS = "amends", _("Amends")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement that runs until further notice."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), null=True, blank=True
    )
    earliest_end = models.DateField(
        _("earliest end"),
        null=True,
        blank=True,
        help_text=_("The first date the agreement can end after a notice."),
    )
    ends_for_all_on_exit = models.BooleanField(
        _("ends for all parties when one leaves"), default=True
    )
    ratify_by = models.DateField(
        _("ratify by"),
        null=True,
        blank=True,
        help_text=_("Every party should have decided by this date."),
    )
    reminder_months = models.PositiveSmallIntegerField(
        _("remind months ahead"),
        default=6,
        help_text=_("How many months before the end or notice deadline to remind."),
    )
    reassess_before_term = models.BooleanField(
        _("reassess before each mandate period"),
        default=False,
        help_text=_(
            "The cost level is to be reassessed before a new mandate period: the "
            "finance start page shows it from 1 August of the election year."
        ),
    )
    relation = models.CharField(
        _("relation to an earlier agreement"),
        max_length=10,
        choices=Relation.choices,
        blank=True,
        default=Relation.NONE,
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("earlier agreement"),
    )
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="agreements",
        verbose_name=_("documents"),
    )
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agreement_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(relation="", previous__isnull=True)
                | (~Q(relation="") & Q(previous__isnull=False)),
                name="agreement_relation_has_previous",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:agreement_detail", args=[self.federation.slug, self.pk]
        )

    @property
    def is_until_further_notice(self) -> bool:
        return self.valid_to is None

    @property
    def is_amendment(self) -> bool:
        return self.relation == self.Relation.AMENDS


class AgreementParty(models.Model):
    """A party to an agreement: a member of the federation or an external party."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("member"),
    )
    external_name = models.CharField(
        _("external party"),
        max_length=200,
        blank=True,
        help_text=_("For a party outside the federation, e.g. a university."),
    )
    deciding_body = models.CharField(
        _("deciding body"), max_length=20, choices=DecidingBody.choices
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("party to an agreement")
        verbose_name_plural = _("parties to agreements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(external_name=""))
                | (Q(member__isnull=True) & ~Q(external_name="")),
                name="agreement_party_member_or_external",
            ),
            models.UniqueConstraint(
                fields=["agreement", "member"],
                condition=Q(member__isnull=False),
                name="agreement_party_unique_member",
            ),
            models.UniqueConstraint(
                fields=["agreement", "external_name"],
                condition=~Q(external_name=""),
                name="agreement_party_unique_external",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.member.name if self.member is not None else self.external_name

    @property
    def is_external(self) -> bool:
        return self.member_id is None


class Ratification(models.Model):
    """A party's decision on an agreement: one per party, its history kept."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        PENDING = "pending", _("Pending")

    party = models.OneToOneField(
        AgreementParty,
        on_delete=models.CASCADE,
        related_name="ratification",
        verbose_name=_("party"),
    )
    deciding_body = models.CharField(
        _("deciding body"), max_length=20, choices=DecidingBody.choices
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    paragraph = models.CharField(
        _("paragraph"), max_length=40, blank=True, help_text=_("For example: § 45.")
    )
    protocol = models.CharField(
        _("minutes of a meeting"),
        max_length=200,
        blank=True,
        help_text=_("For example: the municipal council's meeting of 2024-02-12."),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes extract"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party"]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(decided_on__isnull=False),
                name="ratification_decision_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_outcome_display()}"


class Notice(models.Model):
    """A party gives notice (uppsägning) or leaves (utträde); the end date follows."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice of termination")
        EXIT = "exit", _("Withdrawal")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="notices"
    )
    party = models.ForeignKey(
        AgreementParty,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("party"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    given_on = models.DateField(_("given on"))
    ends_on = models.DateField(_("ends on"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("given_on")),
                name="notice_ends_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_kind_display()} {self.given_on}"


class SentReminder(models.Model):
    """A reminder already sent, so that each is sent once."""

    class Kind(models.TextChoices):
        RATIFICATION_OVERDUE = "ratification_overdue", _("Ratification overdue")
        ENDS_SOON = "ends_soon", _("Agreement ends soon")
        NOTICE_DEADLINE = "notice_deadline", _("Notice deadline soon")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    due_on = models.DateField(_("the date reminded of"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "due_on", "recipient"],
                name="sent_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} {self.due_on}"
