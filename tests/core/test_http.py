"""core.http.pdf_response: the one way a view answers with a PDF."""

from django.core.files.base import ContentFile

from core.http import pdf_response


def test_rendered_pdf_opens_inline_and_stays_private():
    response = pdf_response(b"%PDF-1.7 x", "tjänsteskrivelse-2024-3.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename")
    assert "tj%C3%A4nsteskrivelse-2024-3.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_stored_pdf_as_download():
    stored = ContentFile(b"%PDF-1.7 y", name="rapport.pdf")
    response = pdf_response(stored, "rapport.pdf", download=True)
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 y"


def test_public_pdf_may_be_cached():
    response = pdf_response(b"%PDF-1.7 z", "protokoll.pdf", private=False)
    assert "Cache-Control" not in response
