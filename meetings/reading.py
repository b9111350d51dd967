"""Oläst on the meeting page (issue 19.3): the ärenden and handlingar new or changed
since the reader last opened the meeting.

The page's content is cached for everyone with the same roles (federation.cache),
so it carries only empty markers (`<span data-unread="i12"></span>` for agenda item
12, `d7` for handling 7). The reader's own unread ones are filled in on the way out,
per request, never stored: another reader of the same cached part gets their own.
Changes are read from the history tables (every domain model keeps one): one
query, whatever the number of items.
"""

import datetime
import re

from django.db.models import CharField, Q, Value
from django.http import HttpResponse
from django.utils.translation import gettext as _

from cases.models import Case, Document
from cases.selectors import visible_documents
from federation.http import FederationRequest
from meetings.models import AgendaItem

MARKER = re.compile(rb'<span data-unread="([id][0-9]+)"></span>')
ALL = frozenset({"*"})


def unread_markers(
    request: FederationRequest, meeting_id: int, since: datetime.datetime | None
) -> frozenset[str]:
    """The markers to fill in; ALL the first time the reader opens the meeting."""
    if since is None:
        return ALL
    documents = visible_documents(request.user, request.federation).filter(
        case__agenda_items__meeting_id=meeting_id
    )
    changed_documents = Document.history.filter(
        history_date__gt=since, id__in=documents.values("pk")
    ).order_by()
    on_agenda = AgendaItem.objects.filter(meeting_id=meeting_id)
    changed_cases = Case.history.filter(
        history_date__gt=since, id__in=on_agenda.values("case_id")
    ).values("id")
    changed_items = AgendaItem.history.filter(
        meeting_id=meeting_id, history_date__gt=since
    ).values("id")
    items = on_agenda.filter(
        Q(pk__in=changed_items)
        | Q(case_id__in=changed_cases)
        | Q(case__documents__in=changed_documents.values("id"))
    ).order_by()
    # One query: the changed handlingar and the items they (or their own changes)
    # make unread, each once (UNION).
    rows = (
        changed_documents.annotate(unread_as=Value("d", output_field=CharField()))
        .values_list("id", "unread_as")
        .union(
            items.annotate(unread_as=Value("i", output_field=CharField())).values_list(
                "pk", "unread_as"
            )
        )
    )
    return frozenset(f"{kind}{pk}" for pk, kind in rows)


def fill_markers(response: HttpResponse, markers: frozenset[str]) -> int:
    """Write Oläst into the response's markers that are the reader's; returns how
    many. Only markers the page already has are filled: nothing here can show an
    ärende or handling the cached part left out."""
    if not markers:
        return 0
    badge = _("Unread")
    filled = 0

    def fill(found: re.Match) -> bytes:
        nonlocal filled
        name = found.group(1).decode()
        if markers is not ALL and name not in markers:
            return found.group(0)
        filled += 1
        return (
            f'<span data-unread="{name}" class="badge badge--unread">{badge}</span>'
        ).encode()

    response.content = MARKER.sub(fill, response.content)
    return filled
