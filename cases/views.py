from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view

from . import services
from .forms import (
    CaseFilterForm,
    CaseForm,
    DelegationDecisionForm,
    DiariumFilterForm,
    DocumentEditForm,
    DocumentForm,
    PeriodForm,
)
from .models import Case
from .pdf import (
    render_notification_list,
    render_tjansteskrivelse,
    tjansteskrivelse_context,
)
from .permissions import can_edit_cases, can_see_secret, can_view_cases
from .selectors import (
    case_history,
    delegation_decisions,
    diarium_page,
    file_refusal,
    filter_by_dates,
    get_case_for_user,
    get_document_for_user,
    search_cases,
    visible_documents,
)

PAGE_SIZE = 50


@federation_view(can_view_cases)
def case_list(request: FederationRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, federation=request.federation)
    cases = Case.objects.filter(federation=request.federation).select_related(
        "handlaggare"
    )
    if form.is_valid():
        data = form.cleaned_data
        cases = search_cases(cases, data["q"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["year"]:
            cases = cases.filter(year=data["year"])
        if data["handlaggare"]:
            cases = cases.filter(handlaggare=data["handlaggare"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "can_edit": can_edit_cases(request.user, request.federation),
        },
    )


@federation_view(can_edit_cases)
def case_create(request: FederationRequest) -> HttpResponse:
    form = CaseForm(request.POST or None, federation=request.federation)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                request.federation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Case %(dnr)s opened.") % {"dnr": case.diarienummer}
            )
            return redirect("cases:case_detail", request.federation.slug, case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": None})


@federation_view(can_edit_cases)
def case_edit(request: FederationRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, write=True)
    documents = visible_documents(request.user, request.federation).filter(case=case)
    form = CaseForm(
        request.POST or None,
        instance=case,
        federation=request.federation,
        documents=documents,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case has been saved."))
            return redirect("cases:case_detail", request.federation.slug, case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case})


@federation_view(can_view_cases)
def case_detail(request: FederationRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk)
    documents = visible_documents(request.user, request.federation).filter(case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "documents": documents,
            "decisions": case.delegation_decisions.all(),
            "bodies": case.bodies.all(),
            "history": case_history(case, request.user),
            "tjansteskrivelse": tjansteskrivelse_context(case, request.user),
            "can_edit": can_edit_cases(request.user, request.federation),
        },
    )


@xframe_options_sameorigin
@federation_view(can_view_cases)
def case_pdf(request: FederationRequest, pk: int) -> HttpResponseBase:
    case = get_case_for_user(request, pk)
    content = render_tjansteskrivelse(case, request.user)
    return pdf_response(content, f"tjansteskrivelse-{case.year}-{case.number}.pdf")


@require_POST
@federation_view(can_edit_cases)
def case_register_tjansteskrivelse(request: FederationRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request, pk, write=True)
    document = services.register_tjansteskrivelse(case, by=request.user)
    messages.success(
        request, _("Registered in the diarium: %(title)s") % {"title": document.title}
    )
    return redirect("cases:case_detail", request.federation.slug, case.pk)


@federation_view(can_edit_cases)
def document_upload(request: FederationRequest) -> HttpResponse:
    initial = {"date": timezone.localdate(), "case": request.GET.get("arende")}
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        federation=request.federation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.register_document(
                request.federation,
                uploaded_file=data.pop("file"),
                by=request.user,
                **data,
            )
        except ValidationError as error:
            form.add_error("file" if error.code else None, error)
        else:
            messages.success(
                request,
                _("Registered in the diarium: %(title)s") % {"title": document.title},
            )
            if document.case_id:
                return redirect(
                    "cases:case_detail", request.federation.slug, document.case_id
                )
            return redirect("cases:diarium", request.federation.slug)
    return render(request, "cases/document_form.html", {"form": form})


@federation_view(can_edit_cases)
def document_edit(request: FederationRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    initial = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
    form = DocumentEditForm(
        request.POST or None, federation=request.federation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document has been saved."))
            return redirect("cases:diarium", request.federation.slug)
    return render(
        request, "cases/document_form.html", {"form": form, "document": document}
    )


@xframe_options_sameorigin
@federation_view(can_view_cases)
def document_file(request: FederationRequest, pk: int) -> HttpResponseBase:
    """Serve a handling's file after the visibility check; media is never static."""
    document = get_document_for_user(request, pk)
    if not document.file:
        raise Http404
    # A file stored under older rules that fails today's check: the staff who
    # handle the ärende get it as a download, never opened in the browser; a
    # förtroendevald not at all, as the kallelse leaves it out.
    reason = file_refusal(document)
    if reason and not can_edit_cases(request.user, request.federation):
        context = {"document": document, "reason": reason}
        return render(request, "cases/file_refused.html", context, status=403)
    stored_name = document.file.name or ""  # set: the file was checked above
    return pdf_response(
        document.file.open("rb"),
        f"{document.pk}-{stored_name.rsplit('/', 1)[-1]}",
        download=bool(reason) or request.GET.get("ladda-ned") == "1",
    )


@federation_view(can_view_cases)
def diarium(request: FederationRequest) -> HttpResponse:
    form = DiariumFilterForm(request.GET or None, federation=request.federation)
    documents = visible_documents(request.user, request.federation)
    query, ranked = "", False
    if form.is_valid():
        data = form.cleaned_data
        ranked = data["order"] == "relevance"
        documents = filter_by_dates(documents, "date", data["since"], data["until"])
        if data["direction"]:
            documents = documents.filter(direction=data["direction"])
        if data["case"]:
            documents = documents.filter(
                case__diarienummer__iexact=data["case"].strip()
            )
        if data["counterpart"]:
            documents = documents.filter(counterpart__icontains=data["counterpart"])
        query = data["q"]
    page = diarium_page(
        documents,
        query,
        _page_number(request),
        per_page=PAGE_SIZE,
        secret_words=can_see_secret(request.user, request.federation),
        ranked=ranked,
    )
    return render(
        request,
        "cases/diarium.html",
        {
            "form": form,
            "page": page,
            "can_edit": can_edit_cases(request.user, request.federation),
        },
    )


def _page_number(request: FederationRequest) -> int:
    """The ?sida= asked for; anything but a sensible number is the first page."""
    number = request.GET.get("sida", "")
    # isascii: "²" is a digit to isdigit() that int() refuses.
    if number.isascii() and number.isdigit() and len(number) <= 6 and int(number) > 0:
        return int(number)
    return 1


@federation_view(can_view_cases)
def delegation_list(request: FederationRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    decisions = delegation_decisions(request.federation)
    if form.is_valid():
        decisions = filter_by_dates(
            decisions, "date", form.cleaned_data["since"], form.cleaned_data["until"]
        )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "cases/delegation_list.html",
        {
            "form": form,
            "page": page,
            "can_edit": can_edit_cases(request.user, request.federation),
        },
    )


@federation_view(can_edit_cases)
def delegation_create(request: FederationRequest) -> HttpResponse:
    form = DelegationDecisionForm(
        request.POST or None,
        federation=request.federation,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delegation_decision(
                request.federation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The delegation decision has been registered."))
            return redirect("cases:delegation_list", request.federation.slug)
    return render(request, "cases/delegation_form.html", {"form": form})


def _period_listing(request: FederationRequest):
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        return form, None
    listing = services.notification_list(
        request.federation,
        since=form.cleaned_data["since"],
        until=form.cleaned_data["until"],
        audience=request.user,
    )
    return form, listing


@federation_view(can_view_cases)
def notification_list(request: FederationRequest) -> HttpResponse:
    form, listing = _period_listing(request)
    return render(
        request,
        "cases/notification_list.html",
        {"form": form, "notification_list": listing},
    )


@xframe_options_sameorigin
@federation_view(can_view_cases)
def notification_list_pdf(request: FederationRequest) -> HttpResponseBase:
    _form, listing = _period_listing(request)
    if listing is None:
        raise Http404
    content = render_notification_list(listing, request.federation)
    return pdf_response(content, f"anmalningsarenden-{listing.until:%Y-%m-%d}.pdf")
