"""The one way a view answers with a PDF."""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header


def pdf_response(
    source: bytes | File,
    filename: str,
    *,
    download: bool = False,
    private: bool = True,
) -> HttpResponseBase:
    """A PDF from memory (rendered on request) or from storage (a stored document).

    `download` asks the browser to save rather than open it; `private` (every page
    behind a login) keeps it out of shared caches and the browser's back history, since
    the same URL answers each reader by their rights. The public anslagstavla's PDFs
    pass `private=False`.
    """
    if isinstance(source, bytes):
        response: HttpResponseBase = HttpResponse(
            source, content_type="application/pdf"
        )
        # None only for an inline answer without a name, which this never is.
        response["Content-Disposition"] = str(
            content_disposition_header(download, filename)
        )
    else:
        response = FileResponse(
            source,
            content_type="application/pdf",
            as_attachment=download,
            filename=filename,
        )
    # SecurityMiddleware sets it on every answer; said here too, as a PDF opened in
    # the browser is where a sniffed type would do harm.
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
