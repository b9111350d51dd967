"""The meeting list, a new meeting, a body's meeting settings, Mina sammanträden and
the meeting page the kallade read."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Document
from cases.selectors import visible_documents
from federation.cache import render_page
from federation.http import FederationRequest
from federation.models import Body, Person
from federation.selectors import federation_view
from inbox.services import mark_read_at, record_opening
from meetings import services
from meetings.forms import BodyMeetingSettingsForm, MeetingForm
from meetings.models import Meeting
from meetings.permissions import (
    can_manage_meetings,
    can_view_meeting_list,
    can_view_meetings,
)
from meetings.reading import fill_markers, unread_markers
from meetings.selectors import (
    calendar_token_of,
    get_meeting_for_user,
    may_see_meeting,
    meetings_for_user,
    my_meetings,
)


@federation_view(can_view_meeting_list)
def meeting_list(request: FederationRequest) -> HttpResponse:
    meetings = meetings_for_user(request.user, request.federation).order_by("-date")
    can_manage = can_manage_meetings(request.user, request.federation)
    form = MeetingForm(federation=request.federation) if can_manage else None
    bodies = request.federation.bodies.exclude(kind=Body.Kind.EXTERNAL)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings,
            "form": form,
            "can_manage": can_manage,
            "bodies": bodies if can_manage else [],
        },
    )


@require_POST
@federation_view(can_manage_meetings)
def meeting_create(request: FederationRequest) -> HttpResponse:
    form = MeetingForm(request.POST, federation=request.federation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting(
                data["body"],
                date=data["date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("meetings:agenda", request.federation.slug, meeting.pk)
    meetings = meetings_for_user(request.user, request.federation)
    return render(
        request,
        "meetings/meeting_list.html",
        {"meetings": meetings, "form": form, "can_manage": True},
        status=400,
    )


@federation_view(can_manage_meetings)
def body_settings(request: FederationRequest, body_pk: int) -> HttpResponse:
    """The standard items and usual place of one body's new meetings."""
    body = get_object_or_404(Body, pk=body_pk, federation=request.federation)
    current = services.meeting_settings_for(body)
    form = BodyMeetingSettingsForm(
        request.POST or None,
        initial={
            "standard_items": current.standard_items,
            "default_place": current.default_place,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_body_meetings(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("meetings:meeting_list", request.federation.slug)
    return render(request, "meetings/body_settings.html", {"body": body, "form": form})


# --- Reading: politicians and staff ---


@federation_view(can_view_meetings)
def my_meetings_view(request: FederationRequest) -> HttpResponse:
    meetings = list(my_meetings(request.user, request.federation).order_by("date"))
    today = timezone.localdate()
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "coming": [m for m in meetings if m.date >= today],
            "past": [m for m in reversed(meetings) if m.date < today],
            "token": calendar_token_of(request.user, request.federation),
            "has_person": Person.objects.filter(
                federation=request.federation, user=request.user
            ).exists(),
        },
    )


def _reading_context(request: FederationRequest, meeting: Meeting) -> dict[str, Any]:
    """The agenda with each ärende's tjänsteskrivelse as text (the sections of
    cases.pdf.tjansteskrivelse_context: its beslutsunderlag among the handlingar the
    viewer may see) and the documents the viewer may see.

    Six queries whatever the number of items and documents.
    """
    visible = visible_documents(request.user, request.federation)
    items = list(
        meeting.items.select_related("case")
        .prefetch_related(
            "case__recipient_members",
            "case__recipient_bodies",
            Prefetch(
                "case__basis_documents",
                queryset=visible.order_by("date", "pk").only("pk", "title"),
                to_attr="visible_basis",
            ),
        )
        .order_by("position", "pk")
    )
    case_ids = [i.case_id for i in items if i.case_id]
    documents: dict[int | None, list[Document]] = {}
    for doc in (
        visible.filter(case_id__in=case_ids)
        .exclude(file="")
        .order_by("date", "pk")
        .only("pk", "title", "kind", "case_id", "page_count", "is_secret")
    ):
        documents.setdefault(doc.case_id, []).append(doc)
    for item in items:
        item.documents = documents.get(item.case_id, [])
    return {"meeting": meeting, "items": items, "total": services.total_minutes(items)}


@federation_view(can_view_meetings)
def meeting_detail(request: FederationRequest, pk: int) -> HttpResponse:
    """The meeting page: its content rendered once per audience (the same roles in
    the förbund) until the förbund's data changes (federation.cache)."""
    if not may_see_meeting(request, pk):
        raise Http404
    # Per request, outside the cached part: the secretariat's deadline warnings
    # depend on the reader's roles and on the day, not on the förbund's data.
    notices = render_to_string(
        "meetings/partials/meeting_notices.html", {"meeting_id": pk}, request
    )
    response = render_page(
        request,
        "meetings/partials/meeting_page.html",
        lambda: _detail_context(request, pk),
        name="meeting",
        params=[pk],
        notices=notices,
    )
    # The reader's own, after the cached part (meetings.reading): Oläst, and Nytt's
    # items about this meeting read.
    since = record_opening(request.user, pk)
    fill_markers(response, unread_markers(request, pk, since))
    mark_read_at(request.user, request.federation, request.path)
    return response


def _detail_context(request: FederationRequest, pk: int) -> dict[str, Any]:
    meeting = get_meeting_for_user(request, pk)
    versions = list(meeting.kallelse_versions.all())  # newest first
    stored = [v for v in versions if v.has_file]
    latest = versions[0] if versions else None
    return {
        **_reading_context(request, meeting),
        "title": f"{meeting.body.name} {meeting.date:%Y-%m-%d}",
        "version": latest,
        # What the latest kompletterande version changed, for the kallade to read.
        "changes": services.kallelse_changes(latest) if latest else [],
        # While a new version is made the last stored one is served.
        "stored": stored[0] if stored else None,
        "earlier": stored[1:],
        "can_manage": can_manage_meetings(request.user, request.federation),
    }
