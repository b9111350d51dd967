"""The pages of a verksamhet's year (issue 20.3): carry-forward, another payer's
share and one-off adjustments, so that the ekonom needs no admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federation.http import FederationRequest
from federation.selectors import federation_view

from .adjustments import (
    activity_years,
    delete_adjustment,
    save_activity_year,
    save_adjustment,
)
from .models import ActivityYear, Adjustment
from .permissions import can_edit_finance, can_view_finance
from .statement_forms import ActivityYearForm, AdjustmentForm


def _get_year(request: FederationRequest, pk: int) -> ActivityYear:
    return get_object_or_404(
        ActivityYear.objects.select_related("activity"),
        pk=pk,
        activity__federation=request.federation,
    )


def _get_adjustment(request: FederationRequest, pk: int) -> Adjustment:
    return get_object_or_404(
        Adjustment.objects.select_related("activity_year__activity"),
        pk=pk,
        activity_year__activity__federation=request.federation,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@federation_view(can_view_finance)
def activity_year_list(request: FederationRequest) -> HttpResponse:
    return render(
        request,
        "finance/activity_year_list.html",
        {
            "years": activity_years(request.federation),
            "can_edit": can_edit_finance(request.user, request.federation),
        },
    )


@federation_view(can_edit_finance)
def activity_year_edit(
    request: FederationRequest, pk: int | None = None
) -> HttpResponse:
    row = _get_year(request, pk) if pk else ActivityYear()
    form = ActivityYearForm(
        request.POST or None, instance=row, federation=request.federation
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = save_activity_year(
                form.instance, federation=request.federation, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved. It counts in the next computation of the year."),
            )
            return redirect(
                "finance:activity_year_edit", request.federation.slug, row.pk
            )
    history = row.history.select_related("history_user")[:20] if row.pk else []
    return render(
        request,
        "finance/activity_year_form.html",
        {"form": form, "row": row, "history": history},
    )


@federation_view(can_edit_finance)
def adjustment_edit(
    request: FederationRequest,
    pk: int | None = None,
    activity_year: int | None = None,
) -> HttpResponse:
    if pk:
        row = _get_adjustment(request, pk)
    else:
        row = Adjustment(activity_year=_get_year(request, activity_year or 0))
    form = AdjustmentForm(
        request.POST or None, instance=row, federation=request.federation
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_adjustment(
                form.instance, federation=request.federation, by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The adjustment is saved."))
            return redirect(
                "finance:activity_year_edit",
                request.federation.slug,
                row.activity_year_id,
            )
    history = row.history.select_related("history_user")[:20] if row.pk else []
    return render(
        request,
        "finance/adjustment_form.html",
        {"form": form, "row": row, "history": history},
    )


@require_POST
@federation_view(can_edit_finance)
def adjustment_delete(request: FederationRequest, pk: int) -> HttpResponse:
    row = _get_adjustment(request, pk)
    year_pk = row.activity_year_id
    delete_adjustment(row, by=request.user)
    messages.success(request, _("The adjustment is removed."))
    return redirect("finance:activity_year_edit", request.federation.slug, year_pk)
