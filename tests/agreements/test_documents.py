"""Handlingar of an agreement: uploaded through the diarium, or linked."""

import datetime
import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Document
from tests.agreements.factories import agreement_with_parties

D = datetime.date


def _pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _document(federation, title, **fields):
    return Document.objects.create(
        federation=federation,
        title=title,
        kind=Document.Kind.AVTAL,
        direction=Document.Direction.INCOMING,
        date=D(2024, 1, 10),
        **fields,
    )


def test_chef_uploads_the_agreement_text_into_the_diarium(client, chef, federation):
    agreement = agreement_with_parties(federation, 2)
    client.force_login(chef)

    response = client.post(
        reverse("agreements:document_upload", args=[federation.slug, agreement.pk]),
        {
            "file": SimpleUploadedFile("avtal.pdf", _pdf(), "application/pdf"),
            "title": "Avtalstext",
            "kind": "avtal",
            "direction": "drawn_up",
            "date": "2024-01-10",
        },
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert list(agreement.documents.all()) == [document]
    assert (document.title, document.page_count, document.registered_by) == (
        "Avtalstext",
        1,
        chef,
    )


def test_upload_of_a_non_pdf_is_refused_and_nothing_stored(client, chef, federation):
    agreement = agreement_with_parties(federation, 2)
    client.force_login(chef)

    response = client.post(
        reverse("agreements:document_upload", args=[federation.slug, agreement.pk]),
        {
            "file": SimpleUploadedFile("avtal.pdf", b"not a pdf", "application/pdf"),
            "title": "Avtalstext",
            "kind": "avtal",
            "direction": "drawn_up",
            "date": "2024-01-10",
        },
    )

    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    assert Document.objects.count() == 0


def test_secret_handling_is_hidden_from_a_ledamot(client, chef, ledamot, federation):
    agreement = agreement_with_parties(federation, 2)
    open_doc = _document(federation, "Avtalstext")
    secret = _document(
        federation, "Prisbilaga", is_secret=True, osl_reference="31 kap. 16 §"
    )
    client.force_login(chef)
    for document in (open_doc, secret):
        client.post(
            reverse("agreements:document_link", args=[federation.slug, agreement.pk]),
            {"document": document.pk},
        )
    page = reverse("agreements:agreement_detail", args=[federation.slug, agreement.pk])

    as_chef = client.get(page).context["documents"]
    client.force_login(ledamot)
    response = client.get(page)

    assert [d.title for d in as_chef] == ["Avtalstext", "Prisbilaga"]
    assert [d.title for d in response.context["documents"]] == ["Avtalstext"]
    assert "Prisbilaga" not in response.content.decode()


def test_a_handling_of_another_federation_cannot_be_linked(
    client, chef, federation, other_federation
):
    agreement = agreement_with_parties(federation, 2)
    foreign = _document(other_federation, "Annat förbunds avtal")
    client.force_login(chef)

    client.post(
        reverse("agreements:document_link", args=[federation.slug, agreement.pk]),
        {"document": foreign.pk},
    )

    assert list(agreement.documents.all()) == []
