"""The protokoll of a meeting: närvaro, paragrafer, votering, jäv, justering, anslag.

A separate app from `meetings` so the two can grow migrations independently; it imports
meetings, never the reverse (docs/architecture.md).
"""

import datetime
import functools
import operator

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cases.models import Document
from core.documents import StoredDocument
from federation.models import Assignment, Body, Person
from meetings.models import AgendaItem, Meeting

# The protokoll a row belongs to, found from the row (OLD) by its foreign key.
MINUTES_OF = {
    "minutes": "OLD.minutes_id",
    "paragraph": (
        "(SELECT minutes_id FROM minutes_paragraph WHERE id = OLD.paragraph_id)"
    ),
    "vote": (
        "(SELECT p.minutes_id FROM minutes_vote v JOIN minutes_paragraph p"
        " ON p.id = v.paragraph_id WHERE v.id = OLD.vote_id)"
    ),
}


def protect_justerat_rows(via: str = "minutes") -> pgtrigger.Trigger:
    """Refuses a change of a row that belongs to a justerat protokoll (PostgreSQL
    only); the rättelse service passes with pgtrigger.ignore."""
    # S608: the SQL is built from the constants above, never from input.
    func = (
        "IF EXISTS (SELECT 1 FROM minutes_minutes WHERE id = "  # noqa: S608
        + MINUTES_OF[via]
        + " AND status = 'justerat') THEN\n"
        "    RAISE EXCEPTION 'A justerat protokoll changes only by rättelse "
        "(table %)', TG_TABLE_NAME;\n"
        "END IF;\n"
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
        "RETURN NEW;\n"
    )
    return pgtrigger.Trigger(
        name="protect_justerat",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=func,
    )


def frozen_document_triggers(*frozen: str) -> list[pgtrigger.Trigger]:
    """PostgreSQL triggers of a frozen stored document: never deleted, the fields
    named never changed, and the file never replaced once the build stored it."""
    changed = [
        pgtrigger.Q(**{f"old__{f}__df": pgtrigger.F(f"new__{f}")}) for f in frozen
    ]
    stored = pgtrigger.Q(old__sha256__gt="") & (
        pgtrigger.Q(old__sha256__df=pgtrigger.F("new__sha256"))
        | pgtrigger.Q(old__file__df=pgtrigger.F("new__file"))
    )
    return [
        pgtrigger.Protect(name="protect_delete", operation=pgtrigger.Delete),
        pgtrigger.Protect(
            name="protect_frozen",
            operation=pgtrigger.Update,
            condition=functools.reduce(operator.or_, [*changed, stored]),
        ),
    ]


APPEAL_DAYS = 21  # three weeks from the day the justering is announced (KL 13:5),
# to the next weekday when the last one is a day off (minutes.services._post_anslag)


class Minutes(models.Model):
    """The protokoll of one meeting; locked once justerat, changed only by rättelse."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SENT = "sent", _("Skickat för justering")
        JUSTERAT = "justerat", _("Justerat")

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
        verbose_name=_("sekreterare"),
    )
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande"),
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
    justerat_on = models.DateField(_("justerat"), null=True, blank=True)
    justerat_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
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
        DECIDED = "decided", _("Beslut")
        NOTED = "noted", _("Noterat")
        BORDLAGT = "bordlagt", _("Bordlagt")
        ATERREMITTERAT = "aterremitterat", _("Återremitterat")

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
    decision_text = models.TextField(_("beslut"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    immediately_justerat_at = models.DateTimeField(
        _("omedelbart justerad"), null=True, blank=True
    )
    # Bumped on every save of the beslut: a save made on an older text is stale.
    text_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        triggers = [protect_justerat_rows()]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="paragraph_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"


class Attendance(models.Model):
    """One person at the meeting: role, present or not, and for whom they serve."""

    class Role(models.TextChoices):
        ORDFORANDE = "ordforande", _("Ordförande")
        VICE_1 = "vice_1", _("1:e vice ordförande")
        VICE_2 = "vice_2", _("2:e vice ordförande")
        VICE = "vice", _("Vice ordförande")
        LEDAMOT = "ledamot", pgettext_lazy("role", "Ledamot")
        ERSATTARE = "ersattare", pgettext_lazy("role", "Ersättare")
        ADJ_LEDAMOT = "adj_ledamot", _("Adjungerad ledamot")
        ADJ_ERSATTARE = "adj_ersattare", _("Adjungerad ersättare")
        ADJ_SAKKUNNIG = "adj_sakkunnig", _("Adjungerad sakkunnig")
        OTHER = "ovrig", _("Övrig")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_present = models.BooleanField(_("present"), default=True)
    serving_for = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tjänstgör för"),
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
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
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
        if self.arrived_at_id and self.arrived_at.number > number:
            return False
        return not (self.left_after_id and self.left_after.number < number)


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
        verbose_name=_("ersättare serving"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        triggers = [protect_justerat_rows("paragraph")]

    def __str__(self) -> str:
        return f"{self.proposer}: {self.text[:40]}"


class Vote(models.Model):
    """A votering of a §: open with each ballot, or closed (sluten) with the result."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Öppen omröstning")
        CLOSED = "closed", _("Sluten omröstning")

    class Result(models.TextChoices):
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")

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
    avstar_count = models.PositiveSmallIntegerField(_("avstår"), default=0)
    result = models.CharField(_("result"), max_length=3, choices=Result.choices)
    casting_vote = models.BooleanField(_("decided by utslagsröst"), default=False)
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
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")
        AVSTAR = "avstar", _("Avstår")

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
    text = models.TextField(_("protokollsanteckning"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("protokollsanteckning")
        verbose_name_plural = _("protokollsanteckningar")
        triggers = [protect_justerat_rows("paragraph")]

    def __str__(self) -> str:
        return f"{self.person} § {self.paragraph.number}"


class Approval(models.Model):
    """A justerare's or the ordförande's justering: approved with time, or a comment."""

    class Role(models.TextChoices):
        JUSTERARE = "justerare", _("Justerare")
        ORDFORANDE = "ordforande", _("Ordförande")

    class Method(models.TextChoices):
        PASSWORD = "password", _("password given again")
        PASSWORD_TOTP = "password_totp", _("password and one-time code given again")
        PAPER = "paper", _("signed on paper, recorded by the secretary")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="approvals"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # How the justering was given, and the sha256 of the protokoll as it was shown
    # (minutes.frozen.underlag_sha256): what exactly was justerat.
    method = models.CharField(
        _("method"), max_length=15, choices=Method.choices, blank=True
    )
    shown_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    comment = models.TextField(_("comment"), blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "role", "pk"]
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        triggers = [protect_justerat_rows()]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person", "role"], name="approval_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AnslagQuerySet(models.QuerySet):
    def current(self, day: datetime.date | None = None) -> "AnslagQuerySet":
        """Up on the board on the day. By the dates, not only by the beat task's flag:
        an anslag whose time is out never shows, even if the task has not run yet."""
        day = day or timezone.localdate()
        return self.filter(
            taken_down_on__isnull=True, posted_on__lte=day, takes_down_on__gte=day
        )


class Anslag(models.Model):
    """The announcement of a justering on the anslagstavla, up for three weeks."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="anslag"
    )
    # Set for the anslag of an omedelbart justerad §; empty for the whole protokoll.
    paragraph = models.OneToOneField(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_on = models.DateField(_("posted"))
    appeal_ends_on = models.DateField(_("överklagandetid ends"))
    takes_down_on = models.DateField(_("to be taken down"))
    taken_down_on = models.DateField(_("taken down"), null=True, blank=True)
    kept_at = models.CharField(
        _("protokollets förvaringsplats"), max_length=200, blank=True
    )
    history = HistoricalRecords()

    objects = AnslagQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_ends_on__gt=models.F("posted_on")),
                name="anslag_appeal_after_posting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} {self.posted_on:%Y-%m-%d}"

    def is_up_on(self, day: datetime.date) -> bool:
        return self.taken_down_on is None or self.taken_down_on > day


class Correction(models.Model):
    """A rättelse of a justerat protokoll: who, why, what changed; a new version."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="corrections"
    )
    version = models.PositiveSmallIntegerField(_("new version"))
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("why"))
    old_text = models.TextField(_("before"))
    new_text = models.TextField(_("after"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "version"]
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "version"], name="correction_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.version}"


class Expedition(models.Model):
    """A protokollsutdrag sent to the recipients of a §, registered in the diarium."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="expeditions"
    )
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.TextField(_("recipients"))
    emailed_to = models.TextField(_("e-mailed to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paragraph", "pk"]
        verbose_name = _("expediering")
        verbose_name_plural = _("expedieringar")

    def __str__(self) -> str:
        return f"§ {self.paragraph.number}: {self.recipients[:40]}"


class ProtokollVersion(StoredDocument):
    """The protokoll as justerat (or as corrected by a rättelse), for one audience.

    `snapshot` holds everything the page and the PDF show, copied from the register
    at justering; both render from it alone, so a later change of a name, a body or
    a place never reaches a justerat protokoll. The file is rendered once.
    """

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        PUBLIC = "public", _("Public")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    justerat_at = models.DateTimeField(_("justerat"))
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_protokoll_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["minutes", "-number", "kind"]
        verbose_name = _("protokoll version")
        verbose_name_plural = _("protokoll versions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number", "kind"], name="protokoll_unique_version"
            )
        ]
        triggers = frozen_document_triggers(
            "snapshot", "number", "kind", "minutes_id", "justerat_at"
        )

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number} ({self.get_kind_display()})"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"version_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        return justering_facts(self.snapshot)


def justering_facts(snapshot: dict) -> list[tuple[str, str]]:
    """When a frozen document was justerat and by whom, for /kontrollera/."""
    facts = [(str(_("Justerat")), snapshot.get("justerat_on", ""))]
    if snapshot.get("justerat_by"):
        facts.append((str(_("Justerat by")), ", ".join(snapshot["justerat_by"])))
    return [(label, value) for label, value in facts if value]


class Extract(StoredDocument):
    """A protokollsutdrag of one justerat §, frozen like the protokoll.

    Made when the § is justerat (with the protokoll, or at once by omedelbar
    justering) from the same snapshot, and again only when a rättelse corrects this
    §: `number` is the protokoll's version it shows. Expediering sends this file.
    """

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.PROTECT, related_name="extracts"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    justerat_at = models.DateTimeField(_("justerat"))
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_extract_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["paragraph", "-number"]
        verbose_name = _("protokollsutdrag")
        verbose_name_plural = _("protokollsutdrag")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "number"], name="extract_unique_version"
            )
        ]
        triggers = frozen_document_triggers(
            "snapshot", "number", "paragraph_id", "justerat_at"
        )

    def __str__(self) -> str:
        f = self.snapshot
        number = f.get("paragraph", {}).get("number", "")
        return f"{f.get('body', '')} {f.get('date', '')} § {number} v{self.number}"

    def build_task_kwargs(self) -> dict[str, int]:
        return {"extract_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        return justering_facts(self.snapshot)


class JusteringUnderlag(StoredDocument):
    """The protokoll as sent for justering: the PDF the justerare and the ordförande
    read, whose sha256 each of them justerar (Approval.shown_sha256). Sent again,
    the protokoll gets a new one; a protokoll whose content no longer is the
    underlag's cannot be justerat until it is sent again."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.PROTECT, related_name="underlag"
    )
    sent_at = models.DateTimeField(_("sent"))
    # minutes.frozen.underlag_sha256 when sent: the content, not the file.
    content_sha256 = models.CharField(max_length=64, editable=False)
    snapshot = models.JSONField(default=dict, editable=False)
    file = models.FileField(_("file"), upload_to="protokoll/%Y/", blank=True)
    history = HistoricalRecords()

    build_task = "minutes.tasks.build_underlag_pdf_task"
    keeps_one_file = True

    class Meta:
        ordering = ["minutes", "-pk"]
        verbose_name = _("justeringsunderlag")
        verbose_name_plural = _("justeringsunderlag")
        triggers = frozen_document_triggers(
            "snapshot", "content_sha256", "minutes_id", "sent_at"
        )

    def __str__(self) -> str:
        f = self.snapshot
        return (
            f"{f.get('body', '')} {f.get('date', '')} ({self.sent_at:%Y-%m-%d %H:%M})"
        )

    def build_task_kwargs(self) -> dict[str, int]:
        return {"underlag_id": self.pk}

    def verification_facts(self) -> list[tuple[str, str]]:
        newest = (
            not type(self)
            .objects.filter(minutes_id=self.minutes_id, pk__gt=self.pk)
            .exists()
        )
        return [
            (str(_("Sent for justering")), f"{self.sent_at:%Y-%m-%d}"),
            (
                str(_("Status")),
                str(_("Not justerat: what the justerare were sent to read."))
                if newest
                else str(_("Replaced: the protokoll was sent again after it.")),
            ),
        ]
