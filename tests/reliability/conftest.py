"""Fixtures of the reliability tests: a meeting ready to publish, as in meetings."""

import datetime
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from cases.services import register_document
from federation.models import Assignment
from meetings.models import ItemKind
from meetings.services import add_case_item, add_free_item, create_meeting
from tests.cases.factories import CaseFactory
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory

TODAY = datetime.date(2024, 2, 20)


def make_pdf(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(500, 700))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def make_ready_meeting(federation, chef, *, bilaga_pages: int = 2, cases: int = 1):
    """A meeting with an information item and ärenden; the first has a bilaga.

    Each ärende adds a rendered tjänsteskrivelse (about 0.1 s) to the kallelse build.
    """
    body = BodyFactory(
        federation=federation,
        name="Direktionen",
        short_name="Dir",
        kallelse_lead_days=7,
    )
    person = PersonFactory(federation=federation, email="lena@example.se")
    AssignmentFactory(
        body=body,
        person=person,
        role=Assignment.Role.LEDAMOT,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
    )
    meeting = create_meeting(
        body,
        date=datetime.date(2024, 3, 1),
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(12, 0),
        place="Lilla Navet",
        by=chef,
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    for number in range(cases):
        case = CaseFactory(federation=federation, title=f"Årsbokslut {number}")
        if number > 0:
            add_case_item(meeting, case=case, minutes=5, by=chef)
            continue
        register_document(
            federation,
            uploaded_file=SimpleUploadedFile(
                "bokslut.pdf", make_pdf(bilaga_pages), content_type="application/pdf"
            ),
            title=f"Årsredovisning {number}",
            kind=Document.Kind.BILAGA,
            direction=Document.Direction.DRAWN_UP,
            date=datetime.date(2024, 2, 15),
            case=case,
            by=chef,
        )
        add_case_item(meeting, case=case, minutes=15, by=chef)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def ready_meeting(federation, chef):
    return make_ready_meeting(federation, chef)
