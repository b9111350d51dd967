"""What the protokoll's views share: the row getters, the answers of a step, the
stored PDFs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.http import pdf_response
from federation.http import FederationRequest, PublicRequest
from minutes.models import Minutes, Paragraph
from minutes.permissions import can_read_protokoll
from minutes.selectors import (
    get_minutes_for_user,
    protokoll_download_name,
    protokoll_versions,
    stored_protokoll_version,
)


def detail_url(
    request: FederationRequest | PublicRequest, meeting_pk: int, anchor: str = ""
) -> str:
    url = reverse("minutes:detail", args=[request.federation.slug, meeting_pk])
    return f"{url}#{anchor}" if anchor else url


def minutes_or_404(request: FederationRequest, meeting_pk: int) -> Minutes:
    """The protokoll of a meeting the user may see in this förbund, or 404; before
    it is justerat only for its writers and approvers (can_read_protokoll)."""
    minutes, _meeting = get_minutes_for_user(request, meeting_pk)
    if minutes is None or not can_read_protokoll(request.user, minutes):
        raise Http404
    return minutes


def paragraph_or_404(request: FederationRequest, meeting_pk: int, pk: int) -> Paragraph:
    """A § of that protokoll, or 404."""
    minutes = minutes_or_404(request, meeting_pk)
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    paragraph.minutes = minutes  # read already: the form and the service use it
    return paragraph


def refused(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal, shown on the protokoll's page."""
    for message in error.messages:
        messages.error(request, message)


def invalid(request: HttpRequest, form: Form) -> None:
    """A form's errors, shown on the protokoll's page with the field they belong to."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def version_asked(request: HttpRequest) -> int | None:
    """?version=N asks for an earlier version; without it, the newest."""
    asked = request.GET.get("version", "")
    if not asked:
        return None
    if not (asked.isascii() and asked.isdigit()):  # "²" is a digit int() refuses
        raise Http404
    return int(asked)


def being_made(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """A stored document not built yet: never rendered on request, asked again."""
    response = render(
        request, "minutes/pdf_being_made.html", {"minutes": minutes}, status=503
    )
    response["Retry-After"] = "30"
    return response


def served(
    request: HttpRequest, minutes: Minutes, kind: str, *, private: bool = True
) -> HttpResponseBase:
    """The stored file of a justerat protokoll's version, or "being made"."""
    number = version_asked(request)
    version = stored_protokoll_version(minutes, kind, number)
    if version is None:
        if (
            number is not None
            and not minutes.versions.filter(kind=kind, number=number).exists()
        ):
            raise Http404
        return being_made(request, minutes)
    return pdf_response(
        version.file.open("rb"), protokoll_download_name(version), private=private
    )


def frozen_context(minutes: Minutes, kind: str) -> dict:
    versions = protokoll_versions(minutes, kind)
    return {
        "versions": versions,
        "f": versions[0].snapshot if versions else None,
    }
