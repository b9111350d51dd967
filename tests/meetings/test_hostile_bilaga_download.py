"""Issue 16.2, the adversary review: a bilaga stored under older rules that fails
today's check is left out of the kallelse, and is not handed out on its own either.
From the meeting page nobody opens it; in the diarium the staff who handle the
ärende get it as a download (never shown in the browser), a förtroendevald not at
all; the public has no way to it."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pikepdf import Dictionary, Name, String

from cases.models import Document
from meetings.services import add_case_item, publish_kallelse
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.meetings.conftest import make_pdf
from tests.security.hostile_pdfs import link, one_page


def _javascript() -> bytes:
    return one_page(
        lambda pdf: link(pdf, Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    )


@pytest.fixture
def documents(
    meeting, federation, chef, ledamot_person, django_capture_on_commit_callbacks
):
    case = CaseFactory(federation=federation, title="Upphandling av tolktjänst")
    stored = {}
    for title, content in [("hostile", _javascript()), ("clean", make_pdf(1))]:
        document = DocumentFactory(
            federation=federation, case=case, kind=Document.Kind.BILAGA, title=title
        )
        # Straight to storage, as if taken under older rules.
        document.file.save(f"{title}.pdf", ContentFile(content))
        stored[title] = document
    add_case_item(meeting, case=case, minutes=20, by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        publish_kallelse(meeting, by=chef, today=datetime.date(2024, 2, 20))
    return stored


def _meeting_url(federation, meeting, document) -> str:
    return reverse(
        "meetings:meeting_document", args=[federation.slug, meeting.pk, document.pk]
    )


def _diarium_url(federation, document) -> str:
    return reverse("cases:document_file", args=[federation.slug, document.pk])


def _body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["ledamot", "chef"])
def test_the_meeting_page_does_not_hand_out_a_bilaga_failing_the_check(
    request, client, federation, meeting, documents, who
):
    client.force_login(request.getfixturevalue(who))

    refused = client.get(_meeting_url(federation, meeting, documents["hostile"]))
    clean = client.get(_meeting_url(federation, meeting, documents["clean"]))

    assert refused.status_code == 403
    assert b"%PDF" not in _body(refused)
    assert "PDF-filen innehåller skript (JavaScript)" in refused.content.decode()
    assert clean.status_code == 200
    assert _body(clean).startswith(b"%PDF")


@pytest.mark.django_db
def test_the_diarium_gives_a_failing_file_to_staff_only_as_a_download(
    client, federation, documents, chef, ledamot
):
    client.force_login(ledamot)
    to_ledamot = client.get(_diarium_url(federation, documents["hostile"]))
    client.force_login(chef)
    to_chef = client.get(_diarium_url(federation, documents["hostile"]))
    clean = client.get(_diarium_url(federation, documents["clean"]))

    assert to_ledamot.status_code == 403
    assert b"%PDF" not in _body(to_ledamot)
    assert to_chef.status_code == 200
    assert to_chef["Content-Disposition"].startswith("attachment")
    assert clean["Content-Disposition"].startswith("inline")


@pytest.mark.django_db
def test_the_public_gets_no_stored_file(client, federation, meeting, documents):
    for url in (
        _meeting_url(federation, meeting, documents["hostile"]),
        _diarium_url(federation, documents["hostile"]),
    ):
        response = client.get(url)

        assert response.status_code in {302, 403, 404}
        assert b"%PDF" not in _body(response)
