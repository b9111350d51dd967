"""What the public may see: the one place of the public side's visibility rules.

The public pages, their feeds, the public search and the OParl API read through
these functions only. The rules:

- bodies: the förbund's own political bodies, not a member's body and not the
  officials' group (`public_bodies`);
- meetings: of those bodies, once their kallelse is published (`public_meetings`);
- agenda items: marked public, of the latest published kallelse version of a public
  meeting (`public_agenda_items`);
- handlingar: without sekretess and not flagged as holding personal data
  (`public_documents`); on a dagordning only the files of its public items' ärenden
  (`public_agenda_documents`);
- protokoll: justerade ones (`justerade_protokoll`), and of them the public §§ only
  (`public_paragraphs`); personal notes, non-public §§' content and drafts never;
- the diarium: only where the förbund publishes it (`public_diarium`), a sekretess
  handling as its dnr and date alone, a private person's name masked
  (`DiariumRow`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Document
from federation.models import Body, Federation
from meetings.models import AgendaItem, KallelseVersion, Meeting
from minutes.models import Anslag, Minutes, Paragraph
from minutes.selectors import current_anslag, public_minutes

# Bodies whose meetings are not the public's: a member's own body (its kommun
# publishes it) and the officials' group (no political decisions).
NON_PUBLIC_BODY_KINDS = (Body.Kind.EXTERNAL, Body.Kind.OFFICIALS)


def public_federations() -> QuerySet[Federation]:
    """Every förbund of the deployment: each has a public front page."""
    return Federation.objects.order_by("name")


def public_bodies(federation: Federation) -> QuerySet[Body]:
    """The förbund's bodies whose meetings the public sees."""
    return (
        Body.objects.filter(federation=federation)
        .exclude(kind__in=NON_PUBLIC_BODY_KINDS)
        .order_by("kind", "name")
    )


def get_public_body(federation: Federation, pk: int) -> Body:
    body = public_bodies(federation).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def public_meetings(
    federation: Federation, body: Body | None = None
) -> QuerySet[Meeting]:
    """Meetings of public bodies whose kallelse is published (a planned meeting is
    not announced yet), newest first."""
    meetings = (
        Meeting.objects.of_federation(federation.pk)
        .exclude(status=Meeting.Status.PLANNED)
        .exclude(body__kind__in=NON_PUBLIC_BODY_KINDS)
        .select_related("body")
    )
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings.order_by("-date", "-starts_at")


def upcoming_public_meetings(
    federation: Federation, day: datetime.date | None = None
) -> QuerySet[Meeting]:
    """Coming public meetings, soonest first."""
    return (
        public_meetings(federation)
        .filter(date__gte=day or timezone.localdate())
        .order_by("date", "starts_at")
    )


def get_public_meeting(federation: Federation, pk: int) -> Meeting:
    meeting = public_meetings(federation).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def published_kallelse(meeting: Meeting) -> KallelseVersion | None:
    """The latest published kallelse version of the meeting."""
    return meeting.kallelse_versions.order_by("-number").first()


def public_agenda_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The public items of the meeting's latest published kallelse, in order.

    An item added after that version, or made non-public since, is left out: the
    public sees what was published, never more than is public now."""
    version = published_kallelse(meeting)
    if version is None or meeting.status == Meeting.Status.PLANNED:
        return AgendaItem.objects.none()
    published_ids = [item["id"] for item in version.snapshot.get("items", [])]
    return (
        AgendaItem.objects.filter(meeting=meeting, is_public=True, pk__in=published_ids)
        .exclude(meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)
        .select_related("case")
        .order_by("position", "pk")
    )


def published_items(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    """Those of the items the latest published kallelse version of their meeting
    holds, as public_agenda_items has them: an item added since (public by default
    until the secretary says otherwise) is not announced yet. For a list of hits
    across meetings (the public search)."""
    items = list(items)
    latest: dict[int, set[int]] = {}
    for meeting_id, snapshot_items in (
        KallelseVersion.objects.filter(meeting_id__in={i.meeting_id for i in items})
        .order_by("meeting_id", "-number")
        .values_list("meeting_id", "snapshot__items")
    ):
        if meeting_id not in latest:
            latest[meeting_id] = {entry["id"] for entry in snapshot_items or []}
    return [item for item in items if item.pk in latest.get(item.meeting_id, set())]


def unpublished_item_ids(federation: Federation) -> list[int]:
    """The items of the förbund's announced meetings not yet held that no published
    kallelse version holds: added since the latest, not announced yet (for OParl's
    queries over the whole förbund; a held meeting's agenda is settled)."""
    latest: dict[int, set[int]] = {}
    for meeting_id, snapshot_items in (
        KallelseVersion.objects.filter(
            meeting__body__federation=federation,
            meeting__status=Meeting.Status.KALLELSE_PUBLISHED,
        )
        .order_by("meeting_id", "-number")
        .values_list("meeting_id", "snapshot__items")
    ):
        if meeting_id not in latest:
            latest[meeting_id] = {entry["id"] for entry in snapshot_items or []}
    return [
        pk
        for pk, meeting_id in AgendaItem.objects.filter(
            meeting_id__in=latest
        ).values_list("pk", "meeting_id")
        if pk not in latest[meeting_id]
    ]


def public_documents(federation: Federation) -> QuerySet[Document]:
    """The förbund's handlingar the public may read: no sekretess, no personal
    data flagged."""
    return Document.objects.filter(
        federation=federation, is_secret=False, contains_personal_data=False
    )


def public_agenda_documents(meeting: Meeting) -> QuerySet[Document]:
    """The stored public handlingar of the ärenden of the meeting's public items."""
    case_ids = public_agenda_items(meeting).exclude(case=None).values("case_id")
    return (
        public_documents(meeting.body.federation)
        .filter(case_id__in=case_ids)
        .exclude(file="")
        .select_related("case")
        .order_by("date", "pk")
    )


def get_public_agenda_document(meeting: Meeting, pk: int) -> Document:
    document = public_agenda_documents(meeting).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def justerade_protokoll(
    federation: Federation, body: Body | None = None
) -> QuerySet[Minutes]:
    """Justerade protokoll of the förbund's public bodies, newest first."""
    minutes = public_minutes(federation).exclude(
        meeting__body__kind__in=NON_PUBLIC_BODY_KINDS
    )
    if body is not None:
        minutes = minutes.filter(meeting__body=body)
    return minutes


def public_paragraphs(federation: Federation) -> QuerySet[Paragraph]:
    """The public §§ of the förbund's justerade protokoll (a non-public § shows only
    its number and title in the frozen public protokoll; its text never)."""
    return Paragraph.objects.filter(
        is_public=True,
        minutes__status=Minutes.Status.JUSTERAT,
        minutes__meeting__body__federation=federation,
    ).exclude(minutes__meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)


def anslagstavla(federation: Federation) -> QuerySet[Anslag]:
    """The tillkännagivanden up on the förbund's anslagstavla today; not the
    justering of an officials' group's or a member's body's protokoll (those
    protokoll are not the public's)."""
    return (
        current_anslag(federation)
        .exclude(minutes__meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)
        .exclude(meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)
    )


def public_diarium(federation: Federation) -> QuerySet[Document]:
    """The whole diarium where the förbund publishes it (Federation.publishes_diarium),
    else nothing. Show its rows through DiariumRow only: a sekretess handling is
    listed, but as its dnr and date alone (OSL 5 kap.)."""
    if not federation.publishes_diarium:
        return Document.objects.none()
    return Document.objects.filter(federation=federation).select_related("case")


@dataclass(frozen=True)
class DiariumRow:
    """One row of the public diarium: what may be shown of a handling."""

    pk: int
    dnr: str
    date: datetime.date
    direction: str
    title: str
    counterpart: str
    is_secret: bool

    @classmethod
    def of(cls, document: Document) -> "DiariumRow":
        dnr = document.case.diarienummer if document.case is not None else ""
        if document.is_secret or document.contains_personal_data:
            # Its existence, dnr and date only: a title may name a person or reveal
            # what the sekretess protects.
            return cls(
                pk=document.pk,
                dnr=dnr,
                date=document.date,
                direction="",
                title=_("Document covered by secrecy")
                if document.is_secret
                else _("Document with personal data"),
                counterpart="",
                is_secret=True,
            )
        return cls(
            pk=document.pk,
            dnr=dnr,
            date=document.date,
            direction=document.get_direction_display(),
            title=document.title,
            counterpart=masked_counterpart(document),
            is_secret=False,
        )


def masked_counterpart(document: Document) -> str:
    """The sender or recipient as the public sees it: an organisation by name, a
    private person (the default) masked; nothing of a handling with personal data."""
    if not document.counterpart:
        return ""
    if document.counterpart_is_organisation and not document.contains_personal_data:
        return document.counterpart
    return _("Private person (name masked)")


def get_diarium_document(federation: Federation, pk: int) -> Document:
    """A handling of the published diarium, to ask for (sekretess ones too: the
    request is then tried under OSL)."""
    document = public_diarium(federation).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
