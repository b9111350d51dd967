"""The public search: justerade protokoll (public §§ only), public dagordningar and
the published diarium, newest first, a page at a time.

Each source is read through public.selectors and searched in Swedish full text
("direktionen" finds "direktion"), plus the words near the query as written
("avgift" inside "medlemsavgift"): in §§ and agenda items by pg_trgm's word
similarity to their own text (the operator of cases.selectors.near_words), in the
diarium by the words of handlingar without sekretess (near_words). A page
reads at most `offset + per_page + 1` hits of each source, so a broad word costs no
count of everything.
"""

import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Document
from cases.selectors import CASE_TEXT_FIELDS, NEAR_QUERY_LENGTH, near_words
from federation.models import Federation
from meetings.models import AgendaItem

from .selectors import (
    NON_PUBLIC_BODY_KINDS,
    public_documents,
    public_meetings,
    public_paragraphs,
    published_items,
)

PER_PAGE = 20
# The deepest page served: a crawler walking a one-letter query to page 10 000
# would make every source read 200 000 rows.
MAX_PAGE = 50
# The vectors of migration public 0002 (PostgreSQL): the same expressions.
PARAGRAPH_FIELDS = ("title", "decision_text")


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    date: datetime.date
    url: str
    detail: str = ""


@dataclass
class SearchPage:
    hits: list[Hit]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def public_search(federation: Federation, query: str, number: int = 1) -> SearchPage:
    query = query.strip()
    number = max(1, min(number, MAX_PAGE))
    if not query:
        return SearchPage(hits=[], number=number, has_next=False)
    wanted = number * PER_PAGE + 1
    hits = (
        _paragraph_hits(federation, query, wanted)
        + _agenda_hits(federation, query, wanted)
        + _document_hits(federation, query, wanted)
    )
    hits.sort(key=lambda hit: (hit.date, hit.url), reverse=True)
    start = (number - 1) * PER_PAGE
    return SearchPage(
        hits=hits[start : start + PER_PAGE],
        number=number,
        has_next=len(hits) > start + PER_PAGE,
    )


def _matching(queryset: QuerySet, fields: tuple[str, ...], query: str) -> QuerySet:
    if connection.vendor != "postgresql":
        condition = reduce(
            operator.or_, (Q(**{f"{f}__icontains": query}) for f in fields)
        )
        return queryset.filter(condition)
    text = SearchQuery(query, config="swedish", search_type="websearch")
    condition = Q(public_text=text)
    queryset = queryset.annotate(public_text=SearchVector(*fields, config="swedish"))
    if len(query) <= NEAR_QUERY_LENGTH:
        # Near the row's own Swedish stems ("medlemsavgifter" is "medlemsavgift",
        # where "avgift" is near): no other text's word can tell of a hidden one.
        stems = Func(
            Func(F("public_text"), function="tsvector_to_array"),
            Value(" "),
            function="array_to_string",
            output_field=TextField(),
        )
        queryset = queryset.annotate(public_stems=stems)
        condition |= Q(public_stems__trigram_word_similar=query)
    return queryset.filter(condition)


def _paragraph_hits(federation, query, wanted) -> list[Hit]:
    paragraphs = _matching(
        public_paragraphs(federation), PARAGRAPH_FIELDS, query
    ).select_related("minutes__meeting__body")
    return [
        Hit(
            kind=_("Minutes"),
            title=f"§ {p.number} {p.title}",
            date=p.minutes.meeting.date,
            url=reverse("minutes:public_detail", args=[federation.slug, p.minutes_id]),
            detail=f"{p.minutes.meeting.body.name} {p.minutes.meeting.date:%Y-%m-%d}",
        )
        for p in paragraphs.order_by("-minutes__meeting__date", "-number")[:wanted]
    ]


def _agenda_hits(federation, query, wanted) -> list[Hit]:
    # A meeting not planned any more has a published kallelse.
    items = _matching(
        AgendaItem.objects.filter(
            is_public=True, meeting__in=public_meetings(federation).values("pk")
        ).exclude(meeting__body__kind__in=NON_PUBLIC_BODY_KINDS),
        ("title",),
        query,
    ).select_related("meeting__body")
    return [
        Hit(
            kind=_("Agenda"),
            title=item.title,
            date=item.meeting.date,
            url=reverse("public:meeting", args=[federation.slug, item.meeting_id]),
            detail=f"{item.meeting.body.name} {item.meeting.date:%Y-%m-%d}",
        )
        for item in published_items(
            items.order_by("-meeting__date", "position")[:wanted]
        )
    ]


def found_documents(federation: Federation, query: str) -> QuerySet[Document]:
    """The public handlingar (no sekretess, no personal data) the words find.

    The diarium's search reads a handling's counterpart too, but the public sees a
    private person's name masked: such a handling is found by its title and ärende
    alone, never by the name. The words are all required, without operators (plain):
    with "-Name" the difference of two searches would tell the masked name too."""
    documents = public_documents(federation)
    query = query.strip()
    masked = Q(counterpart_is_organisation=False) & ~Q(counterpart="")
    unnamed_fields = ("title", *(f"case__{f}" for f in CASE_TEXT_FIELDS))
    if connection.vendor != "postgresql":
        unnamed = reduce(
            operator.or_,
            (Q(**{f"{f}__icontains": query}) for f in unnamed_fields),
        )
        return documents.filter(unnamed | (~masked & Q(counterpart__icontains=query)))
    words = SearchQuery(query, config="swedish", search_type="plain")
    for word in near_words(query):
        words |= SearchQuery(word, config="simple", search_type="phrase")
    # The stored vector's expressions (cases.models.DOCUMENT_SEARCH_SQL) without the
    # counterpart, computed for the rows the index found only.
    without_name = SearchVector(*unnamed_fields, config="swedish") + SearchVector(
        "title",
        "case__title",
        "case__proposal",
        "case__description",
        config="simple",
    )
    return (
        documents.filter(search_vector=words)
        .annotate(without_name=without_name)
        .filter(~masked | Q(without_name=words))
    )


def _document_hits(federation, query, wanted) -> list[Hit]:
    if not federation.publishes_diarium:
        return []
    documents = found_documents(federation, query)
    url = reverse("public:diarium", args=[federation.slug])
    return [
        Hit(
            kind=_("Diarium"),
            title=d.title,
            date=d.date,
            url=f"{url}?q={d.case.diarienummer if d.case else d.title}",
            detail=d.case.diarienummer if d.case else "",
        )
        for d in documents.select_related("case").order_by("-date", "-pk")[:wanted]
    ]
