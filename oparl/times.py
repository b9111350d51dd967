"""`created`, `modified` and `deleted` of OParl objects, read from their history.

The domain models keep no timestamps of their own: django-simple-history keeps a
row per change (docs/architecture.md). `created` is an object's first history row,
`modified` its last, or the last of the objects embedded in it (OParl 1.1 asks that a
change of an embedded AgendaItem or Membership changes its Meeting's or Person's
`modified`). A row deleted is a history row of type '-': OParl serves it as a stub
with `deleted: true`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest


def _history(model: type[Model]) -> type[Model]:
    return model.history.model  # type: ignore[attr-defined]


def _last(history: type[Model], **match) -> Subquery:
    rows = history._default_manager.filter(**match).order_by("-history_date")
    return Subquery(rows.values("history_date")[:1])


def with_times(
    rows: QuerySet, model: type[Model], embedded: tuple[tuple[type[Model], str], ...]
) -> QuerySet:
    """The rows with `oparl_created` and `oparl_modified`; `embedded` names the
    models embedded in each and the field of theirs that points to it."""
    history = _history(model)
    mine = history._default_manager.filter(id=OuterRef("pk"))
    created = Subquery(mine.order_by("history_date").values("history_date")[:1])
    modified: Subquery | Greatest = _last(history, id=OuterRef("pk"))
    for inner, field in embedded:
        # SQLite's max() of a NULL is NULL: a missing inner history keeps our own.
        modified = Greatest(
            modified,
            Coalesce(_last(_history(inner), **{field: OuterRef("pk")}), modified),
        )
    return rows.annotate(oparl_created=created, oparl_modified=modified)


@dataclass(frozen=True)
class Stub:
    """A deleted (or withdrawn) object: only its id, created and modified."""

    pk: int
    created: datetime.datetime | None
    modified: datetime.datetime | None


def removed_since(
    model: type[Model],
    scope: dict,
    since: datetime.datetime,
    exclude: QuerySet,
    among: QuerySet,
) -> list[Stub]:
    """Rows of the model deleted since `since` (history rows '-' matching `scope`),
    whose id is in `among` (the ids once public) and no longer exists in
    `exclude`."""
    history = _history(model)
    first = (
        history._default_manager.filter(id=OuterRef("id"))
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    rows = (
        history._default_manager.filter(
            history_type="-", history_date__gte=since, id__in=among, **scope
        )
        .exclude(id__in=exclude.values("pk"))
        .annotate(created=Subquery(first[:1]))
        .order_by("id")
        .values_list("id", "created", "history_date")
    )
    return [Stub(pk, created, modified) for pk, created, modified in rows]


def removed(model: type[Model], scope: dict, pk: int, among: QuerySet) -> Stub | None:
    """The stub of one deleted row of the förbund (`scope`) once public (its id in
    `among`), or None."""
    history = _history(model)._default_manager.filter(id=pk, **scope)
    gone = (
        history.filter(history_type="-", id__in=among).order_by("-history_date").first()
    )
    if gone is None:
        return None
    created = history.order_by("history_date").values_list("history_date", flat=True)
    return Stub(pk, created.first(), gone.history_date)  # type: ignore[attr-defined]
