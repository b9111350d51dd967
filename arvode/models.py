"""The arvodesunderlag: one line per person and meeting from the justerat
protokoll's närvaro, frozen when the protokoll is justerat, and ± lines for a later
rättelse of the närvaro. A line is never changed or deleted (a PostgreSQL trigger
refuses it): the payroll of a kommun that has read a month reads the same again,
and what changed later comes as a correction line of the month it was made."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Federation, Member, Person
from minutes.models import Minutes


class AttendanceCorrection(models.Model):
    """A rättelse of one person's närvaro in a justerat protokoll: the justerat
    Attendance row stays as it was; this records what is right now, who and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    is_present = models.BooleanField(_("present"))
    at_distance = models.BooleanField(_("took part at a distance"), default=False)
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("to"), null=True, blank=True)
    reason = models.TextField(_("why"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "made_at", "pk"]
        verbose_name = _("correction of attendance")
        verbose_name_plural = _("corrections of attendance")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_from__isnull=True)
                | Q(time_to__isnull=True)
                | Q(time_to__gt=models.F("time_from")),
                name="attendance_correction_times_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes}: {self.person}"


class ArvodeLine(models.Model):
    """One person at one meeting as the payroll reads it; what it shows is copied
    in when it is written (names, member, role), so later register changes never
    alter it."""

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance")
        CORRECTION = "correction", _("Correction")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The month whose underlag holds the line: the meeting's month for attendance,
    # the month the rättelse was made for a correction (a paid month stays as read).
    period = models.DateField(_("month"))
    meeting_date = models.DateField(_("meeting date"))
    body_name = models.CharField(_("body"), max_length=200)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("name"), max_length=200)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member_name = models.CharField(_("member"), max_length=200, blank=True)
    kommunkod = models.CharField(_("municipality code"), max_length=4, blank=True)
    role = models.CharField(_("role"), max_length=100)
    serving = models.BooleanField(_("serving"))
    serving_for_name = models.CharField(_("serving for"), max_length=200, blank=True)
    at_distance = models.BooleanField(_("at a distance"))
    time_from = models.TimeField(_("from"), null=True, blank=True)
    time_to = models.TimeField(_("to"), null=True, blank=True)
    from_paragraph = models.PositiveIntegerField(_("from §"), null=True, blank=True)
    to_paragraph = models.PositiveIntegerField(_("to §"), null=True, blank=True)
    # +1 a meeting to pay, −1 one paid that is taken back, 0 the same meeting with
    # other details (distance or time).
    count = models.SmallIntegerField(_("count"))
    correction = models.ForeignKey(
        AttendanceCorrection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "meeting_date", "body_name", "person_name", "pk"]
        verbose_name = _("line of the allowance basis")
        verbose_name_plural = _("lines of the allowance basis")
        indexes = [
            models.Index(fields=["federation", "period"], name="arvode_period_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"],
                condition=Q(kind="attendance"),
                name="arvode_one_attendance_line",
            ),
            models.CheckConstraint(
                condition=Q(count__gte=-1) & Q(count__lte=1),
                name="arvode_count_is_a_sign",
            ),
            models.CheckConstraint(
                condition=Q(kind="attendance", correction__isnull=True)
                | Q(kind="correction", correction__isnull=False),
                name="arvode_correction_has_its_rattelse",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="protect_lines",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_date:%Y-%m-%d} {self.person_name} {self.count:+d}"
