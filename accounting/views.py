"""The ekonom's bokslut pages: commitments, the driftredovisning with its budget and
SIE import, and the reassessment before a mandate period. Thin: the rules are in
commitments.py, ledger.py and terms.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements.models import Agreement
from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view

from .commitments import roll_forward, save_commitment, save_year
from .exports import (
    XLSX,
    commitment_pdf,
    commitment_workbook,
    drift_pdf,
    drift_workbook,
)
from .forms import (
    BudgetForm,
    CommitmentForm,
    CommitmentYearForm,
    LedgerImportForm,
    ReassessmentForm,
)
from .ledger import driftredovisning, import_ledger, set_budgets, years_with_data
from .models import Commitment
from .permissions import can_edit_accounting, can_view_accounting
from .sie import MAX_BYTES, too_large_message
from .terms import flags, record_reassessment

FORMATS = ("pdf", "xlsx")


def _context(request: FederationRequest, **extra) -> dict:
    return {"can_edit": can_edit_accounting(request.user, request.federation), **extra}


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@federation_view(can_view_accounting)
def index(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    commitments = [
        (c, roll_forward(c))
        for c in federation.commitments.select_related("index_series")
    ]
    return render(
        request,
        "accounting/index.html",
        _context(
            request,
            commitments=commitments,
            years=years_with_data(federation),
            flags=flags(federation, timezone.localdate()),
        ),
    )


@federation_view(can_edit_accounting)
def commitment_edit(request: FederationRequest, pk: int | None = None) -> HttpResponse:
    federation = request.federation
    commitment = (
        get_object_or_404(Commitment, pk=pk, federation=federation)
        if pk
        else Commitment(federation=federation)
    )
    form = CommitmentForm(
        request.POST or None, instance=commitment, federation=federation
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment = save_commitment(
                commitment, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect("accounting:commitment", federation.slug, commitment.pk)
    return render(
        request,
        "accounting/commitment_form.html",
        _context(request, form=form, commitment=commitment),
    )


@federation_view(can_view_accounting)
def commitment_detail(request: FederationRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("index_series"),
        pk=pk,
        federation=request.federation,
    )
    form = CommitmentYearForm(request.POST or None)
    if request.method == "POST":
        if not can_edit_accounting(request.user, request.federation):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_year(commitment, data.pop("year"), by=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The year has been saved."))
                return redirect(
                    "accounting:commitment", request.federation.slug, commitment.pk
                )
    return render(
        request,
        "accounting/commitment_detail.html",
        _context(
            request,
            commitment=commitment,
            roll=roll_forward(commitment),
            form=form,
            history=commitment.history.select_related("history_user")[:10],
        ),
    )


@require_safe
@federation_view(can_view_accounting)
def commitment_download(
    request: FederationRequest, pk: int, fmt: str
) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    commitment = get_object_or_404(Commitment, pk=pk, federation=request.federation)
    roll = roll_forward(commitment)
    name = f"atagande-{request.federation.slug}-{commitment.pk}.{fmt}"
    if fmt == "pdf":
        return pdf_response(commitment_pdf(roll), name, download=True)
    return _file(commitment_workbook(roll), XLSX, name)


@federation_view(can_view_accounting)
def drift(request: FederationRequest, year: int) -> HttpResponse:
    report = driftredovisning(request.federation, _year(year))
    return render(
        request,
        "accounting/driftredovisning.html",
        _context(request, report=report, year=year),
    )


@require_safe
@federation_view(can_view_accounting)
def drift_download(request: FederationRequest, year: int, fmt: str) -> HttpResponseBase:
    if fmt not in FORMATS:
        raise Http404
    report = driftredovisning(request.federation, _year(year))
    name = f"driftredovisning-{request.federation.slug}-{year}.{fmt}"
    if fmt == "pdf":
        return pdf_response(drift_pdf(report), name, download=True)
    return _file(drift_workbook(report), XLSX, name)


@federation_view(can_edit_accounting)
def budget_edit(request: FederationRequest, year: int) -> HttpResponse:
    federation = request.federation
    report = driftredovisning(federation, _year(year))
    lines = [row.line for row in report.lines if row.line is not None]
    form = BudgetForm(
        request.POST or None,
        lines=lines,
        initial_amounts={row.line.pk: row.budget for row in report.lines if row.line},
    )
    if request.method == "POST" and form.is_valid():
        changed = set_budgets(federation, year, form.amounts(), by=request.user)
        messages.success(
            request,
            _("The budget has been saved (%(count)s changed).") % {"count": changed},
        )
        return redirect("accounting:drift", federation.slug, year)
    return render(
        request,
        "accounting/budget_form.html",
        _context(request, form=form, year=year),
    )


@federation_view(can_edit_accounting)
def ledger_import_view(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["year"]
        try:
            if upload.size is None or upload.size > MAX_BYTES:
                raise ValidationError(too_large_message())
            imported = import_ledger(
                federation,
                year,
                upload.read(MAX_BYTES + 1),
                file_name=upload.name or "",
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            messages.error(
                request, _("Nothing was imported. Correct the file and try again.")
            )
        else:
            messages.success(
                request,
                _("The utfall of %(year)s has been imported: %(rows)s rows.")
                % {"year": year, "rows": imported.rows},
            )
            for warning in imported.warnings:
                messages.warning(request, warning)
            return redirect("accounting:drift", federation.slug, year)
    return render(
        request, "accounting/ledger_import.html", _context(request, form=form)
    )


@require_POST
@federation_view(can_edit_accounting)
def reassessment_record(request: FederationRequest, agreement: int) -> HttpResponse:
    found = get_object_or_404(Agreement, pk=agreement, federation=request.federation)
    form = ReassessmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the reassessment."))
    else:
        try:
            record_reassessment(found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reassessment has been recorded."))
    return redirect("accounting:index", request.federation.slug)
