from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Document
from cases.permissions import can_see_secret
from cases.selectors import file_refusal, visible_documents
from core.documents import retry_failed_build
from federation.cache import render_page
from federation.models import Body, Person
from federation.selectors import federation_view
from federation.services import composition_on

from . import services
from .calendar import calendar_for
from .forms import (
    BodyMeetingSettingsForm,
    CaseItemForm,
    FreeItemForm,
    InvitedForm,
    MeetingForm,
    MoveForm,
    NotificationEntryForm,
    PublishForm,
)
from .models import AgendaItem, CalendarToken, KallelseVersion, Meeting
from .permissions import can_manage_meetings, can_view_meeting_list, can_view_meetings
from .selectors import (
    Kallade,
    get_meeting_for_user,
    has_newly_secret_documents,
    may_see_meeting,
    meetings_for_user,
    my_meetings,
    notifications_for,
    ready_cases,
    ready_cases_shown,
)


@federation_view(can_view_meeting_list)
def meeting_list(request: HttpRequest) -> HttpResponse:
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
def meeting_create(request: HttpRequest) -> HttpResponse:
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


# --- The dagordning builder ---


def _builder_context(request: HttpRequest, meeting: Meeting) -> dict:
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


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body__federation"),
        pk=pk,
        body__federation=request.federation,
    )


@federation_view(can_manage_meetings)
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if request.htmx and request.htmx.target == "ready-cases":
        # The search among the ready ärenden: only the list is replaced.
        ready = ready_cases_shown(meeting, search=request.GET.get("arende", ""))
        return render(
            request,
            "meetings/partials/agenda_ready_cases.html",
            {"meeting": meeting, "ready": ready},
        )
    return render(request, "meetings/agenda.html", _builder_context(request, meeting))


def _after_agenda_change(
    request: HttpRequest, meeting: Meeting, error: ValidationError | None = None
) -> HttpResponse:
    """htmx gets the builder table again; without JS, the page is reloaded."""
    if error is not None:
        messages.error(request, " ".join(error.messages))
    meeting.refresh_from_db()
    if request.htmx:
        context = _builder_context(request, meeting)
        context["errors"] = error.messages if error else []
        return render(request, "meetings/partials/agenda_table.html", context)
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


def _agenda_change(request: HttpRequest, pk: int, form_class, action) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = form_class(request.POST)
    error = None
    if not form.is_valid():
        error = ValidationError(
            [
                f"{form.fields[name].label or name}: {' '.join(errs)}"
                if name != "__all__"
                else " ".join(errs)
                for name, errs in form.errors.items()
            ]
        )
    else:
        try:
            action(meeting, form.cleaned_data)
        except ValidationError as caught:
            error = caught
    return _after_agenda_change(request, meeting, error)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_item(request: HttpRequest, pk: int) -> HttpResponse:
    def action(meeting: Meeting, data: dict) -> None:
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

    return _agenda_change(request, pk, FreeItemForm, action)


@require_POST
@federation_view(can_manage_meetings)
def agenda_add_case(request: HttpRequest, pk: int) -> HttpResponse:
    def action(meeting: Meeting, data: dict) -> None:
        case = ready_cases(meeting).filter(pk=data["case"]).first()
        if case is None:
            raise ValidationError(_("The ärende is not ready for decision."))
        services.add_case_item(
            meeting,
            case=case,
            kind=data["kind"],
            minutes=data["minutes"],
            presenter=data["presenter"],
            by=request.user,
            agenda_version=data["agenda_version"],
        )

    return _agenda_change(request, pk, CaseItemForm, action)


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@require_POST
@federation_view(can_manage_meetings)
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    def action(meeting: Meeting, data: dict) -> None:
        services.move_item(
            _item(meeting, item_pk),
            offset=data["offset"],
            by=request.user,
            agenda_version=data["agenda_version"],
        )

    return _agenda_change(request, pk, MoveForm, action)


@require_POST
@federation_view(can_manage_meetings)
def agenda_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    from .forms import AgendaForm

    def action(meeting: Meeting, data: dict) -> None:
        services.remove_item(
            _item(meeting, item_pk),
            by=request.user,
            agenda_version=data["agenda_version"],
        )

    return _agenda_change(request, pk, AgendaForm, action)


@require_POST
@federation_view(can_manage_meetings)
def notification_entry(request: HttpRequest, pk: int) -> HttpResponse:
    def action(meeting: Meeting, data: dict) -> None:
        services.choose_notification(
            meeting,
            kind=data["kind"],
            object_id=data["object_id"],
            include=data["include"],
            by=request.user,
        )

    return _agenda_change(request, pk, NotificationEntryForm, action)


@require_POST
@federation_view(can_manage_meetings)
def agenda_invited(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = InvitedForm(request.POST, federation=request.federation)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose persons of the förbund."))
        services.set_invited(
            meeting, persons=list(form.cleaned_data["invited"]), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invited officials have been saved."))
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


@federation_view(can_manage_meetings)
def body_settings(request: HttpRequest, body_pk: int) -> HttpResponse:
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


@require_POST
@federation_view(can_manage_meetings)
def retry_kallelse(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A kallelse version whose PDF failed is made again when the secretary asks."""
    meeting = _managed_meeting(request, pk)
    version = get_object_or_404(KallelseVersion, meeting=meeting, number=number)
    if retry_failed_build(version, by=request.user):
        messages.success(request, _("The kallelse PDF is being made again."))
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


@require_POST
@federation_view(can_manage_meetings)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        version = services.publish_kallelse(
            meeting,
            by=request.user,
            late_reason=form.cleaned_data.get("late_reason", ""),
            change_note=form.cleaned_data.get("change_note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s of the kallelse is published; its PDF is on its way.")
            % {"number": version.number},
        )
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)


# --- Reading: politicians and staff ---


@federation_view(can_view_meetings)
def my_meetings_view(request: HttpRequest) -> HttpResponse:
    meetings = list(my_meetings(request.user, request.federation).order_by("date"))
    today = timezone.localdate()
    token = CalendarToken.objects.filter(
        person__federation=request.federation,
        person__user=request.user,
        revoked_at__isnull=True,
    ).first()
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "coming": [m for m in meetings if m.date >= today],
            "past": [m for m in reversed(meetings) if m.date < today],
            "token": token,
            "has_person": Person.objects.filter(
                federation=request.federation, user=request.user
            ).exists(),
        },
    )


def _reading_context(request: HttpRequest, meeting: Meeting) -> dict:
    """The agenda with förslag till beslut and the documents the viewer may see.

    Three queries whatever the number of items and documents.
    """
    items = list(meeting.items.select_related("case").order_by("position", "pk"))
    case_ids = [i.case_id for i in items if i.case_id]
    documents: dict[int, list[Document]] = {}
    for doc in (
        visible_documents(request.user, request.federation)
        .filter(case_id__in=case_ids)
        .exclude(file="")
        .order_by("date", "pk")
        .only("pk", "title", "kind", "case_id", "page_count", "is_secret")
    ):
        documents.setdefault(doc.case_id, []).append(doc)
    for item in items:
        item.documents = documents.get(item.case_id, [])
    return {"meeting": meeting, "items": items, "total": services.total_minutes(items)}


@federation_view(can_view_meetings)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting page: its content rendered once per audience (the same roles in
    the förbund) until the förbund's data changes (federation.cache)."""
    if not may_see_meeting(request, pk):
        raise Http404
    # Per request, outside the cached part: the secretariat's deadline warnings
    # depend on the reader's roles and on the day, not on the förbund's data.
    notices = render_to_string(
        "meetings/partials/meeting_notices.html", {"meeting_id": pk}, request
    )
    return render_page(
        request,
        "meetings/partials/meeting_page.html",
        lambda: _detail_context(request, pk),
        name="meeting",
        params=[pk],
        notices=notices,
    )


def _detail_context(request: HttpRequest, pk: int) -> dict:
    meeting = get_meeting_for_user(request, pk)
    versions = list(meeting.kallelse_versions.all())  # newest first
    stored = [v for v in versions if v.has_file]
    return {
        **_reading_context(request, meeting),
        "title": f"{meeting.body.name} {meeting.date:%Y-%m-%d}",
        "version": versions[0] if versions else None,
        # While a new version is made the last stored one is served.
        "stored": stored[0] if stored else None,
        "earlier": stored[1:],
        "can_manage": can_manage_meetings(request.user, request.federation),
    }


@federation_view(can_view_meetings)
def kallelse_pdf(request: HttpRequest, pk: int, number: int) -> FileResponse:
    meeting = get_meeting_for_user(request, pk)
    version = get_object_or_404(
        KallelseVersion.objects.stored(), meeting=meeting, number=number
    )
    if not can_see_secret(
        request.user, request.federation
    ) and has_newly_secret_documents(version):
        return render(
            request,
            "meetings/kallelse_withdrawn.html",
            {"meeting": meeting},
            status=410,
        )
    name = f"kallelse-{meeting.body.short_name}-{meeting.date:%Y-%m-%d}-v{number}.pdf"
    return FileResponse(
        version.file.open("rb"), content_type="application/pdf", filename=name
    )


@federation_view(can_view_meetings)
def meeting_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A handling of an ärende on the agenda, opened in the browser."""
    meeting = get_meeting_for_user(request, pk)
    document = (
        visible_documents(request.user, request.federation)
        .filter(pk=document_pk, case__agenda_items__meeting=meeting)
        .exclude(file="")
        .first()
    )
    if document is None:
        raise Http404
    # Stored under older rules, a file failing today's check is not handed to
    # readers, as it is left out of the kallelse (the diarium serves it to staff).
    reason = file_refusal(document)
    if reason:
        context = {"document": document, "reason": reason}
        return render(request, "cases/file_refused.html", context, status=403)
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=document.file.name.rsplit("/", 1)[-1],
    )


# --- Calendar feeds ---


@require_POST
@federation_view(can_view_meetings)
def calendar_token_issue(request: HttpRequest) -> HttpResponse:
    person = get_object_or_404(Person, federation=request.federation, user=request.user)
    services.issue_calendar_token(person, by=request.user)
    messages.success(request, _("Your calendar address is ready. Keep it to yourself."))
    return redirect("meetings:my_meetings", request.federation.slug)


@require_POST
@federation_view(can_view_meetings)
def calendar_token_revoke(request: HttpRequest) -> HttpResponse:
    for token in CalendarToken.objects.filter(
        person__federation=request.federation,
        person__user=request.user,
        revoked_at__isnull=True,
    ):
        services.revoke_calendar_token(token, by=request.user)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("meetings:my_meetings", request.federation.slug)


@federation_view(public=True)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's meetings as iCalendar; the secret in the URL is the credential."""
    found = (
        CalendarToken.objects.select_related("person__federation")
        .filter(
            token=token, revoked_at__isnull=True, person__federation=request.federation
        )
        .first()
    )
    if found is None:
        raise Http404
    meetings = (
        Meeting.objects.of_federation(request.federation.pk)
        .for_person([found.person_id])
        .select_related("body")
        .prefetch_related(Prefetch("kallelse_versions"))
    )
    body = calendar_for(found.person, meetings, request.federation)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
