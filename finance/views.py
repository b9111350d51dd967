from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.csv_import import read_upload
from core.http import pdf_response
from federation.cache import cached
from federation.http import FederationRequest
from federation.selectors import federation_view

from .daily_views import series_page
from .exports import preliminary_note
from .fee_model_page import (
    ADD_PARTICIPANT,
    form_sections,
    grown_page,
    with_one_more_row,
)
from .forms import (
    AgreedUpliftFormSet,
    FeeModelForm,
    IndexSeriesForm,
    InstalmentFormSet,
    ParticipantFormSet,
    PopulationConfirmForm,
    PopulationForm,
    PopulationImportForm,
    RunForm,
    UploadForm,
    as_fee_model_edit,
)
from .models import AllocationRun, FeeModel, IndexSeries, PopulationFigure
from .permissions import can_edit_finance, can_view_finance
from .population_import import plan_from_session, plan_population_import
from .reports import build_csv, build_workbook, report_name
from .selectors import population_table, report_of, run_table
from .services import (
    approve_run,
    import_index_values,
    request_run_report,
    run_allocation,
    save_fee_model,
    save_population_import,
    set_population,
)

PENDING_POPULATION = "finance.pending_population_import"
# The PDF takes a minute for a large federation: a Celery task makes it
# (run_report_create), and the download serves the stored file (_run_report).
DOWNLOADS = {
    "xlsx": (
        build_workbook,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (build_csv, "text/csv; charset=utf-8"),
}


def _context(request: FederationRequest, **extra) -> dict:
    return {"can_edit": can_edit_finance(request.user, request.federation), **extra}


def _import_errors(request: FederationRequest, form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)
    messages.error(request, _("Nothing was imported. Correct the file and try again."))


@federation_view(can_view_finance)
def index(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    runs = AllocationRun.objects.filter(federation=federation).select_related(
        "created_by", "approved_by"
    )
    return render(
        request,
        "finance/index.html",
        _context(
            request,
            runs=runs,
            run_form=RunForm(),
            fee_model_count=federation.fee_models.count(),
            series_count=federation.index_series.count(),
        ),
    )


@federation_view(can_view_finance)
def population(request: FederationRequest) -> HttpResponse:
    return render(
        request,
        "finance/population.html",
        _context(request, table=population_table(request.federation)),
    )


@federation_view(can_edit_finance)
def population_import(request: FederationRequest) -> HttpResponse:
    """Read the file; save it at once unless a figure changes by more than 10 %,
    then keep its figures in the session and show them for confirmation."""
    federation = request.federation
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_population_import(
                federation,
                read_upload(form.cleaned_data["file"]),
                source=form.cleaned_data["source"],
            )
            if not plan.needs_confirmation:
                _imported(
                    request, save_population_import(federation, plan, by=request.user)
                )
                return redirect("finance:population", federation.slug)
        except ValidationError as error:
            _import_errors(request, form, error)
        else:
            request.session[PENDING_POPULATION] = plan.to_session()
            return redirect("finance:population_import_confirm", federation.slug)
    return render(
        request, "finance/population_import.html", _context(request, form=form)
    )


@federation_view(can_edit_finance)
def population_import_confirm(request: FederationRequest) -> HttpResponse:
    """The read figures with the large changes marked; saved only when confirmed,
    and only if they are still exactly what this page showed (the digest)."""
    federation = request.federation
    try:
        plan = plan_from_session(federation, request.session.get(PENDING_POPULATION))
    except ValidationError:
        plan = None
    if plan is None:
        messages.info(request, _("No import is waiting. Choose the file again."))
        return redirect("finance:population_import", federation.slug)
    form = PopulationConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["digest"] != plan.digest:
            messages.error(
                request,
                _(
                    "The figures have changed since the page was shown: another "
                    "file has been read or a figure has been changed. Check them "
                    "again before you confirm."
                ),
            )
            return _confirm_page(request, plan)
        try:
            result = save_population_import(
                federation, plan, by=request.user, confirmed=form.cleaned_data["digest"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            del request.session[PENDING_POPULATION]
            _imported(request, result)
            return redirect("finance:population", federation.slug)
    return _confirm_page(request, plan)


def _confirm_page(request: FederationRequest, plan) -> HttpResponse:
    form = PopulationConfirmForm(initial={"digest": plan.digest})
    return render(
        request,
        "finance/population_import_confirm.html",
        _context(request, plan=plan, form=form),
    )


def _imported(request: FederationRequest, result) -> None:
    messages.success(
        request,
        _(
            "Imported: %(created)s new, %(updated)s changed, %(unchanged)s "
            "unchanged figures."
        )
        % result.__dict__,
    )
    if result.skipped_codes:
        messages.info(
            request,
            _("Skipped rows for codes that are not members: %(codes)s.")
            % {"codes": ", ".join(result.skipped_codes)},
        )


@federation_view(can_edit_finance)
def population_edit(request: FederationRequest, member: int, year: int) -> HttpResponse:
    member_obj = get_object_or_404(request.federation.members, pk=member)
    figure = PopulationFigure.objects.filter(member=member_obj, year=year).first()
    form = PopulationForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        set_population(
            member_obj,
            year,
            by=request.user,
            reason=form.cleaned_data["reason"],
            **{
                k: form.cleaned_data[k]
                for k in ("population", "reference_date", "source")
            },
        )
        messages.success(request, _("The population figure has been saved."))
        return redirect("finance:population", request.federation.slug)
    history = figure.history.select_related("history_user") if figure else []
    return render(
        request,
        "finance/population_edit.html",
        _context(request, form=form, member=member_obj, year=year, history=history),
    )


@federation_view(can_view_finance)
def index_series_list(request: FederationRequest) -> HttpResponse:
    form = IndexSeriesForm(request.POST or None)
    if request.method == "POST":
        if not can_edit_finance(request.user, request.federation):
            raise PermissionDenied
        form.instance.federation = request.federation
        if form.is_valid():
            series = form.save()
            return redirect("finance:index_series", request.federation.slug, series.pk)
    series = request.federation.index_series.annotate(value_count=Count("values"))
    return render(
        request,
        "finance/index_series_list.html",
        _context(request, series_list=series, form=form),
    )


@federation_view(can_view_finance)
def index_series_detail(request: FederationRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(IndexSeries, pk=pk, federation=request.federation)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit_finance(request.user, request.federation):
            raise PermissionDenied
        if form.is_valid():
            try:
                result = import_index_values(
                    series, read_upload(form.cleaned_data["file"]), by=request.user
                )
            except ValidationError as error:
                _import_errors(request, form, error)
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new and %(updated)s changed values.")
                    % result.__dict__,
                )
                return redirect(
                    "finance:index_series", request.federation.slug, series.pk
                )
    return series_page(request, series, form=form)


@federation_view(can_view_finance)
def fee_model_list(request: FederationRequest) -> HttpResponse:
    models = (
        FeeModel.objects.filter(federation=request.federation)
        .select_related("activity", "index_series", "agreement")
        .annotate(participant_count=Count("participants"))
    )
    return render(
        request, "finance/fee_model_list.html", _context(request, fee_models=models)
    )


@federation_view(can_view_finance)
def fee_model_detail(request: FederationRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(
        FeeModel.objects.select_related("activity", "index_series", "agreement"),
        pk=pk,
        federation=request.federation,
    )
    return render(
        request,
        "finance/fee_model_detail.html",
        _context(
            request,
            fee_model=model,
            participants=model.participants.select_related("member"),
            history=model.history.select_related("history_user")[:20],
        ),
    )


@federation_view(can_edit_finance)
def fee_model_edit(request: FederationRequest, pk: int | None = None) -> HttpResponse:
    federation = request.federation
    model = (
        get_object_or_404(FeeModel, pk=pk, federation=federation)
        if pk
        else FeeModel(federation=federation)
    )
    data: QueryDict | None = request.POST if request.method == "POST" else None
    adding = data is not None and ADD_PARTICIPANT in data
    if data is not None and adding:
        data = with_one_more_row(data, "p")
    form = FeeModelForm(data, instance=model, federation=federation)
    participants = ParticipantFormSet(
        data, instance=model, prefix="p", federation=federation
    )
    instalments = InstalmentFormSet(data, instance=model, prefix="i")
    agreed_uplifts = AgreedUpliftFormSet(data, instance=model, prefix="a")
    formsets: list[BaseInlineFormSet] = [participants, instalments, agreed_uplifts]
    if adding:
        # "Lägg till deltagare": the page again with what was typed and an empty
        # row, focused; nothing is checked or saved until Spara.
        grown_page(form, formsets, participants)
    elif data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        edit = as_fee_model_edit(form, participants, instalments, agreed_uplifts)
        model = save_fee_model(model, edit, by=request.user)
        messages.success(request, _("The fee model has been saved."))
        return redirect("finance:fee_model", federation.slug, model.pk)
    return render(
        request,
        "finance/fee_model_form.html",
        _context(
            request,
            form=form,
            sections=form_sections(form, formsets, adding=adding),
            fee_model=model,
        ),
    )


@require_POST
@federation_view(can_edit_finance)
def run_create(request: FederationRequest) -> HttpResponse:
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a year to compute."))
        return redirect("finance:index", request.federation.slug)
    try:
        run = run_allocation(
            request.federation,
            form.cleaned_data["year"],
            by=request.user,
            as_of=form.cleaned_data["as_of"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("finance:index", request.federation.slug)
    messages.success(request, _("The year has been computed as a new version."))
    return redirect("finance:run", request.federation.slug, run.pk)


def _get_run(request: FederationRequest, pk: int) -> AllocationRun:
    return get_object_or_404(
        AllocationRun.objects.select_related(
            "federation", "created_by", "approved_by", "report"
        ),
        pk=pk,
        federation=request.federation,
    )


@federation_view(can_view_finance)
def run_detail(request: FederationRequest, pk: int) -> HttpResponse:
    """A run: its tables (290 members × 20 fee models is thousands of cells) are
    rendered once per audience until the förbund's data changes (federation.cache);
    the heading with the approve form and the report's state per request."""
    run = _get_run(request, pk)
    tables = cached(
        request,
        "run-tables",
        [run.pk],
        lambda: render_to_string(
            "finance/partials/run_tables.html", {"table": run_table(run)}, request
        ),
    )
    return render(
        request,
        "finance/run_detail.html",
        _context(
            request,
            run=run,
            report=report_of(run),
            preliminary=preliminary_note(
                {int(k): v for k, v in run.population_substitutes.items()}
            ),
            tables=mark_safe(tables),  # noqa: S308 our template
        ),
    )


@require_POST
@federation_view(can_edit_finance)
def run_approve(request: FederationRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    try:
        approve_run(run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run has been approved and is now frozen."))
    return redirect("finance:run", request.federation.slug, run.pk)


@require_safe
@federation_view(can_view_finance)
def run_download(request: FederationRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The run as a file; reading it changes nothing (the PDF is made by
    run_report_create or at approval)."""
    if fmt not in DOWNLOADS and fmt != "pdf":
        raise Http404
    run = _get_run(request, pk)
    if fmt == "pdf":
        return _run_report(request, run)
    builder, content_type = DOWNLOADS[fmt]
    table = run_table(run)
    response = HttpResponse(builder(table), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{report_name(table, fmt)}"'
    )
    return response


def _run_report(request: FederationRequest, run: AllocationRun) -> HttpResponseBase:
    """The stored PDF report (the last one while a new one is made); else a page
    that waits while a task makes it, says that it failed, or (404) that none has
    been asked for, each with the button that asks for it."""
    report = report_of(run)
    if report is None or not report.has_file:
        if report is None:
            status = 404
        elif report.build_status == report.BuildStatus.FAILED:
            status = 200
        else:
            status = 202
        return render(
            request,
            "finance/run_report.html",
            _context(request, run=run, report=report),
            status=status,
        )
    name = f"avgifter-{request.federation.slug}-{run.year}-v{run.version}.pdf"
    return pdf_response(report.file.open("rb"), name, download=True)


@require_POST
@federation_view(can_view_finance)
def run_report_create(request: FederationRequest, pk: int) -> HttpResponse:
    """Skapa rapporten: queue the build of the run's PDF report, or again after a
    failed build, then wait for it on the download's page. Whoever may read the run
    may ask for its report: it computes nothing new."""
    run = _get_run(request, pk)
    request_run_report(run, by=request.user, retry=True)
    return redirect("finance:run_download", request.federation.slug, run.pk, "pdf")
