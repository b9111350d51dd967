"""The register: federations, their members, bodies, persons, parties and uppdrag."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .roles import Role


class Federation(models.Model):
    class Kind(models.TextChoices):
        KOMMUNALFORBUND = "kommunalforbund", _("Federation of municipalities")
        REGIONAL_COOPERATION = "regional", _("Regional cooperation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short address"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    diarium_prefix = models.CharField(
        _("diarium prefix"), max_length=20, help_text=_("For example BRS or SRB.")
    )
    organisation_number = models.CharField(
        _("organisation number"), max_length=20, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Printed on every tillkännagivande of the anslagstavla (KL 8 kap. 12 §): where the
    # protokoll is kept, an address, not the förbund's name.
    forvaringsplats = models.CharField(
        _("where the minutes are kept"),
        max_length=300,
        blank=True,
        help_text=_("An address: where anyone may come and read the minutes."),
    )
    # The diarium on the public pages (public.selectors.public_diarium).
    publishes_diarium = models.BooleanField(_("publish the diarium"), default=False)
    # Checked and re-encoded by services_officials.set_logo: PNG or JPEG only.
    logo = models.FileField(_("logo"), upload_to="federation/logos/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("federation")
        verbose_name_plural = _("federations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("federation:dashboard", args=[self.slug])


class RoleGrant(models.Model):
    """A role of a user in one förbund: the only thing that gives a right there.

    A user belongs to a förbund by having a grant in it; the same person may be
    Handläggare in one förbund and Förtroendevald in another (healthchecks' Member).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    federation = models.ForeignKey(
        Federation,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("federation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["federation", "user__username", "role"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "federation", "role"], name="role_grant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.federation}"


class MemberQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "MemberQuerySet":
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Member(models.Model):
    """A party of the federation: a kommun or a region."""

    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Municipality")
        REGION = "region", _("Region")

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        ADJUNGERAD = "adjungerad", _("Co-opted")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    kommunkod = models.CharField(
        _("municipality code"),
        max_length=4,
        help_text=_("SCB's code: four digits for a kommun, two for a region."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.MEMBER
    )
    valid_from = models.DateField(_("member from"), null=True, blank=True)
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["status", "name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "kommunkod"], name="member_unique_kommunkod"
            ),
            models.CheckConstraint(
                condition=Q(kommunkod__regex=r"^([0-9]{2}|[0-9]{4})$"),
                name="member_kommunkod_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """A political party; national parties are shared by every federation."""

    abbreviation = models.CharField(_("abbreviation"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.abbreviation


class Body(models.Model):
    """A political body (organ) of the federation, with the rules it meets under."""

    class Kind(models.TextChoices):
        DIREKTION = "direktion", _("Board of the federation")
        FULLMAKTIGE = "fullmaktige", _("Federation assembly")
        BEREDNING = "beredning", _("Preparatory committee")
        SAMVERKANSGRUPP = "samverkansgrupp", _("Cooperation group")
        REVISION = "revision", _("Audit")
        OFFICIALS = "tjanstepersonsgrupp", _("Officials' group")
        EXTERNAL = "extern", _("Body of a member")

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("set up by"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("member body of"),
        help_text=_("For a member's own body, such as a regional executive board."),
    )
    kallelse_lead_days = models.PositiveSmallIntegerField(
        _("kallelse lead time (days)"), default=7
    )
    seats_min = models.PositiveSmallIntegerField(
        _("fewest members"), null=True, blank=True
    )
    seats_max = models.PositiveSmallIntegerField(
        _("most members"), null=True, blank=True
    )
    has_ersattare = models.BooleanField(_("has substitutes"), default=True)
    takes_decisions = models.BooleanField(
        _("takes decisions"),
        default=True,
        help_text=_("Off for a body that only recommends."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "short_name"], name="body_unique_short_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("federation:body", args=[self.federation.slug, self.pk])


class CompositionRule(models.Model):
    """A rule a body's composition must follow, as data so each body can have its own.

    COUNT rules bound how many seats of a role group there are, in the whole body, for
    each member, or for the members of one kind together. A CHAIR_FROM_PRESIDIUM rule
    says that the ordförande must hold a presidium seat in another body on that date.
    """

    class Kind(models.TextChoices):
        COUNT = "count", _("Number of seats")
        CHAIR_FROM_PRESIDIUM = "chair_presidium", _("Chair from a presidium")

    class RoleGroup(models.TextChoices):
        BESLUTANDE = "beslutande", _("Members (with the presidium)")
        ERSATTARE = "ersattare", _("Substitute")

    class Scope(models.TextChoices):
        BODY = "body", _("The whole body")
        EACH_MEMBER = "each_member", _("Each member")
        MEMBER_KIND = "member_kind", _("Members of one kind together")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    role_group = models.CharField(
        _("role group"),
        max_length=12,
        choices=RoleGroup.choices,
        default=RoleGroup.BESLUTANDE,
    )
    scope = models.CharField(
        _("scope"), max_length=12, choices=Scope.choices, default=Scope.BODY
    )
    member_kind = models.CharField(
        _("member kind"), max_length=10, choices=Member.Kind.choices, blank=True
    )
    min_count = models.PositiveSmallIntegerField(_("at least"), null=True, blank=True)
    max_count = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    presidium_of = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presidium of"),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the rule comes from, e.g. the agreement's section."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = _("composition rule")
        verbose_name_plural = _("composition rules")

    def __str__(self) -> str:
        return f"{self.body.short_name}: {self.get_kind_display()}"


class Person(models.Model):
    """A förtroendevald (or an official named in documents)."""

    federation = models.ForeignKey(
        Federation, on_delete=models.CASCADE, related_name="persons"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("party")
    )
    home_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("home municipality"),
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("user account"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "user"], name="person_one_per_user_and_federation"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("federation:person", args=[self.federation.slug, self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def name_with_party(self) -> str:
        """'Ulla Exempel (S)', the way kallelser and protokoll name people."""
        return f"{self.full_name} ({self.party})" if self.party else self.full_name


class Term(models.Model):
    """A mandatperiod: four years from 1 January after the general election."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_date(cls, day: datetime.date) -> "Term | None":
        return cls.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


class AssignmentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> "AssignmentQuerySet":
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def overlapping(
        self, start: datetime.date, end: datetime.date | None
    ) -> "AssignmentQuerySet":
        """Uppdrag whose period shares at least one day with [start, end]."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        return qs if end is None else qs.filter(valid_from__lte=end)


class Assignment(models.Model):
    """An uppdrag: a person's seat in a body, with a role, over a period."""

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

    PRESIDIUM = (Role.ORDFORANDE, Role.VICE_1, Role.VICE_2, Role.VICE)
    BESLUTANDE = (*PRESIDIUM, Role.LEDAMOT)
    ADJUNGERADE = (Role.ADJ_LEDAMOT, Role.ADJ_ERSATTARE, Role.ADJ_SAKKUNNIG)
    # Only one person at a time may hold these seats in a body.
    SINGLE_SEATS = (Role.ORDFORANDE, Role.VICE_1, Role.VICE_2)
    ROLE_ORDER: dict[str, int] = {role: index for index, role in enumerate(Role)}

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("person"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("body"),
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    representing = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("representing"),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("term")
    )
    decision = models.CharField(
        _("appointing decision"),
        max_length=200,
        blank=True,
        help_text=_("For example: the board, 2024-03-01 § 4."),
    )
    ersattare_order = models.PositiveSmallIntegerField(
        _("order among substitutes"), null=True, blank=True
    )
    personal_ersattare_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal substitute for"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces (filling a vacancy)"),
    )
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignment")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body.short_name}"

    @property
    def is_beslutande(self) -> bool:
        return self.role in self.BESLUTANDE

    @property
    def is_ersattare(self) -> bool:
        return self.role == self.Role.ERSATTARE

    @property
    def is_adjungerad(self) -> bool:
        return self.role in self.ADJUNGERADE

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (
            self.valid_to is None or self.valid_to >= day
        )


# The officials' register lives in its own module; imported here so Django finds it.
from .models_obligations import BodyRules, ExtraMeetingRequest  # noqa: E402, F401
from .officials import Official  # noqa: E402, F401
