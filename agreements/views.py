from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.csv_import import decode, read_upload
from federation.http import FederationRequest
from federation.models import Member
from federation.selectors import federation_view

from .export import register_workbook
from .forms import (
    AgreementEditForm,
    AgreementForm,
    DocumentLinkForm,
    DocumentUploadForm,
    ImportForm,
    NoticeForm,
    RatificationForm,
    RegisterFilterForm,
)
from .imports import import_register_csv
from .models import Agreement, AgreementParty, Ratification
from .permissions import can_edit_agreements, can_view_agreements
from .selectors import (
    RegisterFilter,
    agreement_page,
    get_agreement_for_user,
    linkable_documents,
    member_overview,
    register_rows,
)
from .services import (
    create_agreement,
    edit_version,
    give_notice,
    has_decisions,
    link_document,
    record_ratification,
    update_agreement,
    upload_document,
)
from .status import Status, status_of


def _register(request: FederationRequest) -> tuple[RegisterFilterForm, list]:
    form = RegisterFilterForm(request.GET or None, federation=request.federation)
    filters = RegisterFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = RegisterFilter(data["status"], data["party"], data["expiring_months"])
    return form, register_rows(request.federation, filters, timezone.localdate())


@federation_view(can_view_agreements)
def agreement_list(request: FederationRequest) -> HttpResponse:
    form, rows = _register(request)
    context = {
        "form": form,
        "rows": rows,
        "query": request.GET.urlencode(),
        "can_edit": can_edit_agreements(request.user, request.federation),
    }
    return render(request, "agreements/agreement_list.html", context)


@federation_view(can_view_agreements)
def agreement_export(request: FederationRequest) -> HttpResponse:
    __, rows = _register(request)
    response = HttpResponse(
        register_workbook(rows),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    filename = f"avtalsregister-{request.federation.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@federation_view(can_view_agreements)
def agreement_detail(request: FederationRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    context = agreement_page(agreement, request.user, timezone.localdate())
    context["can_edit"] = can_edit_agreements(request.user, request.federation)
    return render(request, "agreements/agreement_detail.html", context)


@federation_view(can_edit_agreements)
def agreement_create(request: FederationRequest) -> HttpResponse:
    form = AgreementForm(request.POST or None, federation=request.federation)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = create_agreement(
                request.federation,
                by=request.user,
                parties=form.party_specs(),
                **form.agreement_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement has been registered."))
            return redirect(agreement.get_absolute_url())
    return render(request, "agreements/agreement_form.html", {"form": form})


@federation_view(can_edit_agreements)
def agreement_edit(request: FederationRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, write=True)
    decided = has_decisions(agreement)
    form = AgreementEditForm(
        request.POST or None,
        instance=agreement,
        decided=decided,
        initial={"opened_version": edit_version(agreement)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_agreement(
                agreement,
                by=request.user,
                opened_version=form.cleaned_data["opened_version"],
                **form.agreement_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/agreement_edit.html",
        {"agreement": agreement, "form": form, "decided": decided},
        status=400 if request.method == "POST" else 200,
    )


@federation_view(can_edit_agreements)
def agreement_import(request: FederationRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = decode(read_upload(form.cleaned_data["file"]))
            created = import_register_csv(request.federation, text, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)s agreements have been imported.") % {"count": len(created)},
            )
            return redirect("agreements:agreement_list", request.federation.slug)
    return render(request, "agreements/import_form.html", {"form": form})


@federation_view(can_edit_agreements)
def ratification_record(
    request: FederationRequest, pk: int, party_pk: int
) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, write=True)
    party = get_object_or_404(
        AgreementParty.objects.select_related("member"),
        pk=party_pk,
        agreement=agreement,
    )
    current = Ratification.objects.filter(party=party).first()
    initial: dict[str, object] = {
        "deciding_body": party.deciding_body,
        "outcome": "adopted",
    }
    if current:
        initial = {
            "outcome": current.outcome,
            "decided_on": current.decided_on and current.decided_on.isoformat(),
            "deciding_body": current.deciding_body,
            "paragraph": current.paragraph,
            "protocol": current.protocol,
            "document": current.document_id,
        }
    documents = linkable_documents(request.user, request.federation)
    form = RatificationForm(request.POST or None, initial=initial, documents=documents)
    if request.method == "POST" and form.is_valid():
        try:
            record_ratification(party, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _announce_status(request, agreement)
            return redirect(agreement.get_absolute_url())
    context = {"agreement": agreement, "party": party, "form": form}
    return render(request, "agreements/ratification_form.html", context)


def _announce_status(request: FederationRequest, agreement: Agreement) -> None:
    fresh = get_agreement_for_user(request, agreement.pk)
    info = status_of(fresh, timezone.localdate())
    messages.success(
        request,
        _("The decision has been recorded. The agreement is now: %(status)s.")
        % {"status": info.status.label},
    )
    if info.status == Status.IN_FORCE:
        messages.success(request, _("Every party has adopted it: it is in force."))


@federation_view(can_edit_agreements)
def notice_give(request: FederationRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, write=True)
    form = NoticeForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            notice = give_notice(agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The notice has been recorded; the agreement ends %(date)s.")
                % {"date": notice.ends_on.isoformat()},
            )
            return redirect(agreement.get_absolute_url())
    context = {"agreement": agreement, "form": form}
    return render(request, "agreements/notice_form.html", context)


@require_POST
@federation_view(can_edit_agreements)
def document_link(request: FederationRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, write=True)
    documents = linkable_documents(request.user, request.federation)
    form = DocumentLinkForm(request.POST, documents=documents)
    if form.is_valid():
        link_document(agreement, form.cleaned_data["document"], by=request.user)
        messages.success(request, _("The document has been linked."))
    else:
        messages.error(request, _("Choose a document to link."))
    return redirect(agreement.get_absolute_url())


@federation_view(can_edit_agreements)
def document_upload(request: FederationRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, write=True)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload_document(
                agreement, uploaded_file=data.pop("file"), by=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document has been registered and linked."))
            return redirect(agreement.get_absolute_url())
    context = {"agreement": agreement, "form": form}
    return render(request, "agreements/document_form.html", context)


@federation_view(can_view_agreements)
def member_agreements(request: FederationRequest, member_pk: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=member_pk, federation=request.federation)
    context = member_overview(member, timezone.localdate())
    return render(request, "agreements/member_agreements.html", context)
