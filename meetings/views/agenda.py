"""The dagordning builder: one view per change of the agenda, each answering htmx
with the builder table again and a plain form post with the page reloaded."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Document
from cases.selectors import visible_documents
from federation.http import FederationRequest
from federation.selectors import federation_view
from federation.services import composition_on
from meetings import services
from meetings.forms import (
    AgendaForm,
    CaseItemForm,
    FreeItemForm,
    InvitedForm,
    MoveForm,
    NotificationEntryForm,
    PublishForm,
)
from meetings.models import AgendaItem, Meeting
from meetings.permissions import can_manage_meetings
from meetings.selectors import (
    Kallade,
    get_meeting_for_user,
    notifications_for,
    ready_cases_shown,
)


def builder_context(request: FederationRequest, meeting: Meeting) -> dict[str, Any]:
    # The ärende's long texts are not shown here: leave them in the database.
    items = list(
        meeting.items.select_related("case").defer(
            "case__proposal", "case__description", "case__child_impact"
        )
    )
    case_ids = [i.case_id for i in items if i.case_id]
    # The handlingar a kallelse would take as bilagor (as services.agenda_snapshot).
    bilagor = list(
        visible_documents(None, request.federation)
        .filter(case_id__in=case_ids)
        .exclude(kind=Document.Kind.TJANSTESKRIVELSE)
        .order_by("date", "pk")
    )
    versions = list(meeting.kallelse_versions.all())  # newest first (Meta.ordering)
    latest = versions[0] if versions else None
    invited = list(meeting.invited.all())
    return {
        "meeting": meeting,
        "items": items,
        "bilaga_case_ids": {doc.case_id for doc in bilagor},
        "total_minutes": services.total_minutes(items),
        "ready": ready_cases_shown(meeting, search=request.GET.get("arende", "")),
        "free_form": FreeItemForm(initial={"agenda_version": meeting.agenda_version}),
        "publish_form": PublishForm(),
        "latest": latest,
        "versions": versions,
        "lead_days_short": services.lead_time_shortfall(meeting),
        # services.has_unpublished_changes, without reading the version again
        "unpublished_changes": latest is not None
        and latest.snapshot != services.agenda_snapshot(meeting),
        "kallade": Kallade(
            composition=composition_on(meeting.body, meeting.date), invited=invited
        ),
        "invited_form": InvitedForm(
            initial={"invited": invited}, federation=request.federation
        ),
        "notifications": notifications_for(meeting, audience=request.user),
        "notification_choices": services.notification_choices(meeting),
        "left_out": services.left_out_bilagor(items, bilagor),
    }


@federation_view(can_manage_meetings)
def agenda(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    if request.htmx and request.htmx.target == "ready-cases":
        # The search among the ready ärenden: only the list is replaced.
        ready = ready_cases_shown(meeting, search=request.GET.get("arende", ""))
        return render(
            request,
            "meetings/partials/agenda_ready_cases.html",
            {"meeting": meeting, "ready": ready},
        )
    return render(request, "meetings/agenda.html", builder_context(request, meeting))


def _error_lines(form: forms.Form) -> list[str]:
    """The form's errors as the builder tells them: a field's after its label."""
    lines: list[str] = []
    for name, errors in form.errors.items():
        texts = [str(error) for error in errors]
        if name == NON_FIELD_ERRORS:
            lines.extend(texts)
        else:
            lines.append(f"{form.fields[name].label or name}: {' '.join(texts)}")
    return lines


def _builder_answer(
    request: FederationRequest, meeting: Meeting, form: forms.Form
) -> HttpResponse:
    """After a change of the agenda, made or refused (the form's errors): htmx gets
    the builder table again; without JS, the page is reloaded."""
    errors = _error_lines(form)
    if errors:
        messages.error(request, " ".join(errors))
    meeting.refresh_from_db()
    if request.htmx:
        context = builder_context(request, meeting)
        context["errors"] = errors
        return render(request, "meetings/partials/agenda_table.html", context)
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_item(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = FreeItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_free_item(
                meeting,
                kind=data["kind"],
                title=data["title"],
                minutes=data["minutes"],
                presenter=data["presenter"],
                is_public=data["is_public"],
                by=request.user,
                agenda_version=data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_case(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = CaseItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_ready_case(
                meeting,
                case_id=data["case"],
                kind=data["kind"],
                minutes=data["minutes"],
                presenter=data["presenter"],
                by=request.user,
                agenda_version=data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@require_POST
@federation_view(can_manage_meetings)
def agenda_move(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    item = _item(meeting, item_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_item(
                item,
                offset=form.cleaned_data["offset"],
                by=request.user,
                agenda_version=form.cleaned_data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form)


@require_POST
@federation_view(can_manage_meetings)
def agenda_remove(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    item = _item(meeting, item_pk)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            services.remove_item(
                item,
                by=request.user,
                agenda_version=form.cleaned_data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form)


@require_POST
@federation_view(can_manage_meetings)
def notification_entry(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = NotificationEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.choose_notification(
                meeting,
                kind=data["kind"],
                object_id=data["object_id"],
                include=data["include"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form)


@require_POST
@federation_view(can_manage_meetings)
def agenda_invited(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = InvitedForm(request.POST, federation=request.federation)
    if not form.is_valid():
        messages.error(request, _("Choose persons of the federation."))
        return redirect("meetings:agenda", request.federation.slug, meeting.pk)
    try:
        services.set_invited(
            meeting, persons=list(form.cleaned_data["invited"]), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invited officials have been saved."))
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)
