"""Pages of the protokoll: the secretary's page during the meeting, justering, PDFs,
and the public anslagstavla. Every write is one service call."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from federation.cache import render_page
from federation.models import Person
from federation.selectors import federation_view

from . import forms, services
from .expedition import expedite_paragraph
from .frozen import (
    failed_documents,
    missing_extract,
    retry_failed_documents,
    underlag_sha256,
)
from .models import Attendance, Minutes, Paragraph, ProtokollVersion, Reservation
from .pdf import render_extract, render_protokoll
from .permissions import (
    can_approve_minutes,
    can_edit_minutes,
    can_view_minutes,
    pending_approvals,
)
from .quorum import quorum_for
from .selectors import (
    current_anslag,
    get_minutes_for_user,
    get_public_minutes,
    load_protokoll,
    newest_underlag,
    protokoll_download_name,
    protokoll_versions,
    public_minutes,
    public_pdf_file,
    stored_protokoll_version,
)
from .tasks import expedite_minutes_task


def _detail_url(request: HttpRequest, meeting_pk: int, anchor: str = "") -> str:
    url = reverse("minutes:detail", args=[request.federation.slug, meeting_pk])
    return f"{url}#{anchor}" if anchor else url


def _minutes_or_404(request: HttpRequest, meeting_pk: int) -> Minutes:
    minutes, _meeting = get_minutes_for_user(request, meeting_pk)
    if minutes is None:
        raise Http404
    return minutes


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _version_asked(request: HttpRequest) -> int | None:
    """?version=N asks for an earlier version; without it, the newest."""
    asked = request.GET.get("version", "")
    if not asked:
        return None
    if not asked.isdigit():
        raise Http404
    return int(asked)


def _being_made(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """A stored document not built yet: never rendered on request, asked again."""
    response = render(
        request, "minutes/pdf_being_made.html", {"minutes": minutes}, status=503
    )
    response["Retry-After"] = "30"
    return response


def _served(request: HttpRequest, minutes: Minutes, kind: str) -> HttpResponse:
    """The stored file of a justerat protokoll's version, or "being made"."""
    number = _version_asked(request)
    version = stored_protokoll_version(minutes, kind, number)
    if version is None:
        if (
            number is not None
            and not minutes.versions.filter(kind=kind, number=number).exists()
        ):
            raise Http404
        return _being_made(request, minutes)
    return FileResponse(
        version.file.open("rb"),
        content_type="application/pdf",
        filename=protokoll_download_name(version),
    )


def _frozen_context(minutes: Minutes, kind: str) -> dict:
    versions = protokoll_versions(minutes, kind)
    return {
        "versions": versions,
        "f": versions[0].snapshot if versions else None,
    }


@federation_view(can_view_minutes)
def detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    minutes, meeting = get_minutes_for_user(request, meeting_pk)
    can_edit = can_edit_minutes(request.user, request.federation)
    context = {"meeting": meeting, "minutes": minutes, "can_edit": can_edit}
    if minutes is not None and minutes.is_locked:
        # The page of a justerat protokoll shows its frozen version only.
        context.update(_frozen_context(minutes, ProtokollVersion.Kind.INTERNAL))
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
def start(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    _minutes, meeting = get_minutes_for_user(request, meeting_pk)
    services.start_minutes(meeting, by=request.user)
    return redirect(_detail_url(request, meeting_pk))


def _run(request: HttpRequest, call: Callable[[], object], success: str) -> None:
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


def _invalid(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@require_POST
@federation_view(can_edit_minutes)
def attendance(request: HttpRequest, meeting_pk: int, pk: int) -> HttpResponse:
    minutes = _minutes_or_404(request, meeting_pk)
    row = get_object_or_404(Attendance, pk=pk, minutes=minutes)
    form = forms.AttendanceForm(request.POST, minutes=minutes)
    if not form.is_valid():
        _invalid(request, form)
    else:
        data = form.cleaned_data

        def update() -> None:
            services.set_presence(row, is_present=data["is_present"], by=request.user)
            if row.role == Attendance.Role.ERSATTARE and data["is_present"]:
                services.set_serving(
                    row, serving_for=data["serving_for"], by=request.user
                )
            if data["is_present"] and (data["arrived_at"] or data["left_after"]):
                services.set_span(
                    row,
                    arrived_at=data["arrived_at"],
                    left_after=data["left_after"],
                    by=request.user,
                )

        _run(request, update, _("Närvaron är sparad."))
    if request.htmx:
        return detail.__wrapped__(request, meeting_pk)
    return redirect(_detail_url(request, meeting_pk, "narvaro"))


@require_POST
@federation_view(can_edit_minutes)
def minutes_action(request: HttpRequest, meeting_pk: int, action: str) -> HttpResponse:
    """The protokoll's workflow steps: §§ from the agenda, close, justerare, send."""
    minutes = _minutes_or_404(request, meeting_pk)
    by = request.user
    if action == "from_agenda":
        _run(
            request,
            lambda: services.add_paragraphs_from_agenda(minutes, by=by),
            _("The agenda items are §§ now."),
        )
    elif action == "add":
        form = forms.ParagraphForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.add_paragraph(
                    minutes, title=form.cleaned_data["title"], by=by
                ),
                _("The § is added."),
            )
        else:
            _invalid(request, form)
    elif action == "close":
        _run(
            request,
            lambda: services.close_meeting(minutes, by=by),
            _("The meeting is closed."),
        )
    elif action == "justerare":
        form = forms.JusterareForm(request.POST, minutes=minutes)
        if form.is_valid():
            data = form.cleaned_data
            _run(
                request,
                lambda: services.choose_justerare(
                    minutes,
                    persons=list(data["persons"]),
                    planned_on=data["planned_on"],
                    place=data["place"],
                    by=by,
                ),
                _("The justerare are chosen."),
            )
        else:
            _invalid(request, form)
    elif action == "send":
        _run(
            request,
            lambda: services.send_for_justering(minutes, by=by),
            _("The protokoll is sent for justering."),
        )
    elif action == "retry_builds":
        retried = retry_failed_documents(minutes, by=by)
        messages.success(
            request,
            ngettext(
                "%(count)s PDF is being made again.",
                "%(count)s PDFs are being made again.",
                retried,
            )
            % {"count": retried},
        )
    elif action == "expedite":
        if minutes.is_locked:
            expedite_minutes_task.delay_on_commit(minutes_id=minutes.pk, user_id=by.pk)
            messages.success(request, _("The protokollsutdrag are being sent."))
        else:
            messages.error(request, _("Only a justerat protokoll can be expedierat."))
    else:
        raise Http404
    return redirect(_detail_url(request, meeting_pk))


def _person(minutes: Minutes, pk: str | None) -> Person | None:
    if not pk:
        return None
    row = minutes.attendances.select_related("person").filter(person_id=pk).first()
    if row is None:
        raise ValidationError(_("Choose a person of the närvaro."))
    return row.person


PARAGRAPH_FORMS = {
    "decision": forms.DecisionForm,
    "jav": forms.JavForm,
    "yrkande": forms.YrkandeForm,
    "reservation": forms.ReservationForm,
    "note": forms.NoteForm,
    "closed_vote": forms.ClosedVoteForm,
    "correction": forms.CorrectionForm,
}


def _paragraph_call(paragraph: Paragraph, action: str, data: dict, by) -> Callable:
    person = data.get("person")
    calls = {
        "decision": lambda: services.record_decision(paragraph, by=by, **data),
        "jav": lambda: services.add_disqualification(
            paragraph,
            person=person,
            replaced_by=data["replaced_by"],
            reason=data["reason"],
            by=by,
        ),
        "yrkande": lambda: services.add_yrkande(
            paragraph, proposer=person, text=data["text"], by=by
        ),
        "reservation": lambda: services.announce_reservation(
            paragraph, person=person, motivation=data["motivation"], by=by
        ),
        "note": lambda: services.add_note(
            paragraph, person=person, text=data["text"], by=by
        ),
        "closed_vote": lambda: services.record_closed_vote(paragraph, by=by, **data),
        "correction": lambda: services.record_correction(paragraph, by=by, **data),
    }
    return calls[action]


def _form_for(action: str, minutes: Minutes, data: dict):
    form_class = PARAGRAPH_FORMS[action]
    if issubclass(form_class, forms._PersonForm):
        return form_class(data, minutes=minutes)
    return form_class(data)


@require_POST
@federation_view(can_edit_minutes)
def paragraph_action(
    request: HttpRequest, meeting_pk: int, pk: int, action: str
) -> HttpResponse:
    minutes = _minutes_or_404(request, meeting_pk)
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    by = request.user
    if action == "justera_now":
        _run(
            request,
            lambda: services.justera_immediately(paragraph, by=by),
            _("The § is omedelbart justerad."),
        )
    elif action == "remove":
        _run(
            request,
            lambda: services.remove_paragraph(paragraph, by=by),
            _("The § is removed."),
        )
        return redirect(_detail_url(request, meeting_pk))
    elif action == "expedite":
        _run(
            request,
            lambda: expedite_paragraph(paragraph, by=by),
            _("The protokollsutdrag is sent and registered in the diarium."),
        )
    elif action in PARAGRAPH_FORMS:
        form = _form_for(action, minutes, request.POST)
        if form.is_valid():
            _run(
                request,
                _paragraph_call(paragraph, action, form.cleaned_data, by),
                _("Saved."),
            )
        else:
            _invalid(request, form)
    else:
        raise Http404
    return redirect(_detail_url(request, meeting_pk, f"p{paragraph.pk}"))


@federation_view(can_edit_minutes)
def open_vote(request: HttpRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A named votering: one Ja / Nej / Avstår per member taking part in the §."""
    minutes = _minutes_or_404(request, meeting_pk)
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    voters = quorum_for(paragraph).participants
    yrkanden = list(paragraph.yrkanden.select_related("proposer"))
    form = forms.OpenVoteForm(request.POST or None, voters=voters, yrkanden=yrkanden)
    if request.method == "POST" and form.is_valid():
        by_pk = {y.pk: y for y in yrkanden}
        data = form.cleaned_data
        try:
            services.record_open_vote(
                paragraph,
                ballots=form.ballots(),
                by=request.user,
                ja_yrkande=by_pk.get(data["ja_yrkande"]),
                nej_yrkande=by_pk.get(data["nej_yrkande"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The votering is recorded."))
            return redirect(
                _detail_url(request, minutes.meeting_id, f"p{paragraph.pk}")
            )
    return render(
        request,
        "minutes/open_vote.html",
        {"form": form, "paragraph": paragraph, "meeting": minutes.meeting},
    )


@require_POST
@federation_view(can_view_minutes)
def reservation_motivation(
    request: HttpRequest, meeting_pk: int, pk: int
) -> HttpResponse:
    """The secretary adds the written motivation that came after the meeting."""
    if not can_edit_minutes(request.user, request.federation):
        raise PermissionDenied
    minutes = _minutes_or_404(request, meeting_pk)
    reservation = get_object_or_404(Reservation, pk=pk, paragraph__minutes=minutes)
    form = forms.MotivationForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.update_reservation_motivation(
                reservation, motivation=form.cleaned_data["motivation"], by=request.user
            ),
            _("Saved."),
        )
    else:
        _invalid(request, form)
    return redirect(_detail_url(request, meeting_pk, f"p{reservation.paragraph_id}"))


@require_POST
@federation_view(can_view_minutes)
def approve(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """A justerare or the ordförande justerar, logged in as themselves, with the
    password again (and the code where they have a device)."""
    minutes = _minutes_or_404(request, meeting_pk)
    form = forms.JusteringForm(request.POST, request=request)
    if form.is_valid():
        _run(
            request,
            lambda: services.approve_minutes(
                minutes,
                user=request.user,
                method=form.method,
                shown_sha256=form.cleaned_data["shown_sha256"],
            ),
            _("Thank you: your justering is recorded."),
        )
    else:
        _invalid(request, form)
    return redirect(_detail_url(request, meeting_pk, "justera-h"))


@require_POST
@federation_view(can_view_minutes)
def comment(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    minutes = _minutes_or_404(request, meeting_pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.comment_minutes(
                minutes, user=request.user, comment=form.cleaned_data["comment"]
            ),
            _("Your comment is sent to the secretary."),
        )
    else:
        _invalid(request, form)
    return redirect(_detail_url(request, meeting_pk))


@federation_view(can_view_minutes)
def protokoll_pdf(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    minutes = _minutes_or_404(request, meeting_pk)
    if minutes.is_locked:
        return _served(request, minutes, ProtokollVersion.Kind.INTERNAL)
    # A draft is no record yet: it is rendered as it stands, for the secretary.
    content = render_protokoll(minutes, public=False)
    return _pdf(content, f"protokoll-{minutes.meeting.date:%Y-%m-%d}.pdf")


@federation_view(can_view_minutes)
def underlag_pdf(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The justeringsunderlag as stored: what the justerare read and justerar."""
    minutes = _minutes_or_404(request, meeting_pk)
    underlag = newest_underlag(minutes)
    if underlag is None:
        raise Http404
    if not underlag.has_file:
        return _being_made(request, minutes)
    day = underlag.snapshot.get("date", "")
    return FileResponse(
        underlag.file.open("rb"),
        content_type="application/pdf",
        filename=f"justeringsunderlag-{day}.pdf",
    )


@federation_view(can_view_minutes)
def extract_pdf(request: HttpRequest, meeting_pk: int, pk: int) -> HttpResponse:
    minutes = _minutes_or_404(request, meeting_pk)
    paragraph = get_object_or_404(Paragraph, pk=pk, minutes=minutes)
    name = f"protokollsutdrag-{paragraph.year}-{paragraph.number}.pdf"
    if not (minutes.is_locked or paragraph.immediately_justerat_at):
        # A draft § is no record yet: rendered as it stands, for the secretary.
        return _pdf(render_extract(paragraph), name)
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
        return _being_made(request, minutes)
    return FileResponse(
        extract.file.open("rb"), content_type="application/pdf", filename=name
    )


# --- Public ---------------------------------------------------------------------


@federation_view(public=True)
def anslagstavla(request: HttpRequest) -> HttpResponse:
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
            "archive": list(public_minutes(request.federation)[:50]),
        },
        name="anslagstavla",
        params=[timezone.localdate()],
    )


@federation_view(public=True)
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_public_minutes(request.federation, pk)
    context = _frozen_context(minutes, ProtokollVersion.Kind.PUBLIC)
    if context["f"] is None:
        raise Http404  # justerat before versions were kept, and never frozen
    return render(
        request, "minutes/public_detail.html", {"minutes": minutes, **context}
    )


@federation_view(public=True)
def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored file, found through the page cache: the public's most read PDF."""
    stored = public_pdf_file(request, pk, _version_asked(request))
    if stored is None:  # being made, or no such protokoll: answered as for staff
        minutes = get_public_minutes(request.federation, pk)
        return _served(request, minutes, ProtokollVersion.Kind.PUBLIC)
    name, download_name = stored
    return FileResponse(
        ProtokollVersion.file.field.storage.open(name, "rb"),
        content_type="application/pdf",
        filename=download_name,
    )
