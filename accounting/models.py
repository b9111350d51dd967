"""The ekonom's bokslut work beside the fees: index-linked commitments (avsättningar
such as E20 in Sjuhärad's årsbokslut), the driftredovisning's lines with their
budget and the utfall imported from the ledger (SIE 4), and the record that an
agreement was reassessed before a mandate period (accounting/terms.py).

Amounts are kronor, signed as the driftredovisning shows them: income positive,
costs negative. The pages print them in tkr, as the årsbokslut does.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Federation
from finance.models import MONEY, Activity, IndexSeries

ACCOUNT = [MinValueValidator(1000), MaxValueValidator(9999)]


class Commitment(models.Model):
    """An åtagande in a base year's prices, uplifted by an index and paid over
    years; its provision (avsättning) is rolled forward year by year."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="commitments"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    base_year = models.PositiveSmallIntegerField(
        _("price base year"), help_text=_("The year whose prices the amount is in.")
    )
    base_amount = models.DecimalField(_("amount in the base year's prices"), **MONEY)
    index_series = models.ForeignKey(
        IndexSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("index series"),
        help_text=_("An index level series; its base year's value is the base."),
    )
    index_from = models.PositiveSmallIntegerField(
        _("uplift from year"),
        null=True,
        blank=True,
        help_text=_("No index uplift is computed for the years before."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="commitment_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommitmentYear(models.Model):
    """One year of a commitment's plan: the part recognised (in base-year prices),
    the payment, and the uplift when it is entered as booked rather than computed
    from the index."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    recognised = models.DecimalField(
        _("recognised in base-year prices"), **MONEY, default=0
    )
    payment = models.DecimalField(_("payment"), **MONEY, default=0)
    uplift = models.DecimalField(
        _("index uplift as booked"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Leave empty to compute it from the index series."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "year"]
        verbose_name = _("commitment year")
        verbose_name_plural = _("commitment years")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"], name="commitmentyear_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.year}"


class DriftLine(models.Model):
    """A row of the driftredovisning, optionally a verksamhet's."""

    class Section(models.TextChoices):
        INCOME = "income", _("Operating income")
        COSTS = "costs", _("Operating costs")
        DEPRECIATION = "depreciation", _("Depreciation")
        CONTRIBUTIONS = "contributions", _("Member contributions and fees")
        FINANCIAL = "financial", _("Financial items")
        EXTRAORDINARY = "extraordinary", _("Extraordinary items")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="drift_lines"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drift_lines",
        verbose_name=_("activity"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("driftredovisning line")
        verbose_name_plural = _("driftredovisning lines")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="driftline_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AccountMapping(models.Model):
    """Accounts (a range of the kontoplan), optionally of one kostnadsställe or
    objekt, that belong to a driftredovisning line. The most specific rule wins:
    one with an objekt before one without, then the narrower range."""

    line = models.ForeignKey(
        DriftLine, on_delete=models.CASCADE, related_name="mappings"
    )
    account_from = models.PositiveSmallIntegerField(
        _("from account"), validators=ACCOUNT
    )
    account_to = models.PositiveSmallIntegerField(_("to account"), validators=ACCOUNT)
    dimension = models.PositiveSmallIntegerField(
        _("dimension"),
        null=True,
        blank=True,
        help_text=_("1 is the cost centre in SIE; empty for every objekt."),
    )
    object_code = models.CharField(_("objekt"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account_from", "account_to", "dimension", "object_code"]
        verbose_name = _("account mapping")
        verbose_name_plural = _("account mappings")
        constraints = [
            models.CheckConstraint(
                condition=Q(account_to__gte=F("account_from")),
                name="accountmapping_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(dimension__isnull=True, object_code="")
                | (Q(dimension__isnull=False) & ~Q(object_code="")),
                name="accountmapping_object_with_dimension",
            ),
        ]

    def __str__(self) -> str:
        accounts = f"{self.account_from}–{self.account_to}"
        if self.dimension is None:
            return accounts
        return f"{accounts} {{{self.dimension} {self.object_code}}}"


class Budget(models.Model):
    """A line's budget for a year, signed as the line's utfall."""

    line = models.ForeignKey(
        DriftLine, on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="budget_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.year}: {self.amount}"


class LedgerImport(models.Model):
    """A SIE 4 file read for a year's utfall; the year's latest import counts."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="ledger_imports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    program = models.CharField(_("exported by"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    vouchers = models.PositiveIntegerField(_("vouchers"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    warnings = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-imported_at", "-pk"]
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")

    def __str__(self) -> str:
        return f"{self.year}: {self.file_name}"


class LedgerAmount(models.Model):
    """The sum of an import's rows for one account and objekt, signed as the
    driftredovisning shows it (credit positive), and the line it belongs to."""

    ledger_import = models.ForeignKey(
        LedgerImport, on_delete=models.CASCADE, related_name="amounts"
    )
    line = models.ForeignKey(DriftLine, on_delete=models.PROTECT, related_name="+")
    account = models.PositiveSmallIntegerField(_("account"))
    dimension = models.PositiveSmallIntegerField(null=True, blank=True)
    object_code = models.CharField(max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["ledger_import", "account", "object_code"]
        verbose_name = _("ledger amount")
        verbose_name_plural = _("ledger amounts")

    def __str__(self) -> str:
        return f"{self.account} {self.object_code}: {self.amount}"


class Reassessment(models.Model):
    """That an agreement's cost level was reassessed before a mandate period
    (accounting/terms.py): the flag on the finance page then goes."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="reassessments"
    )
    term_starts = models.DateField(_("mandate period starts"))
    decided_on = models.DateField(_("reassessed on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
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
        ordering = ["-term_starts"]
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "term_starts"], name="reassessment_unique_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.term_starts:%Y}"
