"""The tjänsteskrivelse rendered once per content (meetings.pdf): the content key
covers everything the page shows, sekretess marks included."""

import io

import pypdf
import pytest

from cases.services import update_document
from meetings.pdf import tjansteskrivelse_pdf
from tests.cases.factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def test_a_handling_marked_sekretess_later_leaves_the_cached_tjansteskrivelse(
    federation, chef
):
    """Attack on sekretess through the PDF cache: a tjänsteskrivelse is rendered for
    the public (audience None: no sekretess titles) and cached for a week under a
    hash of the ärende (meetings/pdf.py _case_fingerprint). The hash takes the
    documents' pks and titles but not is_secret, so a beslutsunderlag marked
    sekretess after the first build (the usual order: the OSL review comes later)
    keeps its title in every later kallelse version built from the cache, read by
    every Förtroendevald of the body. The same hash also misses the names of the
    recipient members and bodies, the deciding body (case.bodies is not in it) and
    the handläggare's name."""
    case = CaseFactory(federation=federation, title="Upphandling av städtjänster")
    offer = DocumentFactory(
        federation=federation, case=case, title="Anbud Krook Tjäder prisbilaga"
    )
    case.basis_documents.set([offer])
    tjansteskrivelse_pdf(case)  # kallelse version 1

    update_document(offer, by=chef, is_secret=True, osl_reference="31 kap. 16 § OSL")
    case.refresh_from_db()
    content = tjansteskrivelse_pdf(case)  # kallelse version 2

    text = " ".join(
        p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages
    )
    assert "prisbilaga" not in text, "a sekretess title in the public tjänsteskrivelse"
