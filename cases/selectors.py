"""Reads with visibility rules: handlingar (sekretess), ärenden and search."""

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from federation.http import FederationRequest
from federation.models import Federation

from .models import (
    CASE_SEARCHED_FIELDS,
    Case,
    DelegationDecision,
    Document,
    SearchWord,
)
from .pdf_validation import check_pdf, rules_key
from .permissions import can_edit_cases, can_see_secret

# Searched words: the handling's own fields, then the tjänsteskrivelse of its ärende
# (on PostgreSQL the stored columns of cases.models.DOCUMENT_SEARCH_SQL hold the same).
# The ärenden's own search reads the indexes of migration 0004: keep them in step.
DOCUMENT_TEXT_FIELDS = ("title", "counterpart")
CASE_TEXT_FIELDS = CASE_SEARCHED_FIELDS
CASE_TRIGRAM_FIELDS = ("title", "proposal", "description")


def visible_documents(
    user: User | AnonymousUser | None, federation: Federation
) -> QuerySet[Document]:
    """The federation's handlingar the viewer may see; None is the public.

    Without the right (permissions.can_see_secret) a sekretess handling is left out
    entirely, title included.
    """
    documents = Document.objects.filter(federation=federation)
    if not can_see_secret(user, federation):
        documents = documents.filter(is_secret=False)
    return documents


def get_case_for_user(
    request: FederationRequest, pk: int, *, write: bool = False
) -> Case:
    """The URL federation's ärende: 404 if not there, 403 to a reader on write."""
    case = (
        Case.objects.select_related("federation", "handlaggare")
        .filter(federation=request.federation, pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if write and not can_edit_cases(request.user, request.federation):
        raise PermissionDenied
    return case


def get_document_for_user(request: FederationRequest, pk: int) -> Document:
    """A handling the user may see, or 404: to others a sekretess one does not exist."""
    document = (
        visible_documents(request.user, request.federation)
        .select_related("case")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    return document


FILE_CHECK_CACHE_SECONDS = 24 * 3600


def file_refusal(document: Document) -> str:
    """Why the handling's stored file fails the check of received PDFs now, or ""
    when it passes: it was stored under the rules of its day. Cached by the stored
    file, the check's rules and the language (the kallelse builder, the downloads)."""
    key = ":".join(
        [
            str(document.pk),
            document.file.name or "",
            document.sha256,
            rules_key(),
            get_language() or "",
        ]
    )
    key = f"cases:file-check:{hashlib.sha256(key.encode()).hexdigest()}"
    reason = cache.get(key)
    if reason is None:
        try:
            with document.file.open("rb") as handle:
                check_pdf(handle.read())
            reason = ""
        except ValidationError as refusal:
            reason = " ".join(refusal.messages)
        except OSError:
            reason = _("The file could not be read.")
        cache.set(key, reason, FILE_CHECK_CACHE_SECONDS)
    return reason


def search_documents(
    documents: QuerySet[Document], query: str, *, secret_words: bool = False
) -> QuerySet[Document]:
    """Handlingar whose words (see cases.models.DOCUMENT_SEARCH_SQL) match the query.

    On PostgreSQL the handling's stored, GIN-indexed vector: the words in Swedish
    full text ("avtalet" finds "avtal"), or any word near the query as written (a
    misspelt word, "avfall" inside "avfallsplan"), found first among the words, those
    of sekretess handlingar too only with `secret_words` (the right to see them).
    """
    return _matching(documents, query, secret_words=secret_words)[0]


def _matching(
    documents: QuerySet[Document], query: str, *, secret_words: bool
) -> tuple[QuerySet[Document], SearchQuery | None]:
    """search_documents, and on PostgreSQL the query it matched (for a rank)."""
    query = query.strip()
    if not query:
        return documents, None
    if connection.vendor != "postgresql":
        case_fields = tuple(f"case__{field}" for field in CASE_TEXT_FIELDS)
        return _contains(documents, query, DOCUMENT_TEXT_FIELDS + case_fields), None
    words = _text_query(query)
    for word in near_words(query, secret_words=secret_words):
        words |= SearchQuery(word, config="simple", search_type="phrase")
    return documents.filter(search_vector=words), words


# A query as general as a letter or two is near this many words at most.
NEAR_WORDS_LIMIT = 500
# A longer query is no misspelt word: its thousands of trigrams would cost the word
# table's index seconds (a pasted page), so it is matched by full text alone.
NEAR_QUERY_LENGTH = 100


def near_words(query: str, *, secret_words: bool = False) -> list[str]:
    """The handlingar's words near the query by trigrams, nearest first (PostgreSQL).

    Near: pg_trgm's word_similarity of the query to the closest part of a word at
    least 0.6, its default word_similarity_threshold (the indexed %> operator): it
    finds "avfall" in "avfallsplan" but not unrelated words sharing a trigram or two.
    The words are cut at NEAR_WORDS_LIMIT, so without `secret_words` they are those
    of handlingar without sekretess only: a sekretess handling's word, nearer the
    query, would otherwise push a public word out and cost the reader a hit.
    """
    if len(query) > NEAR_QUERY_LENGTH:
        return []
    words = SearchWord.objects.filter(word__trigram_word_similar=query)
    if not secret_words:
        words = words.filter(is_public=True)
    return list(
        words.annotate(near=TrigramWordSimilarity(query, "word"))
        .order_by("-near", "word")
        .values_list("word", flat=True)[:NEAR_WORDS_LIMIT]
    )


# A diarium page counts its handlingar up to this many; beyond, "more than 1 000".
COUNT_LIMIT = 1000
# Columns the diarium table shows (cases/partials/document_table.html).
LISTED_FIELDS = (
    "federation_id",
    "date",
    "direction",
    "title",
    "file",
    "is_secret",
    "osl_reference",
    "page_count",
    "counterpart",
    "kind",
    "case__diarienummer",
)


@dataclass
class DiariumPage:
    """One page of handlingar, without counting every hit of a broad search.

    `count` is the number of handlingar when it is known (at most COUNT_LIMIT, or
    the last page); otherwise None, and `more_than` says what is known: `found`
    handlingar were read, the last of them beyond this page.
    """

    documents: list[Document]
    number: int
    per_page: int
    has_next: bool
    count: int | None
    found: int

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

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

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.documents else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.documents)

    @property
    def more_than(self) -> int | None:
        return None if self.count is not None else self.found - 1


def diarium_page(
    documents: QuerySet[Document],
    query: str,
    number: int,
    *,
    per_page: int,
    secret_words: bool = False,
    ranked: bool = False,
) -> DiariumPage:
    """Page `number` of the handlingar matching the words, newest first, or with
    `ranked` the best match first.

    `documents` is already visible to the viewer and filtered, so a sekretess
    handling the viewer may not see is neither listed nor counted. Two queries: the
    matching ids in the diarium's order with a limit, then the page's rows. Ranked,
    the second query orders the newest COUNT_LIMIT hits by ts_rank: ranking every
    hit of a word as common as "avgift" would read each of its vectors (measured in
    docs/benchmarks.md), and a diarium's reader wants this year's best match, not
    the best of twenty years.
    """
    offset = (number - 1) * per_page
    matches, words = _matching(documents, query, secret_words=secret_words)
    matches = matches.order_by("-date", "-pk")
    rows = Document.objects.select_related("case").only(*LISTED_FIELDS)
    if words is not None and ranked:
        ids = list(matches.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
        count = len(ids) if len(ids) <= COUNT_LIMIT else None
        found, ids = len(ids), ids[:COUNT_LIMIT]
        has_next = len(ids) > offset + per_page
        rows = (
            rows.filter(pk__in=ids)
            .annotate(rank=SearchRank(F("search_vector"), words))
            .order_by("-rank", "-date", "-pk")[offset : offset + per_page]
        )
        return DiariumPage(
            documents=list(rows),
            number=number,
            per_page=per_page,
            has_next=has_next,
            count=count,
            found=found,
        )
    if offset + per_page <= COUNT_LIMIT:
        # Up to COUNT_LIMIT + 1 ids: the page and the count, capped.
        ids = list(matches.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
        count = len(ids) if len(ids) <= COUNT_LIMIT else None
        found, has_next = len(ids), len(ids) > offset + per_page
        ids = ids[offset : offset + per_page]
    else:  # the page and one beyond; the count is known on the last page only
        ids = list(matches.values_list("pk", flat=True)[offset : offset + per_page + 1])
        has_next = len(ids) > per_page
        count = offset + len(ids) if ids and not has_next else None
        found, ids = offset + len(ids), ids[:per_page]
    rows = rows.filter(pk__in=ids).order_by("-date", "-pk")
    return DiariumPage(
        documents=list(rows),
        number=number,
        per_page=per_page,
        has_next=has_next,
        count=count,
        found=found,
    )


def search_cases(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Ärenden whose diarienummer or tjänsteskrivelse matches the words."""
    query = query.strip()
    if not query:
        return cases
    if connection.vendor != "postgresql":
        return _contains(cases, query, CASE_TEXT_FIELDS)
    # Two sets, each read off its indexes (migration 0004): in one OR the recheck of
    # a trigram candidate would build the tsvector of its whole tjänsteskrivelse.
    text = cases.annotate(
        search=SearchVector(*CASE_TEXT_FIELDS, config="swedish")
    ).filter(search=_text_query(query))
    similar = cases.filter(_similar(query, CASE_TRIGRAM_FIELDS))
    return cases.filter(
        pk__in=text.order_by().values("pk").union(similar.order_by().values("pk"))
    )


def _contains(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """SQLite only (`make run`, the quick tests), which has no full text or
    trigrams: the phrase anywhere in a field."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def _text_query(query: str) -> SearchQuery:
    return SearchQuery(query, config="swedish", search_type="websearch")


def _similar(query: str, fields: tuple[str, ...]) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__trigram_word_similar": query})
    return condition


def filter_by_dates(
    queryset: QuerySet,
    field: str,
    since: datetime.date | None,
    until: datetime.date | None,
) -> QuerySet:
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


def delegation_decisions(federation: Federation) -> QuerySet[DelegationDecision]:
    return DelegationDecision.objects.filter(federation=federation).select_related(
        "case"
    )


def case_history(case: Case, user: User | AnonymousUser | None) -> list[dict]:
    """Who changed what, when: the ärende and its visible handlingar, newest first.

    A fixed number of queries however long the history: the relations' snapshots are
    read once per relation, not per record as simple_history's m2m diff would.
    """
    records = list(case.history.select_related("history_user").order_by("history_date"))
    entries = _history_entries(records, label=case.diarienummer, m2m=_m2m(records))
    documents = visible_documents(user, case.federation).filter(case=case)
    by_document: dict[int, list] = {}
    for record in (
        Document.history.filter(id__in=documents.values("pk"))
        .select_related("history_user")
        .order_by("history_date")
    ):
        by_document.setdefault(record.id, []).append(record)
    for document_records in by_document.values():
        entries += _history_entries(
            document_records, label=document_records[-1].title, m2m={}
        )
    _name_users(entries)
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def _m2m(records: list) -> dict[str, dict[int, frozenset]]:
    """Per m2m field, the related ids each history record held."""
    snapshots: dict[str, dict[int, frozenset]] = {}
    if not records:
        return snapshots
    history_model = type(records[0])
    ids = [r.history_id for r in records]
    for field in history_model._history_m2m_fields:
        through = history_model._meta.get_field(
            f"{history_model._meta.model_name}_{field.name}"
        ).related_model
        target = field.m2m_reverse_field_name()
        rows: dict[int, set] = {i: set() for i in ids}
        for history_id, related_id in through.objects.filter(
            history_id__in=ids
        ).values_list("history_id", target):
            rows[history_id].add(related_id)
        snapshots[field.name] = {k: frozenset(v) for k, v in rows.items()}
    return snapshots


def _history_entries(records: list, *, label: str, m2m: dict) -> list[dict]:
    entries = []
    previous = None
    for record in records:
        changes: list[dict] = []
        if previous is not None:
            diff = record.diff_against(
                previous, excluded_fields=list(m2m), foreign_keys_are_objs=False
            )
            changes = [_change(record, c.field, c.old, c.new) for c in diff.changes]
            changes += [
                _change(record, name, "", "")
                for name, held in m2m.items()
                if held[record.history_id] != held[previous.history_id]
            ]
        if previous is None or changes:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "object": label,
                    "type": record.history_type,
                    "reason": record.history_change_reason or "",
                    "changes": changes,
                }
            )
        previous = record
    return entries


def _change(record, name: str, old: object, new: object) -> dict:
    field = record.instance_type._meta.get_field(name)
    if field.choices:
        choices = dict(field.flatchoices)
        old, new = choices.get(old, old), choices.get(new, new)
    return {"field": str(field.verbose_name), "old": old, "new": new, "name": name}


def _name_users(entries: list[dict]) -> None:
    """Show a changed handläggare by name, with one query for all of them."""
    changes = [c for e in entries for c in e["changes"] if c["name"] == "handlaggare"]
    ids = {v for c in changes for v in (c["old"], c["new"]) if v}
    users = {
        u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=ids)
    }
    for change in changes:
        change["old"] = users.get(change["old"], "")
        change["new"] = users.get(change["new"], "")
