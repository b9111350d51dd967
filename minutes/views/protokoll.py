"""The protokoll's page behind a login, and its PDFs."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
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
    can_read_protokoll,
    can_view_minutes,
    pending_approvals,
)
from minutes.quorum import load_attendances
from minutes.selectors import (
    edit_history,
    get_minutes_for_user,
    load_protokoll,
    newest_underlag,
)

from .common import (
    being_made,
    detail_url,
    frozen_context,
    invalid,
    minutes_or_404,
    refused,
    served,
)


@federation_view(can_view_minutes)
def detail(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    return page(request, meeting_pk)


def page(
    request: FederationRequest,
    meeting_pk: int,
    upprop_form: forms.UppropForm | None = None,
) -> HttpResponse:
    """The protokoll's page (with the upprop form as sent, when it was refused)."""
    minutes, meeting = get_minutes_for_user(request, meeting_pk)
    if minutes is not None and not can_read_protokoll(request.user, minutes):
        raise Http404
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
        if editable:
            context["upprop_form"] = upprop_form or _upprop_form(
                minutes, None, protokoll.attendances
            )
            changes = edit_history(minutes)
            for view in protokoll.paragraphs:
                # For the §'s edit panel: who changed its yrkanden and notes.
                view.paragraph.edit_history = changes.get(  # type: ignore[attr-defined]
                    view.paragraph.pk, []
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
    return render(request, "minutes/detail.html", context)


def _upprop_form(
    minutes: Minutes, data: Any, attendances: list[Attendance] | None = None
) -> forms.UppropForm:
    return forms.UppropForm(
        data,
        attendances=attendances or load_attendances(minutes),
        paragraphs=list(minutes.paragraphs.all()),
        allows_distance=services.allows_distance(minutes),
    )


@require_POST
@federation_view(can_edit_minutes)
def attendance(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """The whole upprop in one save; refused, the page shows the form as sent."""
    minutes = minutes_or_404(request, meeting_pk)
    form = _upprop_form(minutes, request.POST)
    if not form.is_valid():
        invalid(request, form)
        return page(request, meeting_pk, upprop_form=form)
    try:
        services.record_attendance(minutes, form.upprop_rows(), by=request.user)
    except ValidationError as error:
        refused(request, error)
        return page(request, meeting_pk, upprop_form=form)
    messages.success(request, _("The attendance is saved."))
    return redirect(detail_url(request, meeting_pk, "narvaro"))


@require_POST
@federation_view(can_edit_minutes)
def attendance_quorum(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """The beslutförhet line as the upprop form stands, unsaved (htmx on change)."""
    minutes = minutes_or_404(request, meeting_pk)
    form = _upprop_form(minutes, request.POST)
    errors: list[str] = []
    if not form.is_valid():
        quorum = services.quorum_now(minutes)
    else:
        quorum, errors = services.preview_quorum(minutes, form.upprop_rows())
    return render(
        request,
        "minutes/partials/quorum_line.html",
        {"quorum": quorum, "upprop_errors": errors, "preview": True},
    )


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
    minutes, _meeting = get_minutes_for_user(request, meeting_pk)
    if minutes is None:
        raise Http404
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    if not (
        paragraph.immediately_justerat_at or can_read_protokoll(request.user, minutes)
    ):
        # A § justerad at the meeting is in force now; the rest waits for the
        # protokoll's justering (permissions.can_read_protokoll).
        raise Http404
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
