"""Reads with visibility rules: handlingar (sekretess), ärenden and search."""

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from federation.models import Federation

from .models import Case, DelegationDecision, Document
from .pdf_validation import check_pdf, rules_key
from .permissions import can_edit_cases, can_see_secret

if TYPE_CHECKING:
    from django.contrib.postgres.search import SearchQuery

# Searched words: the handling's own fields, then the tjänsteskrivelse of its ärende.
# On PostgreSQL the indexes of migration 0004 cover exactly these: keep them in step.
DOCUMENT_TEXT_FIELDS = ("title", "counterpart")
CASE_TEXT_FIELDS = ("diarienummer", "title", "proposal", "description", "child_impact")
DOCUMENT_TRIGRAM_FIELDS = ("title",)
CASE_TRIGRAM_FIELDS = ("title", "proposal", "description")
# word_similarity of a query word to the closest part of a text; 0.6 finds "avfall" in
# "avfallsplan" but not unrelated words sharing a trigram or two. It is also pg_trgm's
# default word_similarity_threshold, which the indexed <% operator uses.


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


def get_case_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Case:
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


def get_document_for_user(request: HttpRequest, pk: int) -> Document:
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
            document.file.name,
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


def search_documents(documents: QuerySet[Document], query: str) -> QuerySet[Document]:
    """Handlingar whose title or whose ärende's tjänsteskrivelse matches the words."""
    query = query.strip()
    if not query:
        return documents
    if connection.vendor != "postgresql":
        case_fields = tuple(f"case__{field}" for field in CASE_TEXT_FIELDS)
        return _contains(documents, query, DOCUMENT_TEXT_FIELDS + case_fields)
    return documents.filter(
        pk__in=_matching_document_ids(Document.objects.all(), query, "pk")
    )


# A diarium page counts its handlingar up to this many; beyond, "more than 1 000".
COUNT_LIMIT = 1000
# A search for a common word first tests the newest handlingar row by row (the
# indexed sets of a common word are large), this many per page asked for.
PROBE_ROWS = 600
PROBE_PAGES = 3
# A probe that finds too few goes on to older handlingar, this many times PROBE_ROWS.
PROBE_GROWTH = 3
# A rare word is probed only among this many newest handlingar per page: enough
# when it is topical (the ärenden of the coming meeting), cheap when it is not.
PROBE_SAMPLE = 100
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


# A page's ids, whether more follow, the count where it is known, and how many
# matches were read (the last page's included).
_PageIds = tuple[list[int], bool, int | None, int]


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
    documents: QuerySet[Document], query: str, number: int, *, per_page: int
) -> DiariumPage:
    """Page `number` of the handlingar matching the words, newest first.

    `documents` is already visible to the viewer and filtered. Without words two
    queries: ids, then rows. A search on PostgreSQL first asks the planner how
    common the words are (two EXPLAINs); for a common word the ids come from a
    probe of the newest handlingar (two or four queries), for a rare word, or when
    the probe finds too few, from the indexed sets.
    """
    query = query.strip()
    offset = (number - 1) * per_page
    if not query or connection.vendor != "postgresql":
        ranked = search_documents(documents, query).values_list("pk", "date")
        ids, has_next, count, found = _page_ids(ranked, offset, per_page)
    else:
        ids, has_next, count, found = _search_page_ids(
            documents, query, number, per_page
        )
    rows = (
        Document.objects.filter(pk__in=ids)
        .select_related("case")
        .only(*LISTED_FIELDS)
        .order_by("-date", "-pk")
    )
    return DiariumPage(
        documents=list(rows),
        number=number,
        per_page=per_page,
        has_next=has_next,
        count=count,
        found=found,
    )


def _search_page_ids(
    documents: QuerySet[Document], query: str, number: int, per_page: int
) -> _PageIds:
    """The page's ids on PostgreSQL: from a probe of the newest rows or the indexes."""
    offset = (number - 1) * per_page
    needed = offset + per_page + 1
    rows = PROBE_ROWS * number
    if number <= PROBE_PAGES:
        if _expect_in_newest(documents, query, rows, needed):
            probed = _probe(documents, query, rows=rows, needed=needed)
        else:  # a rare word may still fill the page with the newest, if topical
            probed = _probe(
                documents, query, rows=PROBE_SAMPLE * number, needed=needed, windows=1
            )
        if probed is not None:
            has_next = len(probed) == needed
            # Fewer than asked for only when the probe saw every handling.
            count = None if has_next else len(probed)
            return probed[offset : offset + per_page], has_next, count, len(probed)
    ranked = _matching_document_ids(documents, query, "pk", "date")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_trgm declares word similarity as cheap as "=", so the planner tests
        # every ärende row by row rather than recheck an index's candidates, even
        # for a rare word (avfallsplan on the bench: 1.2 s, here 60 ms). No query
        # shape avoids it: split per field, descriptions still go row by row, and
        # an AND with the primary key's index is never chosen.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return _page_ids(ranked, offset, per_page)


def _expect_in_newest(
    documents: QuerySet[Document], query: str, rows: int, needed: int
) -> bool:
    """Whether the planner expects `needed` matches in what a probe of `rows` tests.

    Only an estimate (two EXPLAINs, no rows read) to choose the cheaper way to the
    same page: a probe tests every tjänsteskrivelse of its ärenden row by row, which
    is wasted on a rare word, whose indexed sets are small.
    """
    matches = _estimated_rows(_matching_document_ids(documents, query, "pk"))
    share = matches / max(_estimated_rows(documents), 1)
    return share * rows * (1 + PROBE_GROWTH) >= needed


def _estimated_rows(queryset: QuerySet) -> float:
    return json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"]


def _page_ids(ranked: QuerySet, offset: int, per_page: int) -> _PageIds:
    """The page's ids, whether more follow, and the count where it comes cheap.

    One query: up to COUNT_LIMIT + 1 ids on the first pages (the count, capped),
    the page and one beyond on later ones (the count only on the last page).
    """
    ranked = ranked.order_by("-date", "-pk")
    if offset + per_page <= COUNT_LIMIT:
        ids = [row[0] for row in ranked[: COUNT_LIMIT + 1]]
        count = len(ids) if len(ids) <= COUNT_LIMIT else None
        page = ids[offset : offset + per_page]
        return page, len(ids) > offset + per_page, count, len(ids)
    ids = [row[0] for row in ranked[offset : offset + per_page + 1]]
    has_next = len(ids) > per_page
    count = offset + len(ids) if ids and not has_next else None
    return ids[:per_page], has_next, count, offset + len(ids)


def _probe(
    documents: QuerySet[Document],
    query: str,
    *,
    rows: int,
    needed: int,
    windows: int | None = None,
) -> list[int] | None:
    """The first `needed` matches among the newest handlingar, or None if too few.

    The newest rows are a prefix of the diarium's order, so their matches are the
    first matches of all: the page is exact without building the whole hit set.
    The newest `rows` are tested first, then if need be the next `rows`, at most
    `windows` times (1 + PROBE_GROWTH unless given). When the handlingar run out,
    the probe has seen every one and its matches are the whole answer.
    """
    ids: list[int] = []
    total = windows or 1 + PROBE_GROWTH
    for done, start in enumerate(range(0, rows * total, rows), start=1):
        newest = list(
            documents.order_by("-date", "-pk").values_list("pk", "case_id")[
                start : start + rows
            ]
        )
        ids += _probe_matches(newest, query, needed - len(ids))
        if len(ids) == needed or len(newest) < rows:
            return ids
        # At this rate the windows left cannot fill the page: the planner's estimate
        # (a sample) was too high, so go to the indexes now rather than after them all.
        if len(ids) * total < needed * done:
            return None
    return None


def _probe_matches(
    newest: list[tuple[int, int | None]], query: str, limit: int
) -> list[int]:
    """The first `limit` matches among `newest` (pk, case_id pairs), in order."""
    # Trigrams are tested row by row on the probed rows, given as literals: word
    # similarity is declared as cheap as "=", so with a subquery the planner would
    # test every handling and then join; and an ärende is tested once, not once for
    # each of its handlingar. Full text is read from its indexes over the whole
    # tables: limited to the probed ids, the planner would build the tsvector of
    # every long tjänsteskrivelse instead (it expects far too few matches).
    probed = Document.objects.filter(pk__in=[pk for pk, _ in newest])
    cases = Case.objects.filter(pk__in={case_id for _, case_id in newest if case_id})
    text = _text_query(query)
    matches = probed.filter(
        Q(
            pk__in=_with_text(Document.objects.all(), DOCUMENT_TEXT_FIELDS)
            .filter(search=text)
            .values("pk")
        )
        | _similar(query, DOCUMENT_TRIGRAM_FIELDS)
        | Q(
            case_id__in=_with_text(Case.objects.all(), CASE_TEXT_FIELDS)
            .filter(search=text)
            .values("pk")
        )
        | Q(case_id__in=cases.filter(_similar(query, CASE_TRIGRAM_FIELDS)).values("pk"))
    )
    return list(matches.order_by("-date", "-pk").values_list("pk", flat=True)[:limit])


def _matching_document_ids(
    documents: QuerySet[Document], query: str, *columns: str
) -> QuerySet:
    """Ids of the handlingar matching on PostgreSQL: a union of index-driven sets.

    An OR over the handling and its ärende would test every handling. Full text and
    trigrams are separate branches too: in one OR the index recheck of a trigram
    candidate would compute the Swedish tsvector of the whole tjänsteskrivelse.
    """
    text_cases, similar_cases = (
        cases.values("pk")
        for cases in _matching(
            Case.objects.all(), query, CASE_TEXT_FIELDS, CASE_TRIGRAM_FIELDS
        )
    )
    text_own, similar_own = _matching(
        documents, query, DOCUMENT_TEXT_FIELDS, DOCUMENT_TRIGRAM_FIELDS
    )
    of_cases = documents.filter(case_id__in=text_cases.union(similar_cases))
    return text_own.values_list(*columns).union(
        similar_own.values_list(*columns), of_cases.values_list(*columns)
    )


def search_cases(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    query = query.strip()
    if not query:
        return cases
    if connection.vendor != "postgresql":
        return _contains(cases, query, CASE_TEXT_FIELDS)
    text, similar = _matching(
        Case.objects.all(), query, CASE_TEXT_FIELDS, CASE_TRIGRAM_FIELDS
    )
    return cases.filter(pk__in=text.values("pk").union(similar.values("pk")))


def _contains(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """The simple fallback on SQLite: the phrase anywhere in a field."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def _matching(
    queryset: QuerySet, query: str, fields: tuple[str, ...], trigram_fields: tuple
) -> tuple[QuerySet, QuerySet]:
    """Rows matching by Swedish full text, and rows matching by trigrams (indexed)."""
    # Swedish stemming finds "avtalet" for "avtal"; trigrams find a word inside a
    # compound ("transport" in "transportinfrastrukturplan"), which stemming does not.
    text = _with_text(queryset, fields).filter(search=_text_query(query))
    return text.order_by(), queryset.filter(_similar(query, trigram_fields)).order_by()


def _with_text(queryset: QuerySet, fields: tuple[str, ...]) -> QuerySet:
    from django.contrib.postgres.search import SearchVector

    return queryset.annotate(search=SearchVector(*fields, config="swedish"))


def _text_query(query: str) -> "SearchQuery":
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config="swedish", search_type="websearch")


def _similar(query: str, fields: tuple[str, ...], prefix: str = "") -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{prefix}{field}__trigram_word_similar": query})
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
        changes = []
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
