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
    ItemForm,
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
    kallade = Kallade(
        composition=composition_on(meeting.body, meeting.date), invited=invited
    )
    # services.has_unpublished_changes, without reading the version again
    pending: list[services.Change] = []
    if latest is not None:
        snapshot = services.agenda_snapshot(meeting)
        if not services.same_agenda(latest.snapshot, snapshot):
            pending = services.pending_changes(meeting, latest, snapshot) or [
                services.Change("other", _("The agenda has changed."))
            ]
    return {
        "meeting": meeting,
        "items": items,
        "bilaga_case_ids": {doc.case_id for doc in bilagor},
        "total_minutes": services.total_minutes(items),
        "ready": ready_cases_shown(meeting, search=request.GET.get("arende", "")),
        "free_form": FreeItemForm(initial={"agenda_version": meeting.agenda_version}),
        "publish_form": PublishForm(
            initial={"number": latest.number + 1 if latest else 1}
        ),
        "latest": latest,
        "versions": versions,
        "lead_days_short": services.lead_time_shortfall(meeting),
        "unpublished_changes": bool(pending),
        "pending_changes": pending,
        "kallade": kallade,
        "mailed": len({p.email for p in kallade.persons if p.email}),
        "not_mailed": len([p for p in kallade.persons if not p.email]),
        "invited_form": InvitedForm(
            initial={"invited": invited}, federation=request.federation
        ),
        "notifications": notifications_for(meeting, audience=request.user),
        "notification_choices": services.notification_choices(meeting),
        "left_out": services.left_out_bilagor(items, bilagor),
    }


def _focus_of(request: FederationRequest) -> int | None:
    """?fokus=<item id>: the row whose edit control gets the focus (htmx)."""
    value = request.GET.get("fokus", "")
    return int(value) if value.isascii() and value.isdigit() else None


@federation_view(can_manage_meetings)
def agenda(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    if request.htmx and request.htmx.target == "agenda-builder":
        # Back from an item's edit row: the builder table, the focus on its row.
        context = builder_context(request, meeting)
        context.update(focus_item=_focus_of(request), focus_control="edit")
        return render(request, "meetings/partials/agenda_answer.html", context)
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
    request: FederationRequest,
    meeting: Meeting,
    form: forms.Form,
    *,
    focus: tuple[int | None, str] = (None, ""),
    editing: ItemForm | None = None,
) -> HttpResponse:
    """After a change of the agenda, made or refused (the form's errors): htmx gets
    the builder table again, with the kallelse section out of band (what the next
    version changes) and the focus on the changed row's control (`focus`: item id
    and control, static/js/app.js); without JS, the page is reloaded."""
    errors = _error_lines(form)
    if errors and editing is None:
        messages.error(request, " ".join(errors))
    meeting.refresh_from_db()
    if request.htmx:
        context = builder_context(request, meeting)
        context["errors"] = [] if editing is not None else errors
        context["focus_item"], context["focus_control"] = focus
        if editing is not None:
            context.update(editing=editing.item_pk, edit_form=editing)
        return render(request, "meetings/partials/agenda_answer.html", context)
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_item(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = FreeItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.add_free_item(
                meeting,
                kind=data["kind"],
                title=data["title"],
                minutes=data["minutes"],
                presenter=data["presenter"],
                is_public=data["is_public"],
                note=data["note"],
                by=request.user,
                agenda_version=data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _builder_answer(request, meeting, form, focus=(item.pk, "edit"))
    return _builder_answer(request, meeting, form)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_case(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = CaseItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.add_ready_case(
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
        else:
            return _builder_answer(request, meeting, form, focus=(item.pk, "edit"))
    return _builder_answer(request, meeting, form)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@require_POST
@federation_view(can_manage_meetings)
def agenda_move(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    item = _item(meeting, item_pk)
    form = MoveForm(request.POST)
    focus: tuple[int | None, str] = (item.pk, "up")
    if form.is_valid():
        if form.cleaned_data["offset"] > 0:
            focus = (item.pk, "down")
        try:
            services.move_item(
                item,
                offset=form.cleaned_data["offset"],
                by=request.user,
                agenda_version=form.cleaned_data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return _builder_answer(request, meeting, form, focus=focus)


@require_POST
@federation_view(can_manage_meetings)
def agenda_remove(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    item = _item(meeting, item_pk)
    form = AgendaForm(request.POST)
    focus: tuple[int | None, str] = (item.pk, "edit")
    if form.is_valid():
        try:
            services.remove_item(
                item,
                by=request.user,
                agenda_version=form.cleaned_data["agenda_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The focus goes to the item that took its place (or the new last one).
            after = meeting.items.filter(position__gte=item.position).first()
            after = after or meeting.items.last()
            focus = (after.pk if after else None, "edit")
    return _builder_answer(request, meeting, form, focus=focus)


@federation_view(can_manage_meetings)
def agenda_edit_item(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    """Change an item after it was added: with htmx its row in the builder becomes
    a form; without JS a page of its own. A published kallelse keeps its version:
    the change waits for the next one."""
    meeting = get_meeting_for_user(request, pk)
    item = _item(meeting, item_pk)
    if not meeting.is_editable:
        messages.error(request, _("The agenda of a held meeting can no longer change."))
        return redirect("meetings:agenda", request.federation.slug, meeting.pk)
    form = ItemForm(request.POST or None, item=item)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_item(
                    item,
                    by=request.user,
                    agenda_version=form.cleaned_data["agenda_version"],
                    **form.changes(),
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.errors:
            if not request.htmx:
                messages.success(request, _("The item has been saved."))
            return _builder_answer(request, meeting, form, focus=(item.pk, "edit"))
        if any(e.code == "stale" for e in form.non_field_errors().as_data()):
            # Another change came first: the agenda as it is now, and why.
            return _builder_answer(request, meeting, form, focus=(item.pk, "edit"))
    if request.htmx:
        # The focus on the first field to correct, else on the title.
        first = next((name for name in form.fields if name in form.errors), "title")
        form.fields[first].widget.attrs["data-focus"] = ""
        return _builder_answer(request, meeting, form, editing=form)
    status = 400 if form.errors else 200
    return render(
        request,
        "meetings/agenda_item_edit.html",
        {"meeting": meeting, "item": item, "form": form},
        status=status,
    )


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
