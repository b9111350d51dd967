"""core.http.pdf_response: the one way a view answers with a PDF."""

import pytest
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


def test_a_quote_in_the_name_stays_inside_the_header():
    response = pdf_response(b"%PDF-1.7 q", 'kallelse-"Dir"; x=1.pdf')
    assert response["Content-Disposition"] == (
        r'inline; filename="kallelse-\"Dir\"; x=1.pdf"'
    )


@pytest.mark.parametrize("source", [b"%PDF-1.7 n", ContentFile(b"%PDF-1.7 n")])
def test_a_newline_in_the_name_cannot_add_a_header(source):
    """A body's short name is typed by an administrator: a line break in it must
    neither split the header nor make the answer fail."""
    response = pdf_response(source, "kallelse-Dir\r\nSet-Cookie: x=1-2024.pdf")
    header = response["Content-Disposition"]
    assert "\n" not in header
    assert "\r" not in header
    assert "Set-Cookie" not in response


def test_a_non_ascii_name_is_encoded():
    response = pdf_response(b"%PDF-1.7 a", "protokoll-Förbund\u2028-§ 4.pdf")
    header = response["Content-Disposition"]
    assert (
        header
        == "inline; filename*=utf-8''protokoll-F%C3%B6rbund%E2%80%A8-%C2%A7%204.pdf"
    )
