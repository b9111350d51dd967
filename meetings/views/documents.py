"""The kallelse PDF and the handlingar of the agenda, as the readers open them."""

from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from cases.selectors import file_refusal
from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view
from meetings.document_text import document_text
from meetings.models import KallelseVersion
from meetings.permissions import can_view_meetings
from meetings.selectors import (
    get_meeting_document_for_user,
    get_meeting_for_user,
    is_withdrawn_for,
)


@federation_view(can_view_meetings)
def kallelse_pdf(request: FederationRequest, pk: int, number: int) -> HttpResponseBase:
    meeting = get_meeting_for_user(request, pk)
    version = get_object_or_404(
        KallelseVersion.objects.stored(), meeting=meeting, number=number
    )
    if is_withdrawn_for(version, request.user, request.federation):
        return render(
            request,
            "meetings/kallelse_withdrawn.html",
            {"meeting": meeting},
            status=410,
        )
    name = f"kallelse-{meeting.body.short_name}-{meeting.date:%Y-%m-%d}-v{number}.pdf"
    return pdf_response(version.file.open("rb"), name)


@xframe_options_sameorigin  # shown in the document page's frame
@federation_view(can_view_meetings)
def meeting_document(
    request: FederationRequest, pk: int, document_pk: int
) -> HttpResponseBase:
    """A handling of an ärende on the agenda, opened in the browser."""
    meeting = get_meeting_for_user(request, pk)
    document = get_meeting_document_for_user(request, meeting, document_pk)
    # Stored under older rules, a file failing today's check is not handed to
    # readers, as it is left out of the kallelse (the diarium serves it to staff).
    reason = file_refusal(document)
    if reason:
        context = {"document": document, "reason": reason}
        return render(request, "cases/file_refused.html", context, status=403)
    name = (document.file.name or "").rsplit("/", 1)[-1]
    return pdf_response(document.file.open("rb"), name)


@federation_view(can_view_meetings)
def document_page(
    request: FederationRequest, pk: int, document_pk: int
) -> HttpResponseBase:
    """A handling in a page of the site (issue 19.3): the förbund's header, a link
    back to its ärende on the meeting page, the PDF in a frame and as a link, and
    its text for a screen reader or a phone that shows no PDF in a page."""
    meeting = get_meeting_for_user(request, pk)
    document = get_meeting_document_for_user(request, meeting, document_pk)
    reason = file_refusal(document)
    if reason:
        context = {"document": document, "reason": reason}
        return render(request, "cases/file_refused.html", context, status=403)
    # A handling of the meeting has an ärende on its agenda (the selector's filter).
    item = meeting.items.filter(case=document.case).order_by("position", "pk").first()
    return render(
        request,
        "meetings/document_page.html",
        {
            "meeting": meeting,
            "document": document,
            "item": item,
            "text": document_text(document),
        },
    )
