"""A verksamhet's year beyond its fee models (another payer, carry-forward, one-off
adjustments) and the instalments the ekonom has sent: the inputs of the avräkning."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Member

from .fees import MONEY, Activity
from .runs import AllocationRun


class ActivityYear(models.Model):
    """What is netted from the members' fees of a verksamhet in a year.

    The members pay the fee models' amounts (the verksamhet's cost) less another
    payer's share, less a surplus carried in (a deficit raises them), plus the
    one-off adjustments (finance.calculation.settlement, docs/architecture.md).
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    carried_in = models.DecimalField(
        _("surplus carried in"),
        **MONEY,
        default=0,
        help_text=_(
            "A surplus from earlier years that lowers this year's fees; a deficit "
            "(a negative amount) raises them."
        ),
    )
    carried_in_lowers_fees = models.BooleanField(
        _("the surplus carried in lowers the fees"),
        default=True,
        help_text=_(
            "Unticked, the surplus is only counted in the year's income, as the "
            "annual accounts' notes show it, and the members pay their full fees."
        ),
    )
    carried_out = models.DecimalField(
        _("surplus carried out"),
        **MONEY,
        default=0,
        help_text=_(
            "This year's surplus carried into the next year (a deficit negative); "
            "it does not change this year's fees."
        ),
    )
    other_payer = models.CharField(_("other payer"), max_length=200, blank=True)
    other_payer_amount = models.DecimalField(
        _("other payer's fixed amount"), **MONEY, null=True, blank=True
    )
    other_payer_percent = models.DecimalField(
        _("other payer's share of the cost (%)"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__name", "year"]
        verbose_name = _("verksamhet year")
        verbose_name_plural = _("verksamhet years")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year"], name="activityyear_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(other_payer_amount__isnull=True)
                | Q(other_payer_percent__isnull=True),
                name="activityyear_one_other_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.year}"


class Adjustment(models.Model):
    """A one-off amount on a verksamhet's year, with its reason: shared by the
    members in proportion to their fees, or on one member only."""

    activity_year = models.ForeignKey(
        ActivityYear, on_delete=models.CASCADE, related_name="adjustments"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for member"),
    )
    amount = models.DecimalField(
        _("amount"), **MONEY, help_text=_("Positive raises the fees, negative lowers.")
    )
    reason = models.CharField(_("reason"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_year", "pk"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self) -> str:
        return f"{self.activity_year}: {self.amount} ({self.reason})"


class InstalmentDispatch(models.Model):
    """The ekonom has sent the invoices of one instalment of an approved run: its
    amounts count as invoiced for every later version of the year (avräkning)."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.PROTECT, related_name="dispatches"
    )
    position = models.PositiveSmallIntegerField(_("instalment"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("sent instalment")
        verbose_name_plural = _("sent instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="dispatch_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.position}"
