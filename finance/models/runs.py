"""The yearly allocation runs: a version of a year's fees, its lines and its PDF."""

from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import StoredDocument
from federation.models import Federation, Member

from .fees import MONEY, FeeModel


class SettlementMode(models.TextChoices):
    NEXT = "next", _("On the next instalment")
    SEPARATE = "separate", _("As a separate line")


class AllocationRunQuerySet(models.QuerySet):
    def approved(self) -> "AllocationRunQuerySet":
        return self.filter(status=AllocationRun.Status.APPROVED)


class AllocationRun(models.Model):
    """One computation of a year's fees. Approved runs are frozen for good."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="allocation_runs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    as_of = models.DateField(_("index values as of"))
    total = models.DecimalField(_("total"), **MONEY, default=Decimal(0))
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # A preliminary run: {population year wanted: the latest published year used}.
    population_substitutes = models.JSONField(default=dict, blank=True)
    settlement_mode = models.CharField(
        _("settlement"),
        max_length=10,
        choices=SettlementMode.choices,
        default=SettlementMode.NEXT,
    )
    # The instalments marked sent when the run was computed (InstalmentDispatch
    # ids): approval refuses a run computed before another was marked.
    settlement_basis = models.JSONField(default=list, blank=True)
    # Per verksamhet: its costs, other payer, carry-forward and adjustments
    # (finance.calculation.settlement.Settlement.as_json), frozen with the run.
    settlements = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    history = HistoricalRecords()

    objects = AllocationRunQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "version"], name="run_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_preliminary(self) -> bool:
        return bool(self.population_substitutes)

    @property
    def population_years_used(self) -> list[tuple[int, int]]:
        """(wanted, used) population years of a preliminary run."""
        return sorted((int(k), int(v)) for k, v in self.population_substitutes.items())


class RunReport(StoredDocument):
    """The PDF report of a run, made by a Celery task (finance.tasks): ~1 min for a
    large federation, too long for a request. An approved run's is made once; a
    draft's again when the run it compares with changes (core.documents keeps the
    last file downloadable meanwhile)."""

    run = models.OneToOneField(
        AllocationRun, on_delete=models.CASCADE, related_name="report"
    )
    file = models.FileField(
        _("PDF report"), upload_to="finance/reports/%Y/", blank=True
    )
    history = HistoricalRecords()

    build_task = "finance.tasks.build_run_report_task"

    class Meta:
        verbose_name = _("run report")
        verbose_name_plural = _("run reports")

    def __str__(self) -> str:
        return f"{self.run} PDF"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"run_id": self.run_id}


class AllocationLine(models.Model):
    """What one member pays for one fee model in a run, with the inputs it came from.

    The inputs (population, rate, uplift) are copied in, so the line and its
    explanation stay as they were when the run is approved, whatever changes later.
    """

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="lines"
    )
    fee_model = models.ForeignKey(FeeModel, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)
    # Before the verksamhet's other payer, carry-forward and adjustments.
    gross_amount = models.DecimalField(**MONEY, null=True, blank=True)
    # Already invoiced by instalments sent from earlier versions, and the
    # avräkning: what this version says for those instalments less that.
    invoiced = models.DecimalField(**MONEY, default=Decimal(0))
    settlement = models.DecimalField(**MONEY, default=Decimal(0))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    uplift_factor = models.DecimalField(max_digits=16, decimal_places=10)
    explanation = models.TextField(_("explanation"))
    instalments = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "fee_model", "member__name"]
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "fee_model", "member"], name="line_unique_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.fee_model} {self.member}: {self.amount}"
