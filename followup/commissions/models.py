"""Uppdrag (från beslut): `Commission`, and a reminder sent of one
(`CommissionReminder`).

Not `Assignment`, which is a person's seat in a body (federation.models)."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DEFAULT_REMIND_DAYS = 14


class CommissionQuerySet(models.QuerySet["Commission"]):
    def open(self) -> "CommissionQuerySet":
        return self.filter(state=Commission.State.ONGOING)

    def overdue(self, today: datetime.date) -> "CommissionQuerySet":
        return self.open().filter(due_on__lt=today)


class Commission(models.Model):
    """An uppdrag a decided § gives: what, who (a person of the förbund or a role as
    written), by when, and the body it is reported back to. A proposal read from the
    beslut text waits for the secretary's confirmation."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, to confirm")
        ONGOING = "ongoing", _("Ongoing")
        REPORTED = "reported", _("Reported back")
        CLOSED = "closed", _("Closed")

    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="commissions",
        verbose_name=_("federation"),
    )
    paragraph = models.ForeignKey(
        "minutes.Paragraph",
        on_delete=models.CASCADE,
        related_name="commissions",
        verbose_name=_("decided in §"),
    )
    what = models.TextField(_("what"))
    person = models.ForeignKey(
        "federation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commissions",
        verbose_name=_("person"),
    )
    assignee = models.CharField(_("who (role or title)"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    report_to = models.ForeignKey(
        "federation.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissions_reported",
        verbose_name=_("report back to"),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("reminder (days before the due date)"), default=DEFAULT_REMIND_DAYS
    )
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    # The sentence of the beslut a proposal was read from.
    source_text = models.TextField(_("from the decision"), blank=True)
    report_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commissions",
        verbose_name=_("agenda item of the report"),
    )
    reported_in = models.ForeignKey(
        "minutes.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_commissions",
        verbose_name=_("reported back in §"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    objects = CommissionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        indexes = [
            models.Index(fields=["federation", "state"], name="followup_comm_state"),
        ]

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return reverse("followup:commission", args=[self.federation.slug, self.pk])

    @property
    def who(self) -> str:
        if self.person_id is not None:
            return self.person.full_name  # type: ignore[union-attr]
        return self.assignee

    def status_on(self, today: datetime.date) -> str:
        """The status the list shows: försenat is an open uppdrag past its date."""
        if (
            self.state == self.State.ONGOING
            and self.due_on is not None
            and self.due_on < today
        ):
            return "overdue"
        return self.state


class CommissionReminder(models.Model):
    """One reminder of a commission, sent once: the row is written in the same
    transaction as the mail and the Nytt items, and is unique per uppdrag, kind and
    due date (a moved date gets its own reminders)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        DUE = "due", _("On the due date")

    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("commission"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commission reminder")
        verbose_name_plural = _("commission reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "kind", "due_on"],
                name="followup_commission_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commission_id} {self.kind} {self.due_on:%Y-%m-%d}"
