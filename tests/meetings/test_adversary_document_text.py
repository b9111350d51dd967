"""Adversary (issue 19.3): a handling's text is read at request time, so a small
PDF that passes the check of received PDFs must not hold a worker for minutes.

Form XObjects drawing each other twice, a dozen levels deep, make a 3 KB file whose
text extraction walks thousands of forms per page (pypdf's own cap is 5 000
invocations, ~8 s a page); forty such pages held the document page ~5 minutes.
"""

import datetime
import io
import time

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name

from cases.models import Document
from cases.services import register_document
from meetings.document_text import document_text
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def form_tree_pdf(depth: int = 12, pages: int = 6) -> bytes:
    """`pages` pages, each drawing a form that draws the next form twice, `depth`
    levels down to a form that shows the letter A: 2**depth forms per page."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    form = pdf.make_stream(b"BT /F1 12 Tf (A) Tj ET")
    form.Type, form.Subtype = Name.XObject, Name.Form
    form.BBox = Array([0, 0, 100, 100])
    form.Resources = Dictionary(Font=Dictionary(F1=font))
    for _level in range(depth):
        parent = pdf.make_stream(b"/X Do /X Do")
        parent.Type, parent.Subtype = Name.XObject, Name.Form
        parent.BBox = Array([0, 0, 100, 100])
        parent.Resources = Dictionary(XObject=Dictionary(X=form))
        form = parent
    for _page in range(pages):
        page = pdf.add_blank_page()
        page.Resources = Dictionary(XObject=Dictionary(X=form))
        page.Contents = pdf.make_stream(b"/X Do")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _form_tree_document(federation, chef) -> Document:
    return register_document(
        federation,
        uploaded_file=SimpleUploadedFile("formtrad.pdf", form_tree_pdf()),
        title="Formulärträd",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.INCOMING,
        date=datetime.date(2024, 2, 16),
        case=CaseFactory(federation=federation),
        by=chef,
    )


def test_a_pdf_of_nested_forms_is_read_in_bounded_time(federation, chef):
    document = _form_tree_document(federation, chef)

    started = time.monotonic()
    text = document_text(document)
    elapsed = time.monotonic() - started

    # Six pages took ~50 s before; the budget is a few seconds on a busy machine.
    assert elapsed < 8
    assert "A" in "".join(text.pages)


def test_no_page_is_begun_after_the_time_budget(federation, chef, monkeypatch):
    """On a quick machine all six pages fit the budget; with none left after the
    first page, the reader stops there and says the text is cut short."""
    monkeypatch.setattr("meetings.document_text.SECONDS_BUDGET", 0)
    document = _form_tree_document(federation, chef)

    text = document_text(document)

    assert len(text.pages) == 1
    assert text.truncated
