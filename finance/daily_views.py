"""The ekonom's daily pages (issue 20.7): the verksamheter, and one index value
typed on its series' page. Thin: form → finance.activities → redirect or error."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federation.http import FederationRequest
from federation.selectors import federation_view

from .activities import save_activity, set_index_value
from .forms import ActivityForm, IndexValueForm, UploadForm
from .history_reasons import shown
from .models import Activity, IndexSeries
from .permissions import can_edit_finance, can_view_finance


def _context(request: FederationRequest, **extra) -> dict:
    return {"can_edit": can_edit_finance(request.user, request.federation), **extra}


@federation_view(can_view_finance)
def activity_list(request: FederationRequest) -> HttpResponse:
    activities = request.federation.activities.annotate(
        fee_model_count=Count("fee_models")
    )
    return render(
        request,
        "finance/activity_list.html",
        _context(request, activities=activities),
    )


@federation_view(can_edit_finance)
def activity_edit(request: FederationRequest, pk: int | None = None) -> HttpResponse:
    """Create a verksamhet (no pk) or change one; a taken name is refused."""
    federation = request.federation
    activity = get_object_or_404(Activity, pk=pk, federation=federation) if pk else None
    initial = (
        {"name": activity.name, "description": activity.description}
        if activity
        else None
    )
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_activity(federation, activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("name", message)
        else:
            messages.success(request, _("The verksamhet has been saved."))
            return redirect("finance:activities", federation.slug)
    history = (
        [
            {"row": row, "reason": shown(row.history_change_reason)}
            for row in activity.history.select_related("history_user")[:20]
        ]
        if activity
        else []
    )
    return render(
        request,
        "finance/activity_form.html",
        _context(request, form=form, activity=activity, history=history),
    )


def series_page(
    request: FederationRequest,
    series: IndexSeries,
    *,
    form: UploadForm | None = None,
    value_form: IndexValueForm | None = None,
) -> HttpResponse:
    """The series' page with its import form and its form for one value."""
    return render(
        request,
        "finance/index_series_detail.html",
        _context(
            request,
            series=series,
            values=series.values.all(),
            form=form or UploadForm(),
            value_form=value_form or IndexValueForm(),
        ),
    )


@require_POST
@federation_view(can_edit_finance)
def index_value_set(request: FederationRequest, pk: int) -> HttpResponse:
    """One year's value typed by hand: new, or a correction of the value published
    that day. A value that cannot be read changes nothing and says why."""
    series = get_object_or_404(IndexSeries, pk=pk, federation=request.federation)
    form = IndexValueForm(request.POST)
    if form.is_valid():
        try:
            _row, created = set_index_value(
                series, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("value", message)
        else:
            text = (
                _("The value for %(year)s has been saved.")
                if created
                else _("The value for %(year)s has been corrected.")
            )
            messages.success(request, text % {"year": form.cleaned_data["year"]})
            return redirect("finance:index_series", request.federation.slug, series.pk)
    messages.error(request, _("Nothing was saved. Correct the value and try again."))
    return series_page(request, series, value_form=form)
