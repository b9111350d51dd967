"""Förhinder, inkallelse of ersättare and requests for distansdeltagande.

A ledamot who cannot come reports förhinder (`Forhinder`); the body's ersättare are
then asked one after the other, in the order the body decided, each by an e-mail with
a signed single-use link (`Inkallelse`). A person may also ask to take part at a
distance (`DistanceRequest`) where the body allows it. The upprop is pre-filled from
these rows (minutes.services.attendance.default_presence). Imported by
meetings.models, so Django registers the models with the app.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Person

# The kinds of step an ersättare order is made of (BodyMeetingSettings.ersattare_steps).
PERSONAL, SAME_MEMBER, SAME_PARTY, BODY_ORDER = (
    "personal",
    "same_member",
    "same_party",
    "body_order",
)
ERSATTARE_STEPS = {
    PERSONAL: _("Personal substitute"),
    SAME_MEMBER: _("Substitute from the same member"),
    SAME_PARTY: _("Substitute from the same party or party group"),
    BODY_ORDER: _("The body's order of substitutes"),
}


def default_ersattare_steps() -> list[str]:
    return [PERSONAL, SAME_MEMBER, SAME_PARTY, BODY_ORDER]


def new_answer_token() -> str:
    return secrets.token_urlsafe(24)


class Forhinder(models.Model):
    """A person's word that they cannot come to a meeting; for a ledamot's seat it
    starts the inkallelse of an ersättare. Withdrawn until the meeting starts."""

    class Status(models.TextChoices):
        SEEKING = "seeking", _("Looking for a substitute")
        FILLED = "filled", _("A substitute comes")
        NO_ERSATTARE = "none", _("No substitute found")
        NOT_CALLED = "not_called", _("No substitute called in")
        STOPPED = "stopped", _("Stopped by the secretary")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="forhinder"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SEEKING
    )
    filled_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute"),
    )
    reported_at = models.DateTimeField(_("reported"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "reported_at", "pk"]
        verbose_name = _("forhinder")
        verbose_name_plural = _("forhinder")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="forhinder_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class Inkallelse(models.Model):
    """One ersättare asked to serve for one förhinder's seat. The answer link's
    token is used once (`answered_at`) and expires at `answer_by`."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Asked, no answer yet")
        ACCEPTED = "accepted", _("Comes")
        DECLINED = "declined", _("Cannot come")
        EXPIRED = "expired", _("No answer in time")
        CANCELLED = "cancelled", _("No longer needed")
        SKIPPED = "skipped", _("Skipped: no e-mail address")

    class Mail(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        NONE = "none", _("No e-mail")

    forhinder = models.ForeignKey(
        Forhinder, on_delete=models.CASCADE, related_name="inkallelser"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("substitute"),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    step = models.CharField(_("why asked"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASKED
    )
    asked_at = models.DateTimeField(_("asked"))
    answer_by = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_answer_token)
    mail_status = models.CharField(
        _("e-mail"), max_length=10, choices=Mail.choices, default=Mail.PENDING
    )
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["forhinder", "position", "pk"]
        verbose_name = _("inkallelse")
        verbose_name_plural = _("inkallelser")
        constraints = [
            models.UniqueConstraint(
                fields=["forhinder", "person"], name="inkallelse_once_per_seat"
            ),
            models.UniqueConstraint(
                fields=["forhinder"],
                condition=Q(status="accepted"),
                name="inkallelse_one_accepted_per_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.forhinder}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ASKED

    def is_expired(self, now: datetime.datetime) -> bool:
        return now >= self.answer_by


class DistanceRequest(models.Model):
    """A person's wish to take part in a meeting at a distance; the upprop starts
    from it, the secretary records what happened."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="distance_requests"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("asked"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "requested_at", "pk"]
        verbose_name = _("request to take part at a distance")
        verbose_name_plural = _("requests to take part at a distance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="distance_request_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
