from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.client_address import client_address
from core.forms import VerifyForm
from core.verification import allow_check, verify_pdf, verify_sha256


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Kontrollera ett protokoll: which stored document a PDF or a sha256 is, and
    whether its seal holds. Public, no login."""
    posted = request.method == "POST"
    form = VerifyForm(request.POST, request.FILES) if posted else VerifyForm()
    context: dict[str, object] = {"form": form, "result": None}
    status = 200
    if posted and form.is_valid():
        if not allow_check(client_address(request)):
            form.add_error(None, _("Too many checks from your address; wait a while."))
            status = 429
        elif form.cleaned_data["file"]:
            context["result"] = verify_pdf(form.cleaned_data["file"])
        else:
            context["result"] = verify_sha256(form.cleaned_data["sha256"])
    return render(request, "core/verify.html", context, status=status)
