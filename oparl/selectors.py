"""What the public may see, as OParl serves it: the public portal's rules
(public.selectors) over a whole förbund at once, for OParl's lists.

Bodies, meetings and handlingar are public.selectors' own querysets. On a public
meeting, the items marked public; an ärende (Paper) once it is on such an item; a
handling (File) when public.selectors.public_documents has it (no sekretess, no
personal data flagged), it has a file and belongs to such an ärende; a § of the
protokoll once the protokoll is justerat and the § is public. Persons are those with
an uppdrag in a public body or who served as ersättare at a justerat meeting of
one, without their contact details (the serializers never read them).

The `once_public_*` functions are the ids of the objects that were public at some
time, read from their history: only those are served as `deleted: true` when they
are withdrawn or deleted. An object never public (a sekretess handling, an item
never marked public, a meeting never announced, the officials' group) is a 404,
its id never told.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.models import Case, Document
from federation.models import Assignment, Body, Federation, Person, Term
from meetings.models import AgendaItem, Meeting
from minutes.models import Attendance, Minutes
from public import selectors as portal
from public.selectors import NON_PUBLIC_BODY_KINDS


def public_meetings(federation: Federation) -> QuerySet[Meeting]:
    """Meetings of public bodies whose kallelse is published (and those held since)."""
    return portal.public_meetings(federation)


def public_agenda_items(federation: Federation) -> QuerySet[AgendaItem]:
    """The items marked public of the published meetings, once a kallelse version
    has published them (an item added since is not announced yet)."""
    return AgendaItem.objects.filter(
        meeting__in=public_meetings(federation), is_public=True
    ).exclude(pk__in=portal.unpublished_item_ids(federation))


def _on_public_agenda(case_field: str, federation: Federation) -> Exists:
    return Exists(
        AgendaItem.objects.filter(
            case_id=OuterRef(case_field),
            is_public=True,
            meeting__body__federation_id=OuterRef("federation_id"),
        )
        .exclude(meeting__status=Meeting.Status.PLANNED)
        .exclude(meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)
        .exclude(pk__in=portal.unpublished_item_ids(federation))
    )


def public_cases(federation: Federation) -> QuerySet[Case]:
    """Ärenden on a public item of a published meeting."""
    return Case.objects.filter(federation=federation).filter(
        _on_public_agenda("pk", federation)
    )


def public_documents(federation: Federation) -> QuerySet[Document]:
    """Public handlingar (public.selectors) of a public ärende, with a stored file."""
    return (
        portal.public_documents(federation)
        .exclude(file="")
        .filter(_on_public_agenda("case_id", federation))
    )


def public_bodies(federation: Federation) -> QuerySet[Body]:
    return portal.public_bodies(federation)


def public_assignments(federation: Federation) -> QuerySet[Assignment]:
    """Uppdrag in the förbund's public bodies: who sits where is public."""
    return Assignment.objects.filter(body__in=public_bodies(federation).order_by())


def public_persons(federation: Federation) -> QuerySet[Person]:
    """Persons with an uppdrag in a public body (not officials only), or who served
    as ersättare at a justerat meeting of one (their Membership of the day)."""
    return Person.objects.filter(federation=federation).filter(
        Exists(public_assignments(federation).filter(person_id=OuterRef("pk")))
        | Exists(serving_ersattare(federation).filter(person_id=OuterRef("pk")))
    )


def public_terms() -> QuerySet[Term]:
    return Term.objects.all()


def serving_ersattare(federation: Federation) -> QuerySet[Attendance]:
    """Tjänstgörande ersättare of the förbund's justerade protokoll."""
    return Attendance.objects.filter(
        minutes__meeting__body__federation=federation,
        minutes__status=Minutes.Status.JUSTERAT,
        serving_for__isnull=False,
        is_present=True,
    ).exclude(minutes__meeting__body__kind__in=NON_PUBLIC_BODY_KINDS)


# --- What was public once (from the history): the stubs' ids ---


def once_public_bodies(federation: Federation) -> QuerySet:
    return (
        Body.history.filter(federation_id=federation.pk)
        .exclude(kind__in=NON_PUBLIC_BODY_KINDS)
        .values("id")
    )


def once_public_meetings(federation: Federation) -> QuerySet:
    """Meetings of a public body whose kallelse was published once."""
    return (
        Meeting.history.filter(body_id__in=once_public_bodies(federation))
        .exclude(status=Meeting.Status.PLANNED)
        .values("id")
    )


def once_public_locations(federation: Federation) -> QuerySet:
    return (
        Meeting.history.filter(id__in=once_public_meetings(federation))
        .exclude(place="")
        .values("id")
    )


def once_public_items(federation: Federation) -> QuerySet:
    """Items once marked public on such a meeting."""
    return AgendaItem.history.filter(
        is_public=True, meeting_id__in=once_public_meetings(federation)
    ).values("id")


def once_public_consultations(federation: Federation) -> QuerySet:
    return AgendaItem.history.filter(
        id__in=once_public_items(federation), case_id__isnull=False
    ).values("id")


def once_public_cases(federation: Federation) -> QuerySet:
    return AgendaItem.history.filter(
        id__in=once_public_items(federation), case_id__isnull=False
    ).values("case_id")


def once_public_documents(federation: Federation) -> QuerySet:
    """Handlingar once without sekretess and personal data, with a file, of such an
    ärende."""
    return (
        Document.history.filter(
            federation_id=federation.pk,
            is_secret=False,
            contains_personal_data=False,
            case_id__in=once_public_cases(federation),
        )
        .exclude(file="")
        .values("id")
    )


def once_public_assignments(federation: Federation) -> QuerySet:
    return Assignment.history.filter(body_id__in=once_public_bodies(federation)).values(
        "id"
    )


def once_public_serving(federation: Federation) -> QuerySet:
    justerade = Minutes.history.filter(
        status=Minutes.Status.JUSTERAT,
        meeting_id__in=once_public_meetings(federation),
    ).values("id")
    return Attendance.history.filter(
        minutes_id__in=justerade, serving_for_id__isnull=False, is_present=True
    ).values("id")


def once_public_persons(federation: Federation) -> QuerySet:
    return (
        Person.history.filter(federation_id=federation.pk)
        .filter(
            Q(
                id__in=Assignment.history.filter(
                    id__in=once_public_assignments(federation)
                ).values("person_id")
            )
            | Q(
                id__in=Attendance.history.filter(
                    id__in=once_public_serving(federation)
                ).values("person_id")
            )
        )
        .values("id")
    )


def once_public_terms(federation: Federation) -> QuerySet:
    return Term.history.values("id")
