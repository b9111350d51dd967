"""Publishing the kallelse from the builder, and making a failed PDF again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.documents import retry_failed_build
from federation.http import FederationRequest
from federation.selectors import federation_view
from meetings import services
from meetings.forms import PublishForm
from meetings.models import KallelseVersion
from meetings.permissions import can_manage_meetings
from meetings.selectors import get_meeting_for_user

from .agenda import builder_context


@require_POST
@federation_view(can_manage_meetings)
def publish(request: FederationRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.publish_kallelse(
                meeting,
                by=request.user,
                late_reason=form.cleaned_data["late_reason"],
                change_note=form.cleaned_data["change_note"],
                number=form.cleaned_data["number"],
            )
        except ValidationError as error:
            if error.code != "published":
                form.add_error(None, error)
            else:  # a second submit of the same page: the first one published it
                messages.info(request, " ".join(error.messages))
                return redirect("meetings:agenda", request.federation.slug, meeting.pk)
        else:
            # The PDF is made by the worker; the page shows its status as it goes.
            messages.success(
                request,
                _(
                    "Version %(number)s of the kallelse is published. Its PDF is "
                    "being made; the kallade are e-mailed once it is ready."
                )
                % {"number": version.number},
            )
            return redirect("meetings:agenda", request.federation.slug, meeting.pk)
    # The builder again, the form with what was typed and why it was refused.
    context = builder_context(request, meeting)
    context["publish_form"] = form
    return render(request, "meetings/agenda.html", context, status=400)


@never_cache
@federation_view(can_manage_meetings)
def kallelse_status(request: FederationRequest, pk: int, number: int) -> HttpResponse:
    """The build status of one version: the fragment the builder polls (every 2 s
    while the PDF is being made; the answer without polling ends it)."""
    meeting = get_meeting_for_user(request, pk)
    version = get_object_or_404(KallelseVersion, meeting=meeting, number=number)
    return render(
        request,
        "meetings/partials/kallelse_status.html",
        {"meeting": meeting, "v": version},
    )


@require_POST
@federation_view(can_manage_meetings)
def retry_kallelse(request: FederationRequest, pk: int, number: int) -> HttpResponse:
    """A kallelse version whose PDF failed is made again when the secretary asks."""
    meeting = get_meeting_for_user(request, pk)
    version = get_object_or_404(KallelseVersion, meeting=meeting, number=number)
    if retry_failed_build(version, by=request.user):
        messages.success(request, _("The kallelse PDF is being made again."))
    return redirect("meetings:agenda", request.federation.slug, meeting.pk)
