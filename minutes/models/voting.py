"""Within a §: jäv, yrkanden, votering with its ballots, reservation and
protokollsanteckning."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Person

from .protokoll import Paragraph
from .triggers import protect_justerat_rows


class Disqualification(models.Model):
    """Jäv: the person takes no part in the §; an ersättare may serve for it alone."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="disqualifications"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("substitute serving"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disqualification")
        verbose_name_plural = _("disqualification")
        triggers = [protect_justerat_rows("paragraph")]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "person"], name="disqualification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} § {self.paragraph.number}"


class Yrkande(models.Model):
    """A proposal made during the meeting, with who made it."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="yrkanden"
    )
    proposer = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposer")
    )
    text = models.TextField(_("yrkande"))
    # The token of the form that made it: a repeated submit finds this row.
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        triggers = [protect_justerat_rows("paragraph")]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "form_token"], name="yrkande_form_token_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposer}: {self.text[:40]}"


class Vote(models.Model):
    """A votering of a §: open with each ballot, or closed (sluten) with the result."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Open vote")
        CLOSED = "closed", _("Secret ballot")

    class Result(models.TextChoices):
        JA = "ja", _("Yes")
        NEJ = "nej", _("No")

    paragraph = models.OneToOneField(
        Paragraph, on_delete=models.CASCADE, related_name="vote"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    ja_yrkande = models.ForeignKey(
        Yrkande, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nej_yrkande = models.ForeignKey(
        Yrkande, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ja_count = models.PositiveSmallIntegerField(_("ja"), default=0)
    nej_count = models.PositiveSmallIntegerField(_("nej"), default=0)
    avstar_count = models.PositiveSmallIntegerField(_("abstains"), default=0)
    result = models.CharField(_("result"), max_length=3, choices=Result.choices)
    casting_vote = models.BooleanField(_("decided by casting vote"), default=False)
    result_text = models.TextField(_("result"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("votering")
        verbose_name_plural = _("voteringar")
        triggers = [protect_justerat_rows("paragraph")]

    def __str__(self) -> str:
        return f"§ {self.paragraph.number}: {self.ja_count}–{self.nej_count}"


class Ballot(models.Model):
    """One serving member's vote in an open votering."""

    class Choice(models.TextChoices):
        JA = "ja", _("Yes")
        NEJ = "nej", _("No")
        AVSTAR = "avstar", _("Abstains")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=6, choices=Choice.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_once")
        ]
        triggers = [protect_justerat_rows("vote")]

    def __str__(self) -> str:
        return f"{self.person}: {self.choice}"


class Reservation(models.Model):
    """A recorded dissent, announced before the meeting closed."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="reservations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    announced_at = models.DateTimeField(_("announced"))
    motivation = models.TextField(_("written motivation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        triggers = [protect_justerat_rows("paragraph")]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "person"], name="reservation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} § {self.paragraph.number}"


class MinutesNote(models.Model):
    """A protokollsanteckning."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="notes"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("minutes note"))
    # The token of the form that made it: a repeated submit finds this row.
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("minutes note")
        verbose_name_plural = _("minutes notes")
        triggers = [protect_justerat_rows("paragraph")]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "form_token"], name="minutes_note_form_token_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} § {self.paragraph.number}"
