"""Uppföljning: the internkontrollplan with its results, the goals of a year with
their summary, and the results report with its completeness check. Thin: the rules
are in services.py, the documents in export.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view

from . import export, services
from .forms import AnswerForm, DeviationForm, GoalForm
from .models import ControlArea, ControlPlan, Goal, ReportQuestion, ReportTemplate
from .permissions import can_edit_followup, can_view_followup


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


def _plan(request: FederationRequest, year: int) -> ControlPlan:
    return get_object_or_404(
        ControlPlan.objects.select_related("decided_by"),
        federation=request.federation,
        year=_year(year),
    )


def _template(request: FederationRequest, pk: int) -> ReportTemplate:
    return get_object_or_404(ReportTemplate, federation=request.federation, pk=pk)


@require_safe
@federation_view(can_view_followup)
def index(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    goal_years = (
        Goal.objects.filter(federation=federation)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return render(
        request,
        "followup/index.html",
        {
            "plans": ControlPlan.objects.filter(federation=federation),
            "goal_years": list(goal_years),
            "templates": ReportTemplate.objects.filter(federation=federation),
            "current_year": timezone.localdate().year,
            "previous_year": timezone.localdate().year - 1,
        },
    )


@require_safe
@federation_view(can_view_followup)
def control_plan(request: FederationRequest, year: int) -> HttpResponse:
    plan = _plan(request, year)
    return render(
        request,
        "followup/control_plan.html",
        {
            "plan": plan,
            "areas": export.plan_areas(plan),
            "can_edit": can_edit_followup(request.user, request.federation),
            "form": DeviationForm(),
        },
    )


@require_safe
@federation_view(can_view_followup)
def control_plan_pdf(request: FederationRequest, year: int) -> HttpResponseBase:
    plan = _plan(request, year)
    name = f"internkontrollplan-{plan.year}.pdf"
    return pdf_response(export.control_plan_pdf(plan), name, download=True)


@require_POST
@federation_view(can_edit_followup)
def deviation_add(request: FederationRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(
        ControlArea.objects.select_related("plan"),
        plan__federation=request.federation,
        pk=pk,
    )
    form = DeviationForm(request.POST)
    if form.is_valid():
        try:
            services.record_deviation(
                area,
                description=form.cleaned_data["description"],
                found_on=form.cleaned_data["found_on"],
                follow_up_by=form.cleaned_data["follow_up_by"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The deviation is recorded."))
    else:
        messages.error(request, _("Describe the deviation and give the date found."))
    return redirect("followup:control_plan", request.federation.slug, area.plan.year)


@require_safe
@federation_view(can_view_followup)
def goals(request: FederationRequest, year: int) -> HttpResponse:
    year_goals = services.year_goals(request.federation, _year(year))
    if not year_goals:
        raise Http404
    return render(
        request,
        "followup/goals.html",
        {
            "year": year,
            "goals": year_goals,
            "summary": services.goal_summary(year_goals),
            "can_edit": can_edit_followup(request.user, request.federation),
        },
    )


@federation_view(can_edit_followup)
def goal_edit(request: FederationRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, federation=request.federation, pk=pk)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            services.assess_goal(
                goal,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("The goal's follow-up is saved."))
            return redirect("followup:goals", request.federation.slug, goal.year)
    else:
        form = GoalForm(initial={"status": goal.status, "comment": goal.comment})
    return render(request, "followup/goal_form.html", {"goal": goal, "form": form})


@require_safe
@federation_view(can_view_followup)
def report(request: FederationRequest, pk: int, year: int) -> HttpResponse:
    template = _template(request, pk)
    year = _year(year)
    return render(
        request,
        "followup/report.html",
        {
            "template": template,
            "year": year,
            "rows": export.report_rows(template, year),
            "check": services.check_completeness(template, year),
            "can_edit": can_edit_followup(request.user, request.federation),
        },
    )


@federation_view(can_edit_followup)
def answer_edit(
    request: FederationRequest, pk: int, year: int, question: int
) -> HttpResponse:
    template = _template(request, pk)
    year = _year(year)
    found = get_object_or_404(
        ReportQuestion.objects.select_related("area"),
        area__template=template,
        pk=question,
    )
    answer = found.answers.filter(year=year).first()
    if request.method == "POST":
        form = AnswerForm(request.POST, question=found)
        if form.is_valid():
            try:
                services.save_answer(
                    found,
                    year,
                    text=form.cleaned_data["text"],
                    yes_no=form.yes_no_value(),
                    evidence=form.cleaned_data.get("evidence"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The answer is saved."))
                return redirect("followup:report", request.federation.slug, pk, year)
    else:
        initial = {}
        if answer is not None:
            initial = {
                "text": answer.text,
                "yes_no": {True: "ja", False: "nej"}.get(answer.yes_no, ""),  # type: ignore[arg-type]
                "evidence": answer.evidence,
            }
        form = AnswerForm(initial=initial, question=found)
    return render(
        request,
        "followup/answer_form.html",
        {"template": template, "year": year, "question": found, "form": form},
    )


@require_safe
@federation_view(can_view_followup)
def report_download(
    request: FederationRequest, pk: int, year: int, fmt: str
) -> HttpResponseBase:
    template = _template(request, pk)
    year = _year(year)
    name = f"resultatredovisning-{year}"
    if fmt == "pdf":
        pdf = export.report_pdf(template, year)
        return pdf_response(pdf, f"{name}.pdf", download=True)
    if fmt == "docx":
        docx = export.report_docx(template, year)
        response = HttpResponse(docx, content_type=export.DOCX)
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        response["Cache-Control"] = "private, no-store"
        return response
    raise Http404
