"""Ärenden, the diarium of handlingar, and delegationsbeslut."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from federation.models import Body, Federation, Member


class DiariumCounter(models.Model):
    """The last diarienummer given per federation and year, locked while one is taken.

    A counter row, not MAX()+1, so numbers stay gap-free and unique under concurrency.
    """

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year"], name="diarium_counter_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.federation.diarium_prefix} {self.year}: {self.last_number}"


# The diarium search (cases.selectors.search_documents) covers a handling's title and
# counterpart and its ärende's diarienummer and tjänsteskrivelse in Swedish full text,
# and, word for word as written ('simple'), the titles, the proposal and the
# description, which near matches look for. On PostgreSQL the handling's stored
# vector holds both, and every word as written goes into SearchWord, where trigrams
# find the words near a misspelt or partial one (pg_trgm's advice for text search).
# The triggers below keep them (bulk_create included).
CASE_SEARCHED_FIELDS = (
    "diarienummer",
    "title",
    "proposal",
    "description",
    "child_impact",
)
DOCUMENT_SEARCH_SQL = """
SELECT
    to_tsvector('swedish', concat_ws(' ', NEW.title, NEW.counterpart))
    || to_tsvector('swedish', concat_ws(' ', c.diarienummer, c.title, c.proposal,
                                        c.description, c.child_impact)),
    to_tsvector('simple', concat_ws(' ', NEW.title, c.title, c.proposal, c.description))
INTO NEW.search_vector, written
FROM (SELECT NEW.case_id AS id) AS handling
LEFT JOIN cases_case c ON c.id = handling.id;
NEW.search_vector := NEW.search_vector || written;
INSERT INTO cases_searchword (word, is_public)
SELECT unnest(tsvector_to_array(written)), NOT NEW.is_secret
ON CONFLICT (word) DO UPDATE SET is_public = true
WHERE EXCLUDED.is_public AND NOT cases_searchword.is_public;
RETURN NEW;
"""


class SearchWord(models.Model):
    """A word of the handlingar as written, for near matches (never deleted: a word
    no handling has any more finds nothing)."""

    word = models.TextField(unique=True)
    # Written by a handling without sekretess: the near words of a reader without
    # the right to sekretess are these only, so none of their hits depends on a
    # sekretess handling's words (cases.selectors.near_words).
    is_public = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # PostgreSQL only (migration 0008).
            GinIndex(
                fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm"
            )
        ]

    def __str__(self) -> str:
        return self.word


class Case(models.Model):
    """An ärende with its diarienummer and the tjänsteskrivelse's structured fields."""

    class Status(models.TextChoices):
        OPENED = "opened", _("Opened")
        IN_PREPARATION = "in_preparation", _("In preparation")
        READY = "ready", _("Ready for decision")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="cases"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    diarienummer = models.CharField(_("diarienummer"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    handlaggare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("case officer"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPENED
    )
    bodies = models.ManyToManyField(
        Body, blank=True, related_name="cases", verbose_name=_("bodies it passes")
    )
    # The tjänsteskrivelse. The proposal holds one point per line; more than one line
    # is shown as numbered points.
    proposal = models.TextField(_("proposed decision"), blank=True)
    description = models.TextField(_("case description"), blank=True)
    child_impact = models.TextField(_("child impact assessment"), blank=True)
    opened_on = models.DateField(_("opened"))
    # "Expedieras till": members and bodies of the register, and external parties as
    # one name per line.
    recipient_members = models.ManyToManyField(
        Member, blank=True, related_name="+", verbose_name=_("dispatch to members")
    )
    recipient_bodies = models.ManyToManyField(
        Body, blank=True, related_name="+", verbose_name=_("dispatch to bodies")
    )
    recipients_external = models.TextField(
        _("dispatch to others"), blank=True, help_text=_("One recipient per line.")
    )
    # Beslutsunderlag: the case's own handlingar, plus free lines for what is not
    # registered here (e.g. "Avtal med bilagor").
    basis_documents: models.ManyToManyField = models.ManyToManyField(
        "Document", blank=True, related_name="+", verbose_name=_("decision basis")
    )
    basis_other = models.TextField(
        _("other decision basis"), blank=True, help_text=_("One item per line.")
    )
    history = HistoricalRecords(
        m2m_fields=[bodies, recipient_members, recipient_bodies, basis_documents]
    )

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "number"], name="case_unique_number"
            ),
            models.UniqueConstraint(
                fields=["federation", "diarienummer"], name="case_unique_diarienummer"
            ),
        ]
        indexes = [
            # The dagordning builder's ready ärenden: a handful among tens of thousands.
            models.Index(
                fields=["federation", "diarienummer"],
                condition=models.Q(status="ready"),
                name="case_ready",
            )
        ]
        triggers = [
            # The handlingar's stored search columns hold the ärende's words too.
            pgtrigger.Trigger(
                name="document_search",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(*CASE_SEARCHED_FIELDS),
                # Setting case_id to itself runs the handling's own trigger, so the
                # columns are computed in one place.
                func="UPDATE cases_document SET case_id = case_id"
                " WHERE case_id = NEW.id; RETURN NULL;",
            )
        ]

    def __str__(self) -> str:
        return f"{self.diarienummer} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.federation.slug, self.pk])

    @property
    def proposal_points(self) -> list[str]:
        return _lines(self.proposal)

    @property
    def external_recipients(self) -> list[str]:
        return _lines(self.recipients_external)

    @property
    def other_basis(self) -> list[str]:
        return _lines(self.basis_other)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Document(models.Model):
    """A handling in the diarium: a file with its metadata."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        DRAWN_UP = "drawn_up", _("Drawn up")
        DISPATCHED = "dispatched", _("Dispatched")

    class Kind(models.TextChoices):
        TJANSTESKRIVELSE = "tjansteskrivelse", _("Tjansteskrivelse")
        BILAGA = "bilaga", _("Attachment")
        YTTRANDE = "yttrande", _("Statement of opinion")
        AVTAL = "avtal", _("Agreement document")
        PROTOKOLLSUTDRAG = "protokollsutdrag", _("Minutes extract")
        PROTOKOLL = "protokoll", _("Minutes of a meeting")
        SKRIVELSE = "skrivelse", _("Letter")
        REKVISITION = "rekvisition", _("Requisition")
        ANBUD = "anbud", _("Tender")
        BEGARAN = "begaran", _("Request for a public document")
        OTHER = "other", _("Other document")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("case"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    direction = models.CharField(
        _("direction"), max_length=12, choices=Direction.choices
    )
    date = models.DateField(_("date"))
    counterpart = models.CharField(_("sender or recipient"), max_length=300, blank=True)
    # The public diarium shows the counterpart only when it is an organisation: the
    # name of a private person is masked by default.
    counterpart_is_organisation = models.BooleanField(
        _("the sender or recipient is an organisation"), default=False
    )
    # Never on a public page, feed or dagordning (public.selectors.public_documents).
    contains_personal_data = models.BooleanField(
        _("contains personal data"), default=False
    )
    file = models.FileField(_("file"), upload_to="handlingar/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    is_secret = models.BooleanField(_("secrecy"), default=False)
    osl_reference = models.CharField(
        _("OSL reference"),
        max_length=100,
        blank=True,
        help_text=_(
            "The provision of the Public Access to Information and Secrecy Act "
            "(OSL), e.g. 19 kap. 3 §."
        ),
    )
    # The day it entered the diarium; anmälningsärenden are chosen by this date, so a
    # letter dated before the last meeting but registered after it is still reported.
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The searched words (see DOCUMENT_SEARCH_SQL); empty on SQLite, which searches
    # the fields themselves.
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["federation", "registered_on"]),
            # The diarium's order: a page is read off the index, not sorted.
            models.Index(
                fields=["federation", "-date", "-id"], name="document_diarium_order"
            ),
            # PostgreSQL only (migration 0007).
            GinIndex(fields=["search_vector"], name="document_search_vector"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="search",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert
                | pgtrigger.UpdateOf("title", "counterpart", "case_id", "is_secret"),
                declare=[("written", "tsvector")],
                func=DOCUMENT_SEARCH_SQL,
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_secret=False) | ~models.Q(osl_reference=""),
                name="document_secret_has_osl_reference",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DelegationDecision(models.Model):
    """A decision taken under delegation, reported to a body as an anmälningsärende."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="delegation_decisions"
    )
    date = models.DateField(_("date"))
    decision = models.CharField(_("decision"), max_length=300)
    delegate = models.CharField(
        _("delegate"),
        max_length=100,
        help_text=_("A position, e.g. the federation's director."),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_decisions",
        verbose_name=_("case"),
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("delegation decision")
        verbose_name_plural = _("delegation decision")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.decision}"
