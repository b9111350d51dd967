"""The protokoll's workflow steps, in their order (the närvaro is in protokoll.py):
§§ from the agenda, the meeting closed, justerare chosen, sent for justering,
justerat, expedierat."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from federation.http import FederationRequest
from federation.selectors import federation_view
from minutes import forms, services
from minutes.expedition import queue_expedition
from minutes.frozen import retry_failed_documents
from minutes.permissions import (
    can_edit_minutes,
    can_read_protokoll,
    can_view_minutes,
)

from .common import detail_url, invalid, minutes_or_404, refused


@require_POST
@federation_view(can_edit_minutes)
def from_agenda(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    try:
        services.add_paragraphs_from_agenda(minutes, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The agenda items are §§ now."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def add_paragraph(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    form = forms.ParagraphForm(request.POST, new=True)
    if not form.is_valid():
        invalid(request, form)
        return redirect(detail_url(request, meeting_pk))
    try:
        services.add_paragraph(
            minutes,
            title=form.cleaned_data["title"],
            form_token=form.cleaned_data["form_token"],
            by=request.user,
        )
    except services.AlreadySaved:
        messages.info(request, _("Already saved."))
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The § is added."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def close_meeting(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    try:
        services.close_meeting(minutes, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The meeting is closed."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def choose_justerare(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    form = forms.JusterareForm(request.POST, minutes=minutes)
    if not form.is_valid():
        invalid(request, form)
        return redirect(detail_url(request, meeting_pk))
    data = form.cleaned_data
    try:
        services.choose_justerare(
            minutes,
            persons=list(data["persons"]),
            planned_on=data["planned_on"],
            place=data["place"],
            by=request.user,
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The justerare are chosen."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def send_for_justering(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    try:
        services.send_for_justering(minutes, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The minutes are sent for justering."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_view_minutes)
def approve(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """A justerare or the ordförande justerar, logged in as themselves, with the
    password again (and the code where they have a device)."""
    minutes = minutes_or_404(request, meeting_pk)
    form = forms.JusteringForm(request.POST, request=request)
    if not form.is_valid():
        invalid(request, form)
        return redirect(detail_url(request, meeting_pk, "justera-h"))
    try:
        services.approve_minutes(
            minutes,
            user=request.user,
            method=form.method,
            shown_sha256=form.cleaned_data["shown_sha256"],
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Thank you: your justering is recorded."))
    return redirect(detail_url(request, meeting_pk, "justera-h"))


@require_POST
@federation_view(can_view_minutes)
def comment(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """A justerare sends the protokoll back to the secretary with a comment."""
    minutes = minutes_or_404(request, meeting_pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        invalid(request, form)
        return redirect(detail_url(request, meeting_pk))
    try:
        services.comment_minutes(
            minutes, user=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Your comment is sent to the secretary."))
        minutes.refresh_from_db()
        if not can_read_protokoll(request.user, minutes):
            # Back with the secretary as a draft: no longer the justerare's to read.
            return redirect(
                "meetings:meeting_detail", request.federation.slug, meeting_pk
            )
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def retry_builds(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """The secretary asks again for the stored PDFs whose build failed."""
    minutes = minutes_or_404(request, meeting_pk)
    retried = retry_failed_documents(minutes, by=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s PDF is being made again.",
            "%(count)s PDFs are being made again.",
            retried,
        )
        % {"count": retried},
    )
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def expedite(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    """Protokollsutdrag of every § with an ärende, sent by a task."""
    minutes = minutes_or_404(request, meeting_pk)
    try:
        queue_expedition(minutes, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The minutes extracts are being sent."))
    return redirect(detail_url(request, meeting_pk))
