"""The förbund's public anslagstavla and its justerade protokoll."""

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import pdf_response
from federation.cache import render_page
from federation.http import PublicRequest
from federation.selectors import federation_view
from minutes.models import ProtokollVersion
from minutes.permissions import can_edit_minutes
from minutes.selectors import (
    current_anslag,
    get_public_minutes,
    public_minutes,
    public_pdf_file,
)

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
            "anslag": list(current_anslag(request.federation)),
            "archive": list(public_minutes(request.federation)[:ARCHIVE_SHOWN]),
            "can_post": can_edit_minutes(request.user, request.federation),
        },
        name="anslagstavla",
        params=[timezone.localdate()],
    )


@federation_view(public=True)
def public_detail(request: PublicRequest, pk: int) -> HttpResponse:
    minutes = get_public_minutes(request.federation, pk)
    context = frozen_context(minutes, ProtokollVersion.Kind.PUBLIC)
    if context["f"] is None:
        raise Http404  # justerat before versions were kept, and never frozen
    return render(
        request, "minutes/public_detail.html", {"minutes": minutes, **context}
    )


@federation_view(public=True)
def public_pdf(request: PublicRequest, pk: int) -> HttpResponseBase:
    """The stored file, found through the page cache: the public's most read PDF."""
    stored = public_pdf_file(request, pk, version_asked(request))
    if stored is None:  # being made, or no such protokoll: answered as for staff
        minutes = get_public_minutes(request.federation, pk)
        return served(request, minutes, ProtokollVersion.Kind.PUBLIC, private=False)
    name, download_name = stored
    return pdf_response(
        ProtokollVersion.file.field.storage.open(name, "rb"),
        download_name,
        private=False,
    )
