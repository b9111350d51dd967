"""The arvodesunderlag page and its exports, and the rättelse of närvaro."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from federation.http import FederationRequest
from federation.models import Member, Person
from federation.selectors import federation_view

from . import export, selectors, services
from .forms import AttendanceCorrectionForm, PeriodForm
from .permissions import can_correct_attendance, can_view_arvode


def _period(
    request: FederationRequest,
) -> tuple[PeriodForm, datetime.date, Member | None]:
    """The month and member asked for; an unreadable month is this month, with the
    form's message."""
    form = PeriodForm(request.GET, members=selectors.members_of(request.federation))
    month = member = None
    if form.is_valid():
        month, member = form.cleaned_data["month"], form.cleaned_data["member"]
    if month is None:
        months = selectors.months_of(request.federation)
        month = months[0] if months else timezone.localdate().replace(day=1)
    return form, month, member


@federation_view(can_view_arvode)
def arvode_index(request: FederationRequest) -> HttpResponse:
    # Protokoll justerade before the underlag existed get their lines now (once).
    services.freeze_missing_lines(request.federation)
    form, month, member = _period(request)
    lines = list(selectors.lines_for(request.federation, month, member))
    query = f"?month={month:%Y-%m}" + (f"&member={member.pk}" if member else "")
    return render(
        request,
        "arvode/index.html",
        {
            "form": form,
            "month": month,
            "member": member,
            "lines": lines,
            "total": sum(line.count for line in lines),
            "months": selectors.months_of(request.federation),
            "meetings": selectors.justerade_meetings(request.federation, month),
            "query": query,
            "can_correct": can_correct_attendance(request.user, request.federation),
        },
    )


@federation_view(can_view_arvode)
def arvode_export(request: FederationRequest, fmt: str) -> HttpResponse:
    if fmt not in export.FORMATS:
        raise Http404
    form, month, member = _period(request)
    if form.errors:
        raise Http404
    lines = selectors.lines_for(request.federation, month, member)
    response = HttpResponse(export.render(lines, fmt), content_type=export.FORMATS[fmt])
    who = f"-{member.kommunkod}" if member else ""
    name = f"arvodesunderlag-{request.federation.slug}-{month:%Y-%m}{who}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _persons(minutes) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=minutes.attendances.filter(role__in=services.PAID_ROLES).values(
            "person_id"
        )
    ).order_by("last_name", "first_name")


@federation_view(can_correct_attendance)
def attendance_correction(request: FederationRequest, meeting_pk: int) -> HttpResponse:
    minutes = selectors.get_justerade_minutes(request.federation, meeting_pk)
    form = AttendanceCorrectionForm(request.POST or None, persons=_persons(minutes))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = services.correct_attendance(
                minutes,
                person=data["person"],
                is_present=data["is_present"],
                at_distance=data["at_distance"],
                time_from=data["time_from"],
                time_to=data["time_to"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The correction is recorded in the basis of %(month)s.")
                % {"month": f"{line.period:%Y-%m}"},
            )
            return redirect(request.path)
    meeting = minutes.meeting
    presence = [
        (person, services.presence_of(minutes, person)) for person in _persons(minutes)
    ]
    return render(
        request,
        "arvode/correction.html",
        {
            "minutes": minutes,
            "meeting": meeting,
            "form": form,
            "presence": presence,
            "corrections": selectors.corrections_of(minutes),
        },
        status=400 if form.errors else 200,
    )
