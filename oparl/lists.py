"""An OParl list page: filters by date (created/modified since/until), the deleted
objects a client syncing with `modified_since` must learn of, and pagination.

Bad parameters raise BadParameter, which the view answers with a 400 Error object.
"""

import datetime
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from federation.models import Federation

from . import objects, times
from .kinds import Kind

PAGE_SIZE = 100
DATE_FILTERS = {
    "created_since": ("oparl_created", "gte"),
    "created_until": ("oparl_created", "lte"),
    "modified_since": ("oparl_modified", "gte"),
    "modified_until": ("oparl_modified", "lte"),
}


class BadParameter(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def parse_moment(name: str, value: str) -> datetime.datetime:
    """An ISO 8601 date-time (a date is its midnight), in Swedish time when it
    names no offset. A '+' of an offset left unencoded arrives as a space."""
    text = value.strip().replace(" ", "+")
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            name,
            _(
                "%(name)s is not a date and time: give it as ISO 8601, for example "
                "2024-03-01T00:00:00+01:00."
            )
            % {"name": name},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _positive(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    # ASCII digits: "²".isdigit() is true, int("²") an error.
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise BadParameter(
            name, _("%(name)s must be a whole number from 1.") % {"name": name}
        )
    return int(value)


def filtered(kind: Kind, rows: QuerySet, query) -> QuerySet:
    for name, (field, lookup) in DATE_FILTERS.items():
        if query.get(name):
            rows = rows.filter(
                **{f"{field}__{lookup}": parse_moment(name, query[name])}
            )
    for name, field in kind.filters.items():
        if query.get(name) is not None:
            rows = rows.filter(**{field: _positive(name, query[name], 1)})
    return rows


def gone_since(kind: Kind, federation: Federation, since) -> list[times.Stub]:
    """Objects no longer public that changed since `since`: those withdrawn (a
    handling marked sekretess, an item made non-public, a meeting back to planned)
    and those deleted; of them only those that were public once (never an id the
    public never saw)."""
    stubs: list[times.Stub] = []
    once = kind.once_public(federation)
    if kind.all_rows is not None:
        withdrawn = times.with_times(
            kind.all_rows(federation)
            .filter(pk__in=once)
            .exclude(pk__in=kind.rows(federation).values("pk")),
            kind.model,
            kind.embedded,
        ).filter(oparl_modified__gte=since)
        stubs += [
            times.Stub(pk, created, modified)
            for pk, created, modified in withdrawn.order_by("pk").values_list(
                "pk", "oparl_created", "oparl_modified"
            )
        ]
    stubs += times.removed_since(
        kind.model,
        kind.history_scope(federation),
        since,
        kind.model._default_manager.all(),
        once,
    )
    return stubs


def page(kind: Kind, federation: Federation, links: objects.Links, query) -> dict:
    """One page of the kind's list, as OParl's data, pagination and links."""
    number = _positive("page", query.get("page"), 1)
    size = min(_positive("limit", query.get("limit"), PAGE_SIZE), PAGE_SIZE)
    rows = filtered(
        kind,
        times.with_times(kind.rows(federation), kind.model, kind.embedded),
        query,
    ).order_by("pk")
    stubs = (
        gone_since(
            kind, federation, parse_moment("modified_since", query["modified_since"])
        )
        if query.get("modified_since")
        else []
    )
    live = rows.count()
    total = live + len(stubs)
    last = max(1, -(-total // size))
    if number > last:
        raise BadParameter(
            "page",
            _("There is no page %(page)s: the last is %(last)s.")
            % {"page": number, "last": last},
        )
    start, end = (number - 1) * size, number * size
    shown = list(rows[start:end]) if start < live else []
    if kind.attach is not None and shown:
        kind.attach(shown, federation)
    data = [kind.serialize(row, links) for row in shown]
    data += [
        objects.deleted(
            kind.oparl_type, links.of(kind.name, s.pk), s.created, s.modified
        )
        for s in stubs[max(0, start - live) : max(0, end - live)]
    ]
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": size,
            "currentPage": number,
            "totalPages": last,
        },
        "links": _links(links.list(kind.name), query, number, last),
    }


def _links(base: str, query, number: int, last: int) -> dict:
    """The pages' URLs, with the client's filters kept (OParl asks it)."""
    kept = {k: v for k, v in query.items() if k != "page"}

    def at(n: int) -> str:
        params = urlencode({**kept, "page": n} if n > 1 else kept)
        return f"{base}?{params}" if params else base

    links = {"first": at(1), "self": at(number), "last": at(last)}
    if number > 1:
        links["prev"] = at(min(number - 1, last))
    if number < last:
        links["next"] = at(number + 1)
    return links
