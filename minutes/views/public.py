"""The förbund's public anslagstavla and its justerade protokoll."""

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import pdf_response
from federation.cache import cached, render_page
from federation.http import PublicRequest
from federation.selectors import federation_view
from minutes.models import Minutes, ProtokollVersion
from minutes.permissions import can_edit_minutes
from minutes.selectors import get_public_minutes, public_pdf_file
from public import selectors as portal

from .common import frozen_context, served, version_asked

# The newest justerade protokoll on the anslagstavla; the rest are paged at
# public:protokoll.
ARCHIVE_SHOWN = 20


@federation_view(public=True)
def anslagstavla(request: PublicRequest) -> HttpResponse:
    """The förbund's digital anslagstavla: current anslag, and the protokoll archive.

    One rendering per audience and day (federation.cache), until the förbund's data
    changes: the public reads it most, and it is the same for every visitor.
    """
    return render_page(
        request,
        "minutes/partials/anslagstavla_page.html",
        lambda: {
            "title": _("Anslagstavla"),
            "anslag": list(portal.anslagstavla(request.federation)),
            "archive": list(
                portal.justerade_protokoll(request.federation)[:ARCHIVE_SHOWN]
            ),
            "can_post": can_edit_minutes(request.user, request.federation),
        },
        name="anslagstavla",
        params=[timezone.localdate()],
    )


def _public(request: PublicRequest, pk: int) -> Minutes:
    """A justerat protokoll of one of the förbund's public bodies (public.selectors):
    an officials' group's or a member's body's is a 404, as on every public page."""
    minutes = get_public_minutes(request.federation, pk)
    if minutes.meeting.body.kind in portal.NON_PUBLIC_BODY_KINDS:
        raise Http404
    return minutes


def _of_public_body(request: PublicRequest, pk: int) -> bool:
    """Whether the protokoll is a public body's justerat one; kept in the page cache
    (federation.cache) so that the public PDF still costs no query."""
    return cached(
        request,
        "public-protokoll-shown",
        (pk,),
        lambda: portal.justerade_protokoll(request.federation).filter(pk=pk).exists(),
    )


@federation_view(public=True)
def public_detail(request: PublicRequest, pk: int) -> HttpResponse:
    minutes = _public(request, pk)
    context = frozen_context(minutes, ProtokollVersion.Kind.PUBLIC)
    if context["f"] is None:
        raise Http404  # justerat before versions were kept, and never frozen
    return render(
        request, "minutes/public_detail.html", {"minutes": minutes, **context}
    )


@federation_view(public=True)
def public_pdf(request: PublicRequest, pk: int) -> HttpResponseBase:
    """The stored file, found through the page cache: the public's most read PDF."""
    if not _of_public_body(request, pk):
        raise Http404
    stored = public_pdf_file(request, pk, version_asked(request))
    if stored is None:  # being made, or no such protokoll: answered as for staff
        minutes = _public(request, pk)
        return served(request, minutes, ProtokollVersion.Kind.PUBLIC, private=False)
    name, download_name = stored
    return pdf_response(
        ProtokollVersion.file.field.storage.open(name, "rb"),
        download_name,
        private=False,
    )
