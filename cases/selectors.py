"""Reads with visibility rules: handlingar (sekretess), ärenden and search."""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from federation.models import Federation

from .models import Case, DelegationDecision, Document
from .permissions import can_edit_cases, can_see_secret

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


def search_documents(documents: QuerySet[Document], query: str) -> QuerySet[Document]:
    """Handlingar whose title or whose ärende's tjänsteskrivelse matches the words."""
    query = query.strip()
    if not query:
        return documents
    if connection.vendor != "postgresql":
        case_fields = tuple(f"case__{field}" for field in CASE_TEXT_FIELDS)
        return _contains(documents, query, DOCUMENT_TEXT_FIELDS + case_fields)
    own = _matching(
        Document.objects.all(), query, DOCUMENT_TEXT_FIELDS, DOCUMENT_TRIGRAM_FIELDS
    )
    cases = _matching(Case.objects.all(), query, CASE_TEXT_FIELDS, CASE_TRIGRAM_FIELDS)
    of_cases = Document.objects.filter(case_id__in=cases).values("pk")
    # A union of two index-driven sets; an OR of the two would test every handling.
    return documents.filter(pk__in=own.union(of_cases))


def search_cases(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    query = query.strip()
    if not query:
        return cases
    if connection.vendor != "postgresql":
        return _contains(cases, query, CASE_TEXT_FIELDS)
    matching = _matching(
        Case.objects.all(), query, CASE_TEXT_FIELDS, CASE_TRIGRAM_FIELDS
    )
    return cases.filter(pk__in=matching)


def _contains(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """The simple fallback on SQLite: the phrase anywhere in a field."""
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def _matching(
    queryset: QuerySet, query: str, fields: tuple[str, ...], trigram_fields: tuple
) -> QuerySet:
    """Primary keys of rows matching by Swedish full text or by trigrams (indexed)."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    # Swedish stemming finds "avtalet" for "avtal"; trigrams find a word inside a
    # compound ("transport" in "transportinfrastrukturplan"), which stemming does not.
    search_query = SearchQuery(query, config="swedish", search_type="websearch")
    condition = Q(search=search_query)
    for field in trigram_fields:
        condition |= Q(**{f"{field}__trigram_word_similar": query})
    return (
        queryset.annotate(search=SearchVector(*fields, config="swedish"))
        .filter(condition)
        .values("pk")
    )


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
