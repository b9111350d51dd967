"""The protokoll itself: the row per meeting, its §§ and their numbers, the närvaro."""

import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from federation.models import Assignment, Body, Person
from meetings.models import AgendaItem, Meeting

from .triggers import protect_justerat_rows

APPEAL_DAYS = 21  # three weeks from the day the justering is announced (KL 13:5),
# to the next weekday when the last one is a day off (services.justering._post_anslag)


class Minutes(models.Model):
    """The protokoll of one meeting; locked once justerat, changed only by rättelse."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent for justering")
        JUSTERAT = "justerat", _("Approved by the justerare")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.PROTECT, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    secretary = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    others_present = models.TextField(
        _("others present"), blank=True, help_text=_("One name and title per line.")
    )
    justering_place = models.CharField(
        _("place of justering"), max_length=200, blank=True
    )
    justering_planned_on = models.DateField(_("justering date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("meeting closed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent for justering"), null=True, blank=True)
    justerat_on = models.DateField(
        _("approved by the justerare"), null=True, blank=True
    )
    justerat_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes of a meeting")
        verbose_name_plural = _("minutes of a meeting")
        triggers = [
            pgtrigger.Protect(
                name="protect_justerat",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="justerat"),
            )
        ]

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.JUSTERAT

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ParagraphCounter(models.Model):
    """The last § number given per body and calendar year, locked while one is taken."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], name="paragraph_counter_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year}: {self.last_number}"


class Paragraph(models.Model):
    """A § of the protokoll, numbered per body and calendar year."""

    class Outcome(models.TextChoices):
        DECIDED = "decided", _("Decision item")
        NOTED = "noted", _("Noted in the minutes")
        BORDLAGT = "bordlagt", _("Tabled")
        ATERREMITTERAT = "aterremitterat", _("Referred back")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="paragraphs"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("§"))
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paragraph",
    )
    title = models.CharField(_("title"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=Outcome.choices, default=Outcome.DECIDED
    )
    decision_text = models.TextField(_("decision"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    immediately_justerat_at = models.DateTimeField(
        _("approved at the meeting"), null=True, blank=True
    )
    # Bumped on every save of the beslut: a save made on an older text is stale.
    text_version = models.PositiveIntegerField(default=1, editable=False)
    # The token of the form that added it: a repeated submit finds this row.
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        triggers = [protect_justerat_rows()]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="paragraph_unique_number"
            ),
            models.UniqueConstraint(
                fields=["minutes", "form_token"], name="paragraph_form_token_once"
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class Attendance(models.Model):
    """One person at the meeting: role, present or not, and for whom they serve."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("Chair")
        VICE_1 = "vice_1", _("First vice chair")
        VICE_2 = "vice_2", _("Second vice chair")
        VICE = "vice", _("Vice chair")
        LEDAMOT = "ledamot", pgettext_lazy("role", "Member of the body")
        ERSATTARE = "ersattare", pgettext_lazy("role", "Substitute")
        ADJ_LEDAMOT = "adj_ledamot", _("Co-opted member")
        ADJ_ERSATTARE = "adj_ersattare", _("Co-opted substitute")
        ADJ_SAKKUNNIG = "adj_sakkunnig", _("Co-opted expert")
        OTHER = "ovrig", _("Other attendee")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_present = models.BooleanField(_("present"), default=True)
    # Distansdeltagande (kommunallagen 5 kap. 16 §, 6 kap. 24 §): present, and counted
    # so for beslutförhet, but the protokoll says who took part at a distance.
    at_distance = models.BooleanField(_("took part at a distance"), default=False)
    serving_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("serving for"),
    )
    arrived_at = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arrived at §"),
    )
    left_after = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("left after §"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "position", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        triggers = [protect_justerat_rows()]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"], name="attendance_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(serving_for__isnull=True) | Q(role="ersattare"),
                name="attendance_only_ersattare_serve",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_beslutande_seat(self) -> bool:
        return self.role in Assignment.BESLUTANDE

    def is_there_at(self, number: int) -> bool:
        """Present for the § with this number, given arrival and departure."""
        if not self.is_present:
            return False
        arrived, left = self.arrived_at, self.left_after
        if arrived is not None and arrived.number > number:
            return False
        return not (left is not None and left.number < number)
