"""The Administratör puts a delegationsbeslut or another notice on the anslagstavla
(the justering and the kungörelse are posted by their workflows)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.selectors import delegation_decisions
from federation.http import FederationRequest
from federation.selectors import federation_view
from minutes.permissions import can_edit_minutes
from minutes.services.anslag import post_notice
from public.forms import NoticeForm


@require_http_methods(["GET", "POST"])
@federation_view(can_edit_minutes)
def notice_create(request: FederationRequest) -> HttpResponse:
    federation = request.federation
    form = NoticeForm(
        request.POST or None,
        decisions=delegation_decisions(federation).order_by("-date", "-pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            post_notice(federation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The notice is on the anslagstavla."))
            return redirect("minutes:anslagstavla", federation.slug)
    return render(
        request,
        "public/notice_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
