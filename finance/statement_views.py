"""The pages of an approved run's statements per member (avgiftsbesked) and of its
instalments, which the ekonom marks sent (issue 20.2, 20.8)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import pdf_response
from federation.http import FederationRequest
from federation.selectors import federation_view

from .models import AllocationRun, MemberStatement
from .permissions import can_edit_finance, can_view_finance
from .services import mark_instalment_sent
from .statement_forms import InstalmentSentForm
from .statements import (
    instalment_rows,
    members_of,
    request_statements,
    statement_file_name,
    statements_zip,
)


def _get_run(request: FederationRequest, pk: int) -> AllocationRun:
    return get_object_or_404(
        AllocationRun.objects.select_related("federation"),
        pk=pk,
        federation=request.federation,
    )


@require_safe
@federation_view(can_view_finance)
def statements(request: FederationRequest, pk: int) -> HttpResponse:
    """Every member of the run with its statement's state and download."""
    run = _get_run(request, pk)
    stored = {s.member_id: s for s in MemberStatement.objects.filter(run=run)}
    rows = [(member, stored.get(member.pk)) for member in members_of(run)]
    building = any(s.is_building for s in stored.values())
    newer = AllocationRun.objects.approved().filter(
        federation=run.federation, year=run.year, version__gt=run.version
    )
    return render(
        request,
        "finance/statement_list.html",
        {
            "run": run,
            "rows": rows,
            "building": building,
            "newer": newer.order_by("-version").first(),
            "ready": sum(1 for s in stored.values() if s.has_file),
            "missing": any(s is None or not s.has_file for _m, s in rows),
        },
    )


@require_POST
@federation_view(can_view_finance)
def statements_create(request: FederationRequest, pk: int) -> HttpResponse:
    """Skapa avgiftsbesked: queue every missing (or failed) statement. Whoever may
    read the run may ask: it computes nothing new."""
    run = _get_run(request, pk)
    try:
        queued = request_statements(run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if queued:
            messages.success(
                request, _("The statements are being made: %(n)s.") % {"n": len(queued)}
            )
    return redirect("finance:statements", request.federation.slug, run.pk)


@require_safe
@federation_view(can_view_finance)
def statement_download(
    request: FederationRequest, pk: int, member: int
) -> HttpResponseBase:
    run = _get_run(request, pk)
    statement = (
        MemberStatement.objects.stored()
        .filter(run=run, member_id=member)
        .select_related("member")
        .first()
    )
    if statement is None:
        raise Http404
    name = statement_file_name(run, statement.member)
    return pdf_response(statement.file.open("rb"), name, download=True)


@require_safe
@federation_view(can_view_finance)
def statements_download(request: FederationRequest, pk: int) -> HttpResponse:
    """Every stored statement of the run in one zip file."""
    run = _get_run(request, pk)
    if not MemberStatement.objects.stored().filter(run=run).exists():
        raise Http404
    response = HttpResponse(statements_zip(run), content_type="application/zip")
    name = f"avgiftsbesked-{run.federation.slug}-{run.year}-v{run.version}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@federation_view(can_view_finance)
def instalments(request: FederationRequest, pk: int) -> HttpResponse:
    run = _get_run(request, pk)
    newer = AllocationRun.objects.approved().filter(
        federation=run.federation, year=run.year, version__gt=run.version
    )
    return render(
        request,
        "finance/statement_instalments.html",
        {
            "run": run,
            "rows": instalment_rows(run),
            "form": InstalmentSentForm(),
            "can_edit": can_edit_finance(request.user, request.federation),
            "newer": newer.order_by("-version").first(),
        },
    )


@require_POST
@federation_view(can_edit_finance)
def instalment_sent(request: FederationRequest, pk: int, position: int) -> HttpResponse:
    """Mark one instalment sent: a second submit is refused with the date it was
    marked, and changes nothing."""
    run = _get_run(request, pk)
    form = InstalmentSentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the invoices were sent."))
        return redirect("finance:instalments", request.federation.slug, run.pk)
    try:
        mark_instalment_sent(
            run, position, by=request.user, sent_on=form.cleaned_data["sent_on"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Instalment %(n)s is marked sent: a corrected version of the year "
                "settles against what it invoiced."
            )
            % {"n": position},
        )
    return redirect("finance:instalments", request.federation.slug, run.pk)
