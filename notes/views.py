"""The author's notes: the part on an ärende or a handling (loaded per request by
htmx, never inside a cached page), the list of one's own notes and its export.

Every answer is `never_cache` (private, no-store): a note is in no shared cache,
no proxy and no back-forward copy another reader of the device could open."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.models import Document
from federation.http import FederationRequest
from federation.selectors import federation_view
from meetings.models import AgendaItem, Meeting
from meetings.permissions import can_view_meetings
from meetings.selectors import get_meeting_document_for_user, get_meeting_for_user

from . import export, services
from .forms import NoteForm, RetentionForm
from .models import PersonalNote
from .permissions import can_set_note_retention, note_person
from .selectors import get_note_for_author, notes_of, retention_days


def _target_url(
    request: FederationRequest, item: AgendaItem, document: Document | None
) -> str:
    slug = request.federation.slug
    if document is not None:
        return reverse("notes:document", args=[slug, item.meeting_id, document.pk])
    return reverse("notes:item", args=[slug, item.meeting_id, item.pk])


def _answer(
    request: FederationRequest,
    meeting: Meeting,
    item: AgendaItem,
    document: Document | None,
    form: NoteForm | None = None,
) -> HttpResponse:
    """The notes of the reader on the item (or the document), with the form; nothing
    for a reader who may not write notes there."""
    may_write = note_person(request.user, meeting.body) is not None
    notes = notes_of(request.user, request.federation).filter(agenda_item=item)
    notes = notes.filter(document=document) if document else notes.filter(document=None)
    context: dict[str, Any] = {
        "meeting": meeting,
        "item": item,
        "document": document,
        "notes": list(notes),
        "may_write": may_write,
        "form": form or NoteForm(with_page=document is not None),
        "url": _target_url(request, item, document),
    }
    if request.htmx:
        return render(request, "notes/partials/notes.html", context)
    return render(request, "notes/notes_page.html", context)


def _post(
    request: FederationRequest,
    meeting: Meeting,
    item: AgendaItem,
    document: Document | None,
) -> HttpResponse:
    form: NoteForm | None = NoteForm(request.POST, with_page=document is not None)
    if form is not None and form.is_valid():
        try:
            services.write_note(
                item,
                by=request.user,
                text=form.cleaned_data["text"],
                document=document,
                page=form.cleaned_data.get("page"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("The note has been saved."))
                return redirect(_target_url(request, item, document))
            form = None
    return _answer(request, meeting, item, document, form)


@never_cache
@federation_view(can_view_meetings)
def item_notes(request: FederationRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    if request.method == "POST":
        return _post(request, meeting, item, None)
    return _answer(request, meeting, item, None)


@never_cache
@federation_view(can_view_meetings)
def document_notes(
    request: FederationRequest, pk: int, document_pk: int
) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    document = get_meeting_document_for_user(request, meeting, document_pk)
    item = (
        meeting.items.filter(case__isnull=False, case=document.case_id)
        .order_by("position")
        .first()
    )
    if item is None:
        raise Http404
    if request.method == "POST":
        return _post(request, meeting, item, document)
    return _answer(request, meeting, item, document)


def _back(request: FederationRequest, note: PersonalNote) -> str:
    return _target_url(request, note.agenda_item, note.document)


@never_cache
@federation_view(can_view_meetings)
def edit_note(request: FederationRequest, pk: int) -> HttpResponse:
    note = get_note_for_author(request.user, request.federation, pk)
    form = NoteForm(
        request.POST or None,
        with_page=note.document_id is not None,
        initial={"text": note.text, "page": note.page},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_note(
                note,
                by=request.user,
                text=form.cleaned_data["text"],
                page=form.cleaned_data.get("page"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect(_back(request, note))
    return render(
        request,
        "notes/note_edit.html",
        {"note": note, "form": form, "back": _back(request, note)},
    )


@never_cache
@require_POST
@federation_view(can_view_meetings)
def remove_note(request: FederationRequest, pk: int) -> HttpResponse:
    note = get_note_for_author(request.user, request.federation, pk)
    item, document = note.agenda_item, note.document
    services.delete_note(note, by=request.user)
    if request.htmx:
        return _answer(request, item.meeting, item, document)
    messages.success(request, _("The note has been deleted."))
    return redirect(_target_url(request, item, document))


@never_cache
@federation_view(can_view_meetings)
def my_notes(request: FederationRequest) -> HttpResponse:
    notes = export.rows_of(notes_of(request.user, request.federation))
    return render(
        request,
        "notes/my_notes.html",
        {"notes": notes, "retention_days": retention_days(request.federation)},
    )


@never_cache
@federation_view(can_view_meetings)
def export_notes(request: FederationRequest, fmt: str) -> HttpResponse:
    """The reader's own notes, and nobody else's, as CSV, Excel or text."""
    if fmt not in export.FORMATS:
        raise Http404
    rows = export.rows_of(notes_of(request.user, request.federation))
    content, content_type = export.render(rows, fmt)
    response = HttpResponse(content, content_type=content_type)
    name = f"mina-anteckningar-{request.federation.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@federation_view(can_set_note_retention)
def note_settings(request: FederationRequest) -> HttpResponse:
    form = RetentionForm(
        request.POST or None,
        initial={"retention_days": retention_days(request.federation)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_retention(
                request.federation,
                days=form.cleaned_data["retention_days"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The retention has been saved."))
            return redirect("notes:settings", request.federation.slug)
    return render(request, "notes/settings.html", {"form": form})
