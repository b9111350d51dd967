"""What the public may see, as OParl serves it: the rules of the public portal.

Every OParl object is read through these querysets, scoped to one förbund. A meeting
is public once its kallelse is published; on it, the items marked public; an ärende
(Paper) once it is on such an item; a handling (File) when it is not sekretess, has a
file and belongs to such an ärende; a § of the protokoll once the protokoll is
justerat and the § is public. Persons are those with an uppdrag in a body of the
förbund, without their contact details (the serializers never read them).
"""

from django.db.models import Exists, OuterRef, QuerySet

from cases.models import Case, Document
from federation.models import Assignment, Body, Federation, Person, Term
from meetings.models import AgendaItem, Meeting
from minutes.models import Attendance, Minutes, Paragraph


def public_meetings(federation: Federation) -> QuerySet[Meeting]:
    """Meetings whose kallelse is published (and those held since)."""
    return Meeting.objects.of_federation(federation.pk).exclude(
        status=Meeting.Status.PLANNED
    )


def public_agenda_items(federation: Federation) -> QuerySet[AgendaItem]:
    """The items marked public of the published meetings."""
    return AgendaItem.objects.filter(
        meeting__in=public_meetings(federation), is_public=True
    )


def _on_public_agenda(case_field: str) -> Exists:
    return Exists(
        AgendaItem.objects.filter(
            case_id=OuterRef(case_field),
            is_public=True,
            meeting__body__federation_id=OuterRef("federation_id"),
        ).exclude(meeting__status=Meeting.Status.PLANNED)
    )


def public_cases(federation: Federation) -> QuerySet[Case]:
    """Ärenden on a public item of a published meeting."""
    return Case.objects.filter(federation=federation).filter(_on_public_agenda("pk"))


def public_documents(federation: Federation) -> QuerySet[Document]:
    """Handlingar of a public ärende with a stored file and without sekretess."""
    return (
        Document.objects.filter(federation=federation, is_secret=False)
        .exclude(file="")
        .filter(_on_public_agenda("case_id"))
    )


def public_bodies(federation: Federation) -> QuerySet[Body]:
    return Body.objects.filter(federation=federation)


def public_assignments(federation: Federation) -> QuerySet[Assignment]:
    """Uppdrag in the förbund's bodies: who sits where is public."""
    return Assignment.objects.filter(body__federation=federation)


def public_persons(federation: Federation) -> QuerySet[Person]:
    """Persons with an uppdrag in a body of the förbund (not officials only)."""
    return Person.objects.filter(federation=federation).filter(
        Exists(Assignment.objects.filter(person_id=OuterRef("pk")))
    )


def public_terms() -> QuerySet[Term]:
    return Term.objects.all()


def justerade_paragraphs() -> QuerySet[Paragraph]:
    """§§ of justerade protokoll that are public: what the public protokoll shows."""
    return Paragraph.objects.filter(
        minutes__status=Minutes.Status.JUSTERAT, is_public=True
    )


def serving_ersattare(federation: Federation) -> QuerySet[Attendance]:
    """Tjänstgörande ersättare of the förbund's justerade protokoll."""
    return Attendance.objects.filter(
        minutes__meeting__body__federation=federation,
        minutes__status=Minutes.Status.JUSTERAT,
        serving_for__isnull=False,
        is_present=True,
    )
