"""Reads of meetings with visibility rules: who sees which meeting, who is called."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from cases.anmalningsarenden import NotificationList, notification_list
from cases.models import Case, Document
from cases.permissions import can_see_secret
from cases.selectors import visible_documents
from federation import cache
from federation.access import access_for
from federation.http import FederationRequest
from federation.models import Federation, Person
from federation.permissions import has_role
from federation.roles import STAFF_ROLES
from federation.services import Composition, composition_on

from .models import CalendarToken, KallelseVersion, Meeting


@dataclass
class Kallade:
    composition: Composition
    invited: list[Person] = field(default_factory=list)

    @property
    def persons(self) -> list[Person]:
        c = self.composition
        seats = [*c.beslutande, *c.ersattare, *c.adjungerade]
        return [seat.person for seat in seats] + self.invited


def kallade_for(meeting: Meeting) -> Kallade:
    """Who is called: the body's composition on the meeting date, plus officials."""
    return Kallade(
        composition=composition_on(meeting.body, meeting.date),
        invited=list(meeting.invited.all()),
    )


def persons_of(user: User | AnonymousUser, federation: Federation) -> list[int]:
    return list(access_for(user).person_ids.get(federation.pk, ()))


def meetings_for_user(
    user: User | AnonymousUser, federation: Federation
) -> QuerySet[Meeting]:
    """Staff see every meeting of the federation; a förtroendevald those of the
    bodies they sat in on the meeting's date."""
    meetings = Meeting.objects.of_federation(federation.pk).select_related("body")
    if has_role(user, federation, *STAFF_ROLES):
        return meetings
    return meetings.for_person(persons_of(user, federation))


def my_meetings(
    user: User | AnonymousUser, federation: Federation
) -> QuerySet[Meeting]:
    """The meetings of the bodies the user's person sits in, whatever the role."""
    return (
        Meeting.objects.of_federation(federation.pk)
        .for_person(persons_of(user, federation))
        .select_related("body")
    )


def may_see_meeting(request: FederationRequest, pk: int) -> bool:
    """Whether the user may see the meeting, cached for everyone who sees the same:
    staff, or the same persons of the register (federation.cache: it changes with
    meetings and uppdrag, which are the förbund's data)."""
    user, federation = request.user, request.federation
    staff = has_role(user, federation, *STAFF_ROLES)
    viewer = ("staff",) if staff else tuple(persons_of(user, federation))
    return cache.cached(
        request,
        "may-see",
        (pk, *viewer),
        lambda: meetings_for_user(user, federation).filter(pk=pk).exists(),
    )


def get_meeting_for_user(request: FederationRequest, pk: int) -> Meeting:
    """A meeting of the URL's förbund the user may see (meetings_for_user), or 404:
    every view of one meeting starts here, the decorator having checked the right."""
    meeting = (
        meetings_for_user(request.user, request.federation)
        .select_related("body__federation")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def get_meeting_document_for_user(
    request: FederationRequest, meeting: Meeting, pk: int
) -> Document:
    """A stored handling of an ärende on the meeting's agenda that the user may see,
    or 404."""
    document = (
        visible_documents(request.user, request.federation)
        .filter(pk=pk, case__agenda_items__meeting=meeting)
        .exclude(file="")
        .first()
    )
    if document is None:
        raise Http404
    return document


def is_withdrawn_for(
    version: KallelseVersion, user: User | AnonymousUser, federation: Federation
) -> bool:
    """Whether the version's PDF is withheld from this reader: it holds a handling
    marked sekretess since, and the reader may not see sekretess."""
    return not can_see_secret(user, federation) and has_newly_secret_documents(version)


def ready_cases(meeting: Meeting, *, search: str = "") -> QuerySet[Case]:
    """Ärenden of the federation that are ready and not yet on this agenda, those
    whose diarienummer or title contains `search` when given."""
    cases = (
        Case.objects.filter(
            federation_id=meeting.body.federation_id, status=Case.Status.READY
        )
        .exclude(agenda_items__meeting=meeting)
        .order_by("diarienummer")
    )
    if search:
        cases = cases.filter(
            Q(diarienummer__icontains=search) | Q(title__icontains=search)
        )
    return cases


@dataclass
class ReadyCases:
    """One page of the ready ärenden for the builder: `more` when others match."""

    cases: list[Case]
    more: bool
    search: str


READY_CASES_SHOWN = 25


def ready_cases_shown(meeting: Meeting, *, search: str = "") -> ReadyCases:
    """The first ready ärenden, in one query whatever their number: a förbund may
    have hundreds ready, and a row of forms for each made the builder slow."""
    search = search.strip()[:100]
    rows = list(
        ready_cases(meeting, search=search).only("pk", "diarienummer", "title")[
            : READY_CASES_SHOWN + 1
        ]
    )
    return ReadyCases(
        cases=rows[:READY_CASES_SHOWN],
        more=len(rows) > READY_CASES_SHOWN,
        search=search,
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's next meeting after this one (a later day, or later the same day),
    for the kallelse's "Nästa sammanträde"."""
    later = Q(date__gt=meeting.date) | Q(
        date=meeting.date, starts_at__gt=meeting.starts_at
    )
    return (
        Meeting.objects.filter(later, body_id=meeting.body_id)
        .exclude(pk=meeting.pk)
        .order_by("date", "starts_at")
        .first()
    )


def notifications_for(
    meeting: Meeting, *, audience=None, choices: dict | None = None
) -> NotificationList:
    """Anmälningsärenden reported to the body since its previous meeting, as the
    secretary chose (`choices`: those frozen in a kallelse version's snapshot, else
    the meeting's current ones): the direktion gets the diarium, another body what
    its ärenden bring (cases.anmalningsarenden)."""
    if choices is None:
        choices = {
            "exclude_document_ids": meeting.notification_exclude_document_ids,
            "exclude_delegation_ids": meeting.notification_exclude_delegation_ids,
            "extra_document_ids": meeting.notification_extra_document_ids,
            "extra_delegation_ids": meeting.notification_extra_delegation_ids,
        }
    before = previous_meeting(meeting)
    since = before.date if before else meeting.date - datetime.timedelta(days=365)
    return notification_list(
        meeting.body.federation,
        since=since,
        until=meeting.date,
        audience=audience,
        body=meeting.body,
        **choices,
    )


def has_newly_secret_documents(version: KallelseVersion) -> bool:
    """Whether a handling in the version's PDF has been marked sekretess since it was
    built. Such a file must not reach anyone without the right to see sekretess."""
    snapshot_items = version.snapshot.get("items", [])
    candidates = {doc for item in snapshot_items for doc in item.get("documents", [])}
    case_ids = [item["case_id"] for item in snapshot_items if item.get("case_id")]
    candidates |= set(
        Case.basis_documents.through.objects.filter(case_id__in=case_ids).values_list(
            "document_id", flat=True
        )
    )
    listing = notifications_for(
        version.meeting, choices=version.snapshot.get("notifications")
    )
    candidates |= {
        entry.object_id
        for section in listing.sections[:2]
        for entry in section.entries
        if entry.is_secret
    }
    for document in Document.objects.filter(pk__in=candidates, is_secret=True):
        try:
            then = document.history.as_of(version.published_at)
        except Document.DoesNotExist:
            continue  # registered after the version: not in its file
        if not then.is_secret:
            return True
    return False


def calendar_token_of(user: User, federation: Federation) -> CalendarToken | None:
    """The user's feed address in the förbund that still works."""
    return CalendarToken.objects.filter(
        person__federation=federation, person__user=user, revoked_at__isnull=True
    ).first()


def feed_token(federation: Federation, token: str) -> CalendarToken | None:
    """The working feed address of a person of the förbund, by its secret."""
    return (
        CalendarToken.objects.select_related("person__federation")
        .filter(token=token, revoked_at__isnull=True, person__federation=federation)
        .first()
    )


def feed_meetings(federation: Federation, person: Person) -> QuerySet[Meeting]:
    """The meetings of a person's calendar feed, with their kallelse versions."""
    return (
        Meeting.objects.of_federation(federation.pk)
        .for_person([person.pk])
        .select_related("body")
        .prefetch_related(Prefetch("kallelse_versions"))
    )
