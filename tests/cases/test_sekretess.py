import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse

from cases.pdf import render_tjansteskrivelse, tjansteskrivelse_context
from cases.selectors import visible_documents

from .factories import CaseFactory, DocumentFactory, pdf_bytes

HIDDEN_TITLE = "Anbud Krook Tjäder prisbilaga"


@pytest.fixture
def case_with_secret(federation):
    case = CaseFactory(federation=federation, title="Gröna och blå strukturer")
    public = DocumentFactory(federation=federation, case=case, title="Förfrågan")
    secret = DocumentFactory(
        federation=federation,
        case=case,
        title=HIDDEN_TITLE,
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
    )
    secret.file.save("anbud.pdf", ContentFile(pdf_bytes()))
    case.basis_documents.set([public, secret])
    return case, public, secret


@pytest.mark.parametrize(
    ("username", "sees_secret"),
    [
        ("chef", True),
        ("handlaggare", True),
        ("ledamot", False),
        ("ekonom", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_visible_documents_shows_secret_only_with_the_right(
    federation, role_users, case_with_secret, username, sees_secret
):
    _, public, secret = case_with_secret

    documents = visible_documents(role_users[username], federation)

    expected = {public.pk, secret.pk} if sees_secret else {public.pk}
    assert set(documents.values_list("pk", flat=True)) == expected


def test_visible_documents_of_none_is_the_public(federation, case_with_secret):
    _, public, _ = case_with_secret

    assert list(visible_documents(None, federation)) == [public]


def test_diarium_hides_secret_title_from_a_ledamot(client, ledamot, case_with_secret):
    client.force_login(ledamot)

    response = client.get(reverse("cases:diarium", args=["testforbund"]))

    assert response.status_code == 200
    assert HIDDEN_TITLE not in response.content.decode()
    assert list(response.context["page"]) == [case_with_secret[1]]


def test_diarium_search_does_not_find_secret_for_a_ledamot(
    client, ledamot, chef, case_with_secret
):
    url = reverse("cases:diarium", args=["testforbund"])
    client.force_login(ledamot)

    hidden = client.get(url, {"q": "prisbilaga"})
    client.force_login(chef)
    shown = client.get(url, {"q": "prisbilaga"})

    assert list(hidden.context["page"]) == []
    assert HIDDEN_TITLE not in hidden.content.decode()
    assert list(shown.context["page"]) == [case_with_secret[2]]


def test_case_page_hides_secret_from_a_ledamot(client, ledamot, case_with_secret):
    case, _, _ = case_with_secret
    client.force_login(ledamot)

    response = client.get(reverse("cases:case_detail", args=["testforbund", case.pk]))

    assert response.status_code == 200
    assert HIDDEN_TITLE not in response.content.decode()


def test_secret_file_is_404_to_a_ledamot_and_served_to_chef(
    client, ledamot, chef, case_with_secret
):
    _, _, secret = case_with_secret
    url = reverse("cases:document_file", args=["testforbund", secret.pk])
    client.force_login(ledamot)
    refused = client.get(url)
    client.force_login(chef)

    served = client.get(url)

    assert refused.status_code == 404
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == secret.file.open("rb").read()
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "application/pdf"
    assert served["X-Frame-Options"] == "SAMEORIGIN"


def test_tjansteskrivelse_beslutsunderlag_without_secret_for_the_public(
    case_with_secret, chef
):
    case, _, _ = case_with_secret

    public = tjansteskrivelse_context(case, None)
    staff = tjansteskrivelse_context(case, chef)
    html = render_to_string("cases/pdf/tjansteskrivelse.html", public)

    assert public["basis"] == ["Förfrågan"]
    assert staff["basis"] == ["Förfrågan", HIDDEN_TITLE]
    assert HIDDEN_TITLE not in html


def test_tjansteskrivelse_pdf_has_no_secret_title_for_the_public(case_with_secret):
    pypdf = pytest.importorskip("pypdf", reason="text extraction needs pypdf")
    case, _, _ = case_with_secret

    content = render_tjansteskrivelse(case, None)

    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Förfrågan" in text
    assert "prisbilaga" not in text


def test_notification_pdf_view_masks_secret_for_a_ledamot(client, ledamot, federation):
    DocumentFactory(
        federation=federation,
        title=HIDDEN_TITLE,
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
        date=datetime.date(2024, 2, 1),
    )
    client.force_login(ledamot)

    response = client.get(
        reverse("cases:notification_list", args=["testforbund"]),
        {"since": "2024-01-01", "until": "2024-02-29"},
    )

    assert HIDDEN_TITLE not in response.content.decode()
    assert response.context["notification_list"].sections[0].entries[0].title == (
        "Handling omfattas av sekretess"
    )
