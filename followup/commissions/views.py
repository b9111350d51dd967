"""Uppdrag från beslut: the list with its filters, one uppdrag, the commission of a
decided §, and the återrapportering put on a dagordning. Thin: rules in services."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from federation.http import FederationRequest
from federation.selectors import federation_view
from followup.permissions import can_edit_followup, can_view_followup
from meetings.models import Meeting
from minutes.models import Paragraph

from . import services
from .forms import STATUS_FILTERS, CommissionFilterForm, CommissionForm
from .models import Commission
from .selectors import commissions_for, filter_commissions

RECENT_DAYS = 120
STATUS_LABELS = dict(STATUS_FILTERS)


def _rows(commissions, today: datetime.date) -> list[tuple]:
    """(uppdrag, status key, status label) for the lists."""
    rows = []
    for commission in commissions:
        status = commission.status_on(today)
        rows.append((commission, status, STATUS_LABELS[status]))
    return rows


def _commission(request: FederationRequest, pk: int) -> Commission:
    return get_object_or_404(commissions_for(request.user, request.federation), pk=pk)


def _paragraph(request: FederationRequest, pk: int) -> Paragraph:
    return get_object_or_404(
        Paragraph.objects.select_related("minutes__meeting__body"),
        body__federation=request.federation,
        pk=pk,
    )


def _fields(form: CommissionForm) -> dict:
    data = form.cleaned_data
    return {
        "what": data["what"],
        "person": data["person"],
        "assignee": data["assignee"],
        "due_on": data["due_on"],
        "report_to": data["report_to"],
        "remind_days": data["remind_days"],
    }


@require_safe
@federation_view(can_view_followup)
def commission_list(request: FederationRequest) -> HttpResponse:
    federation, today = request.federation, timezone.localdate()
    form = CommissionFilterForm(request.GET or None, federation=federation)
    commissions = commissions_for(request.user, federation)
    if form.is_valid():
        commissions = filter_commissions(
            commissions,
            today=today,
            status=form.cleaned_data["status"],
            person=form.cleaned_data["person"],
            body=form.cleaned_data["body"],
        )
    can_edit = can_edit_followup(request.user, federation)
    recent = (
        Paragraph.objects.filter(
            body__federation=federation,
            outcome=Paragraph.Outcome.DECIDED,
            minutes__meeting__date__gte=today - datetime.timedelta(days=RECENT_DAYS),
        )
        .select_related("minutes__meeting__body")
        .order_by("-minutes__meeting__date", "-number")[:30]
        if can_edit
        else []
    )
    rows = _rows(commissions, today)
    return render(
        request,
        "followup/commissions/list.html",
        {"form": form, "rows": rows, "can_edit": can_edit, "recent": recent},
    )


@require_safe
@federation_view(can_view_followup)
def commission_detail(request: FederationRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    return render(
        request,
        "followup/commissions/detail.html",
        {
            "commission": commission,
            "status": STATUS_LABELS[commission.status_on(timezone.localdate())],
            "can_edit": can_edit_followup(request.user, request.federation),
            "form": CommissionForm.of(commission),
            "reminders": commission.reminders.order_by("sent_at"),
        },
    )


@require_POST
@federation_view(can_edit_followup)
def commission_edit(request: FederationRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    form = CommissionForm(request.POST, federation=request.federation)
    if form.is_valid():
        try:
            services.update_commission(commission, by=request.user, **_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commission has been saved."))
            return redirect(commission)
    return render(
        request,
        "followup/commissions/detail.html",
        {
            "commission": commission,
            "status": STATUS_LABELS[commission.status_on(timezone.localdate())],
            "can_edit": True,
            "form": form,
            "reminders": commission.reminders.order_by("sent_at"),
        },
        status=400,
    )


def _act(request: FederationRequest, pk: int, action, done: str) -> HttpResponse:
    commission = _commission(request, pk)
    try:
        action(commission, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(commission)
    messages.success(request, done)
    return redirect("followup:commissions", request.federation.slug)


@require_POST
@federation_view(can_edit_followup)
def commission_close(request: FederationRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.close_commission, _("The commission has been closed.")
    )


@require_POST
@federation_view(can_edit_followup)
def commission_discard(request: FederationRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.discard_proposal, _("The proposal has been discarded.")
    )


@federation_view(can_edit_followup)
def paragraph_commissions(request: FederationRequest, pk: int) -> HttpResponse:
    """The commission of a decided §: those recorded, the proposals read from its
    beslut to confirm, and a form to record one more."""
    paragraph = _paragraph(request, pk)
    form = CommissionForm(request.POST or None, federation=request.federation)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_commission(paragraph, by=request.user, **_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commission has been saved."))
            return redirect(
                "followup:paragraph_commissions", request.federation.slug, pk
            )
    today = timezone.localdate()
    return render(
        request,
        "followup/commissions/paragraph.html",
        {
            "paragraph": paragraph,
            "rows": _rows(paragraph.commissions.select_related("person"), today),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@federation_view(can_edit_followup)
def commission_to_agenda(
    request: FederationRequest, pk: int, meeting: int
) -> HttpResponse:
    """Put the återrapportering on the dagordning of a meeting of its body."""
    commission = _commission(request, pk)
    found = get_object_or_404(
        Meeting.objects.select_related("body"),
        body__federation=request.federation,
        pk=meeting,
    )
    version = request.POST.get("agenda_version", "")
    try:
        services.add_report_item(
            commission,
            meeting=found,
            by=request.user,
            agenda_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report back is on the agenda."))
    return redirect("meetings:agenda", request.federation.slug, found.pk)
