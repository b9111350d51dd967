import io

import pytest
from django.template.loader import render_to_string

from cases.pdf import render_tjansteskrivelse, tjansteskrivelse_context
from tests.factories import BodyFactory, MemberFactory, PersonFactory

from .factories import CaseFactory, DocumentFactory


@pytest.fixture
def case(federation, chef):
    PersonFactory(
        federation=federation,
        user=chef,
        first_name="Lisa",
        last_name="Bergholm",
        title="Administrativ chef",
        email="lisa@example.se",
        phone="033-35 70 00",
        party=None,
    )
    direktion = BodyFactory(federation=federation, name="Direktionen")
    case = CaseFactory(
        federation=federation,
        title="Samverkansavtal BRVux",
        handlaggare=chef,
        proposal="Direktionen godkänner avtalet\n\nMedlemmarna rekommenderas anta det",
        description="Kommunerna samverkar om vuxenutbildning.",
        child_impact="Ingen direkt påverkan på barn.",
        recipients_external="Länsstyrelsen",
        basis_other="Avtal med bilagor",
    )
    case.bodies.set([direktion])
    case.recipient_members.set(
        [MemberFactory(federation=federation, name="Borås Stad")]
    )
    case.basis_documents.set(
        [DocumentFactory(federation=federation, case=case, title="Avtalsförslag")]
    )
    return case


def test_tjansteskrivelse_context_has_every_part(case, chef):
    context = tjansteskrivelse_context(case, chef)

    assert context["proposal_points"] == [
        "Direktionen godkänner avtalet",
        "Medlemmarna rekommenderas anta det",
    ]
    assert context["basis"] == ["Avtalsförslag", "Avtal med bilagor"]
    assert context["recipients"] == ["Borås Stad", "Länsstyrelsen"]
    assert context["handlaggare"] == {
        "name": "Lisa Bergholm",
        "title": "Administrativ chef",
        "email": "lisa@example.se",
        "phone": "033-35 70 00",
    }
    assert context["deciding_body"] == "Direktionen"


def test_tjansteskrivelse_numbers_several_points(case, chef):
    html = render_to_string(
        "cases/pdf/tjansteskrivelse.html", tjansteskrivelse_context(case, chef)
    )

    assert "<li>Direktionen godkänner avtalet</li>" in html
    assert "Direktionen föreslås besluta" in html
    assert "FÖRSLAG TILL BESLUT" in html


def test_tjansteskrivelse_single_point_is_not_numbered(case, chef):
    case.proposal = "Direktionen beslutar enligt valberedningens förslag"

    html = render_to_string(
        "cases/pdf/tjansteskrivelse.html", tjansteskrivelse_context(case, chef)
    )

    assert "<ol" not in html
    assert "<p>Direktionen beslutar enligt valberedningens förslag</p>" in html


def test_render_tjansteskrivelse_is_a_pdf_with_the_sections(case, chef):
    pypdf = pytest.importorskip("pypdf", reason="text extraction needs pypdf")

    content = render_tjansteskrivelse(case, chef)

    text = " ".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages
    )
    for heading in [
        "FÖRSLAG TILL BESLUT",
        "Ärendebeskrivning",
        "Barnkonsekvensanalys",
        "Beslutsunderlag",
        "Expedieras till",
        "033-35 70 00",
    ]:
        assert heading in text
