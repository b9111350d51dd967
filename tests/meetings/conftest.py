import datetime
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from cases.services import register_document
from federation.models import Assignment, Person
from meetings.services import create_meeting
from tests.cases.factories import CaseFactory
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory


@pytest.fixture
def body(federation):
    return BodyFactory(
        federation=federation,
        name="Direktionen",
        short_name="Dir",
        kallelse_lead_days=7,
    )


@pytest.fixture
def meeting(body, chef):
    return create_meeting(
        body,
        date=datetime.date(2024, 3, 1),
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(12, 0),
        place="Lilla Navet, Skaraborgsvägen 1B",
        by=chef,
    )


@pytest.fixture
def ledamot_person(federation, body, ledamot) -> Person:
    """The ledamot user's person, with a seat in the body over the meeting dates."""
    person = PersonFactory(
        federation=federation,
        first_name="Lena",
        last_name="Ledamot",
        user=ledamot,
        email="lena@example.se",
    )
    AssignmentFactory(
        body=body,
        person=person,
        role=Assignment.Role.LEDAMOT,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
    )
    return person


def make_pdf(pages: int) -> bytes:
    """A PDF of blank 500×700 pages, a size none of the rendered pages has."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(500, 700))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def case_with_bilaga(federation, chef):
    """A ready ärende with one two-page bilaga in the diarium."""
    case = CaseFactory(federation=federation, title="Årsbokslut 2023")
    register_document(
        federation,
        uploaded_file=SimpleUploadedFile(
            "bokslut.pdf", make_pdf(2), content_type="application/pdf"
        ),
        title="Årsredovisning 2023",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.DRAWN_UP,
        date=datetime.date(2024, 2, 15),
        case=case,
        by=chef,
    )
    return case
