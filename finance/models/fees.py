"""Population, index series, fee models and the yearly allocation runs."""

import datetime
from decimal import Decimal
from typing import TypedDict

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Federation, Member


class Digits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: Digits = {"max_digits": 16, "decimal_places": 2}
RATE: Digits = {"max_digits": 14, "decimal_places": 4}


class PopulationFigure(models.Model):
    """A member's population (folkmängd) on a reference date, usually 31 December."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="population_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    reference_date = models.DateField(_("reference date"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__name", "year"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="population_unique_member_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.population}"


class IndexSeries(models.Model):
    """A price index such as LPI, LPIK, PKV or KPI, or one of the federation's own."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Yearly change in per cent")
        LEVEL = "level", _("Index level")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="index_series"
    )
    code = models.CharField(_("short name"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("index series")
        verbose_name_plural = _("index series")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "code"], name="indexseries_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.code


class IndexValue(models.Model):
    """One published value of a series for a year; later publications revise it."""

    series = models.ForeignKey(
        IndexSeries, on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    published_on = models.DateField(_("published on"))
    is_forecast = models.BooleanField(_("forecast"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["series", "year", "published_on"]
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "published_on"],
                name="indexvalue_unique_publication",
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.value}"


class Activity(models.Model):
    """A verksamhet: a cost centre of the federation that members pay for."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="activity_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FeeModel(models.Model):
    """How an activity is charged to the members that take part in it."""

    class Method(models.TextChoices):
        PER_CAPITA = "per_capita", _("Kronor per inhabitant")
        FIXED = "fixed", _("Fixed amount per participant")
        FIXED_PLUS_PER_CAPITA = (
            "fixed_per_capita",
            _("Fixed amount plus kronor per inhabitant"),
        )
        POPULATION_SHARE = "population_share", _("Total shared by population")
        PER_UNIT = "per_unit", _("Price per produced unit")

    class Uplift(models.TextChoices):
        NONE = "none", _("No uplift")
        FIXED = "fixed", _("Fixed percentage")
        INDEX = "index", _("Index series")

    class Rounding(models.TextChoices):
        KRONA = "kr", _("To the krona")
        TKR = "tkr", _("To thousands of kronor")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="fee_models"
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="fee_models",
        verbose_name=_("activity"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_models",
        verbose_name=_("agreement"),
    )
    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    base_year = models.PositiveSmallIntegerField(
        _("base year"), help_text=_("The year the base amounts below refer to.")
    )
    rate = models.DecimalField(
        _("kronor per inhabitant"), **RATE, null=True, blank=True
    )
    fixed_amount = models.DecimalField(
        _("fixed amount per participant"), **MONEY, null=True, blank=True
    )
    total_amount = models.DecimalField(
        _("total to share"), **MONEY, null=True, blank=True
    )
    unit_price = models.DecimalField(_("price per unit"), **RATE, null=True, blank=True)
    population_year_offset = models.SmallIntegerField(
        _("population year"),
        default=-1,
        help_text=_("-1: the population of the year before; 0: of the same year."),
    )
    uplift = models.CharField(
        _("uplift"), max_length=10, choices=Uplift.choices, default=Uplift.NONE
    )
    uplift_percent = models.DecimalField(
        _("uplift per cent"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    index_series = models.ForeignKey(
        IndexSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_models",
        verbose_name=_("index series"),
    )
    index_read_month = models.PositiveSmallIntegerField(
        _("index read month"), default=3
    )
    index_read_day = models.PositiveSmallIntegerField(_("index read day"), default=1)
    freeze_years = models.JSONField(_("years without uplift"), default=list, blank=True)
    rounding = models.CharField(
        _("rounding"), max_length=3, choices=Rounding.choices, default=Rounding.KRONA
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    move_weekend_due_dates = models.BooleanField(
        _("move due dates on weekends to the next weekday"), default=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__name", "name"]
        verbose_name = _("fee model")
        verbose_name_plural = _("fee models")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"], name="feemodel_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(index_read_month__gte=1, index_read_month__lte=12)
                & Q(index_read_day__gte=1, index_read_day__lte=31),
                name="feemodel_index_read_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> Decimal:
        return Decimal(1000) if self.rounding == self.Rounding.TKR else Decimal(1)

    def index_read_on(self, year: int) -> datetime.date:
        return datetime.date(year, self.index_read_month, self.index_read_day)


class Participant(models.Model):
    """A member taking part in a fee model, optionally on its own terms."""

    fee_model = models.ForeignKey(
        FeeModel, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="fee_participations",
        verbose_name=_("member"),
    )
    rate = models.DecimalField(
        _("own kronor per inhabitant"), **RATE, null=True, blank=True
    )
    fixed_amount = models.DecimalField(
        _("own fixed amount"), **MONEY, null=True, blank=True
    )
    valid_from = models.DateField(_("takes part from"), null=True, blank=True)
    valid_to = models.DateField(_("takes part until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member__name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["fee_model", "member"], name="participant_unique_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fee_model}: {self.member}"


class UnitCount(models.Model):
    """Units a member used in a year, for a fee model priced per unit."""

    fee_model = models.ForeignKey(
        FeeModel, on_delete=models.CASCADE, related_name="unit_counts"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.DecimalField(_("units"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fee_model", "year", "member__name"]
        verbose_name = _("unit count")
        verbose_name_plural = _("unit counts")
        constraints = [
            models.UniqueConstraint(
                fields=["fee_model", "member", "year"], name="unitcount_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fee_model} {self.member} {self.year}: {self.quantity}"


class AgreedUplift(models.Model):
    """Another uplift the parties agreed for a year; it counts only by the cut-off."""

    fee_model = models.ForeignKey(
        FeeModel, on_delete=models.CASCADE, related_name="agreed_uplifts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.DecimalField(_("uplift per cent"), max_digits=7, decimal_places=3)
    agreed_on = models.DateField(_("agreed on"))
    cutoff_on = models.DateField(
        _("cut-off date"),
        help_text=_("An uplift agreed after this date is not applied."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fee_model", "year"]
        verbose_name = _("agreed uplift")
        verbose_name_plural = _("agreed uplifts")
        constraints = [
            models.UniqueConstraint(
                fields=["fee_model", "year"], name="agreeduplift_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fee_model} {self.year}: {self.percent} %"

    @property
    def is_in_time(self) -> bool:
        return self.agreed_on <= self.cutoff_on


class Instalment(models.Model):
    """One instalment of a fee model's payment plan: a share due on a day each year."""

    fee_model = models.ForeignKey(
        FeeModel, on_delete=models.CASCADE, related_name="instalments"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    percent = models.DecimalField(
        _("share per cent"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    due_month = models.PositiveSmallIntegerField(_("due month"))
    due_day = models.PositiveSmallIntegerField(_("due day"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["fee_model", "position"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["fee_model", "position"], name="instalment_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.percent} % {self.due_day}/{self.due_month}"
