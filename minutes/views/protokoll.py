"""The protokoll's page behind a login, and its PDFs."""

from typing import Any

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view
from minutes import forms, services
from minutes.frozen import failed_documents, missing_extract, underlag_sha256
from minutes.models import Attendance, Minutes, Paragraph, ProtokollVersion
from minutes.pdf import render_extract, render_protokoll
from minutes.permissions import (
    can_approve_minutes,
    can_edit_minutes,
    can_view_minutes,
    pending_approvals,
)
from minutes.selectors import get_minutes_for_user, load_protokoll, newest_underlag

from .common import (
    being_made,
    detail_url,
    frozen_context,
    minutes_or_404,
    served,
)


@federation_view(can_view_minutes)
def detail(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    return page(request, meeting_pk)


def page(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """The protokoll's page, or its närvaro alone for htmx (after a närvaro step)."""
    minutes, meeting = get_minutes_for_user(request, meeting_pk)
    can_edit = can_edit_minutes(request.user, request.federation)
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": minutes,
        "can_edit": can_edit,
    }
    if minutes is not None and minutes.is_locked:
        # The page of a justerat protokoll shows its frozen version only.
        context.update(frozen_context(minutes, ProtokollVersion.Kind.INTERNAL))
        if can_edit:
            context["failed"] = failed_documents(minutes)
        return render(request, "minutes/frozen_detail.html", context)
    if minutes is not None:
        protokoll = load_protokoll(minutes)
        editable = can_edit and minutes.status == Minutes.Status.DRAFT
        context.update(
            p=protokoll,
            editable=editable,
            can_approve=can_approve_minutes(request.user, minutes, protokoll.approvals),
            own_approvals=pending_approvals(request.user, protokoll.approvals),
            ersattare=[
                a for a in protokoll.attendances if a.role == Attendance.Role.ERSATTARE
            ],
            absent_seats=protokoll.groups["absent"],
        )
        underlag = None
        if minutes.status == Minutes.Status.SENT:
            underlag = newest_underlag(minutes)
            # Sent before underlag were kept, or changed since (a name in the
            # register): it must be sent again before anyone can justera it.
            context["must_send_again"] = (
                underlag is None or underlag.content_sha256 != underlag_sha256(minutes)
            )
            context["underlag"] = underlag
        if (
            context["can_approve"]
            and underlag is not None
            and underlag.has_file
            and not context["must_send_again"]
        ):
            # What is justerat is the stored underlag: its sha256 is sent back.
            context["justering_form"] = forms.JusteringForm(
                request=request, initial={"shown_sha256": underlag.sha256}
            )
        if editable:
            context["justerare_form"] = forms.JusterareForm(
                minutes=minutes,
                initial={
                    "persons": [a.person_id for a in protokoll.justerare],
                    "planned_on": minutes.justering_planned_on,
                    "place": minutes.justering_place,
                },
            )
    template = (
        "minutes/partials/attendance.html" if request.htmx else "minutes/detail.html"
    )
    return render(request, template, context)


@require_POST
@federation_view(can_edit_minutes)
def start(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    _minutes, meeting = get_minutes_for_user(request, meeting_pk)
    services.start_minutes(meeting, by=request.user)
    return redirect(detail_url(request, meeting_pk))


@federation_view(can_view_minutes)
def protokoll_pdf(request: FederationRequest, meeting_pk: int) -> HttpResponseBase:
    minutes = minutes_or_404(request, meeting_pk)
    if minutes.is_locked:
        return served(request, minutes, ProtokollVersion.Kind.INTERNAL)
    # A draft is no record yet: it is rendered as it stands, for the secretary.
    content = render_protokoll(minutes, public=False)
    return pdf_response(content, f"protokoll-{minutes.meeting.date:%Y-%m-%d}.pdf")


@federation_view(can_view_minutes)
def underlag_pdf(request: FederationRequest, meeting_pk: int) -> HttpResponseBase:
    """The justeringsunderlag as stored: what the justerare read and justerar."""
    minutes = minutes_or_404(request, meeting_pk)
    underlag = newest_underlag(minutes)
    if underlag is None:
        raise Http404
    if not underlag.has_file:
        return being_made(request, minutes)
    day = underlag.snapshot.get("date", "")
    return pdf_response(underlag.file.open("rb"), f"justeringsunderlag-{day}.pdf")


@federation_view(can_view_minutes)
def extract_pdf(
    request: FederationRequest, meeting_pk: int, pk: int
) -> HttpResponseBase:
    minutes = minutes_or_404(request, meeting_pk)
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    name = f"protokollsutdrag-{paragraph.year}-{paragraph.number}.pdf"
    if not (minutes.is_locked or paragraph.immediately_justerat_at):
        # A draft § is no record yet: rendered as it stands, for the secretary.
        return pdf_response(render_extract(paragraph), name)
    extract = paragraph.extracts.order_by("-number").first()
    if extract is None:
        # Justerat before utdrag were kept: cut from the frozen protokoll once.
        extract = missing_extract(paragraph, by=None)
    if extract is None:
        raise Http404
    if extract.build_status == extract.BuildStatus.FAILED:
        return render(
            request, "minutes/pdf_failed.html", {"minutes": minutes}, status=500
        )
    if not extract.has_file:
        return being_made(request, minutes)
    return pdf_response(extract.file.open("rb"), name)
