"""The förbund's officials (tjänstepersoner) with their titles: who is förbundsdirektör,
administrativ chef or ekonom on a given day, for the documents that name them (the
kallelse is signed by the ordförande and the förbundsdirektör).

A change of official is a new row and the end date of the old one, never an edit of
the name: a kallelse of 2024 keeps naming the director of 2024. Imported by
federation.models, so Django registers the model with the app.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:  # models.py imports this module: the keys name their models
    from .models import Federation


class OfficialQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> OfficialQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Official(models.Model):
    """One official's post in the förbund over a period."""

    class Role(models.TextChoices):
        FORBUNDSDIREKTOR = "forbundsdirektor", _("Director of the federation")
        ADMINISTRATIV_CHEF = "administrativ_chef", _("Head of administration")
        EKONOM = "ekonom", _("Finance officer")
        OTHER = "annan", _("Other official")

    # One holder at a time: the signatures and the letterhead name them.
    SINGLE_POSTS = (Role.FORBUNDSDIREKTOR, Role.ADMINISTRATIV_CHEF)

    federation = models.ForeignKey(
        "federation.Federation",
        on_delete=models.CASCADE,
        related_name="officials",
        verbose_name=_("federation"),
    )
    person = models.ForeignKey(
        "federation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("person"),
        help_text=_("A person of the register; or give the name below."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(
        _("title"),
        max_length=100,
        help_text=_("As printed under the signature, e.g. Director of the federation."),
    )
    role = models.CharField(_("post"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["federation", "role", "-valid_from"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="official_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="official_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.title}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person is not None else self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (
            self.valid_to is None or self.valid_to >= day
        )


def official_on(
    federation: Federation, role: str, day: datetime.date
) -> Official | None:
    """Who held the post in the förbund on the day, if anyone."""
    return (
        Official.objects.filter(federation=federation, role=role)
        .active_on(day)
        .select_related("person")
        .order_by("-valid_from")
        .first()
    )
