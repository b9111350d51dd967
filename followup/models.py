"""Uppföljning (issue 22.3 and 22.4): the internkontrollplan of a year with its
results and avvikelser, the goals of a year with their status, and the results
report a förbund fills in for the region from a question template.

Names leave room for issue 22.1/22.2 (uppdrag from beslut, the bodies' obligations):
everything here is a follow-up of a plan, a goal or a report, never of a §.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ControlPlan(models.Model):
    """Internkontrollplan: one per förbund and year, decided by a body (a §)."""

    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="control_plans",
        verbose_name=_("federation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    decided_by = models.ForeignKey(
        "federation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="control_plans",
        verbose_name=_("decided by"),
    )
    decision_reference = models.CharField(_("decision (§)"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("internal control plan")
        verbose_name_plural = _("internal control plans")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year"], name="followup_one_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ControlArea(models.Model):
    """Granskningsområde: a numbered row of the plan, under a section heading, with
    the result of the review."""

    plan = models.ForeignKey(
        ControlPlan,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("internal control plan"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    section = models.CharField(_("section"), max_length=200, blank=True)
    name = models.CharField(_("area of review"), max_length=200)
    result = models.TextField(_("result of review"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("area of review")
        verbose_name_plural = _("areas of review")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="followup_area_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ControlPoint(models.Model):
    """Kontrollmoment: what is checked, how (kontrollmetod), how often and by whom."""

    area = models.ForeignKey(
        ControlArea,
        on_delete=models.CASCADE,
        related_name="points",
        verbose_name=_("area of review"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description = models.TextField(_("control point"))
    method = models.CharField(_("control method"), max_length=300, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "position", "id"]
        verbose_name = _("control point")
        verbose_name_plural = _("control points")

    def __str__(self) -> str:
        return self.description


class Deviation(models.Model):
    """Avvikelse found in a review, followed up within six months."""

    area = models.ForeignKey(
        ControlArea,
        on_delete=models.CASCADE,
        related_name="deviations",
        verbose_name=_("area of review"),
    )
    description = models.TextField(_("deviation"))
    found_on = models.DateField(_("found on"))
    follow_up_by = models.DateField(_("follow up by"))
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up_by", "id"]
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")

    def __str__(self) -> str:
        return self.description


class Goal(models.Model):
    """Mål (or uppdrag) of a year, with its measure and target, given a status and a
    comment at the year's uppföljning."""

    class Status(models.TextChoices):
        NOT_ASSESSED = "", _("Not assessed")
        ACHIEVED = "uppnatt", _("Achieved")
        PARTLY = "delvis", _("Partly achieved")
        NOT_ACHIEVED = "ej", _("Not achieved")

    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("federation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    title = models.TextField(_("goal"))
    measure = models.CharField(_("measure"), max_length=300, blank=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, blank=True, default=""
    )
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["federation", "year", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Evidence(models.TextChoices):
    """The evidence basis of a result (the region's fixed list)."""

    UPPFOLJNING = "uppföljning", _("Follow-up")
    UTVARDERING = "utvärdering", _("Evaluation")
    EGEN_BEDOMNING = "egen bedömning", _("Own assessment")


class ReportTemplate(models.Model):
    """A results report's questions, filled in by the förbund every year."""

    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="report_templates",
        verbose_name=_("federation"),
    )
    title = models.CharField(_("title"), max_length=200)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return self.title


class ReportArea(models.Model):
    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("report template"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "number"]
        verbose_name = _("report area")
        verbose_name_plural = _("report areas")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ReportQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        YES_NO = "yes_no", _("Yes/No with a text")

    class Result(models.TextChoices):
        NONE = "", _("None")
        PRESTATIONER = "prestationer", _("Outputs")
        EFFEKTER = "effekter", _("Effects")

    area = models.ForeignKey(
        ReportArea,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("report area"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("question"))
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    condition_text = models.TextField(_("text asked for the answer"), blank=True)
    result_kind = models.CharField(
        _("kind of result"),
        max_length=20,
        choices=Result.choices,
        blank=True,
        default="",
    )
    asks_evidence = models.BooleanField(_("asks for the evidence basis"), default=False)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="report_questions", verbose_name=_("goals")
    )
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["area", "position", "id"]
        verbose_name = _("report question")
        verbose_name_plural = _("report questions")

    def __str__(self) -> str:
        return f"{self.number} {self.text}"


class ReportAnswer(models.Model):
    """The förbund's answer to one question for one year."""

    question = models.ForeignKey(
        ReportQuestion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("report question"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    # Values of Evidence; kept as given so that a value outside the list (an
    # imported answer) is shown by the completeness check, not lost.
    evidence = models.JSONField(_("evidence basis"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "year"]
        verbose_name = _("report answer")
        verbose_name_plural = _("report answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "year"], name="followup_one_answer_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.number} ({self.year})"


from .commissions.models import Commission, CommissionReminder  # noqa: E402, F401
