"""S4: a PDF carrying an attached file (/EmbeddedFiles) is refused and not stored."""

import datetime
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from cases.services import register_document


def _pdf_with_attachment() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["faktura.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_pdf_with_an_attached_file_is_refused(federation, chef, settings):
    data = _pdf_with_attachment()
    assert b"/EmbeddedFiles" in data

    with pytest.raises(ValidationError) as refused:
        register_document(
            federation,
            uploaded_file=SimpleUploadedFile("bilaga.pdf", data, "application/pdf"),
            title="Bilaga",
            kind=Document.Kind.BILAGA,
            direction=Document.Direction.INCOMING,
            date=datetime.date(2024, 2, 1),
            by=chef,
        )

    assert refused.value.messages[0].strip()
    assert Document.objects.count() == 0
    assert not settings.MEDIA_ROOT.exists() or not any(
        p.is_file() for p in settings.MEDIA_ROOT.rglob("*")
    )
