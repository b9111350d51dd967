"""The bodies' obligations (issue 22.2): the rules page of a body, the requests
for an extra meeting, and the status shown on the body's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms_obligations import BodyRulesForm, ExtraMeetingForm
from .http import FederationRequest
from .models import Assignment, Body, Person
from .models_obligations import ProtokollDispatch
from .obligations import ask_for_extra_meeting, open_requests, rules_of, save_rules
from .obligations import standing as standing_of
from .permissions import can_edit_register, can_view_register, has_role
from .roles import STAFF_ROLES
from .selectors import federation_view


def _seated(body: Body):
    return Person.objects.filter(
        pk__in=Assignment.objects.active_on(timezone.localdate())
        .filter(body=body, role__in=Assignment.BESLUTANDE)
        .values("person_id")
    )


def _own_person(request: FederationRequest) -> Person | None:
    return Person.objects.filter(
        federation=request.federation, user=request.user
    ).first()


def rules_ids(bodies: QuerySet[Body]) -> list[int | None]:
    """The body's rules' id (None: it has none) in a list, empty when there is no
    such body: the body page's one check of both."""
    return list(bodies.values_list("obligations", flat=True))


def obligations_notices(request: FederationRequest, pk: int) -> str:
    """The body's obligations and how it stands today, rendered per request (they
    read meetings and requests, which the body page's cache does not follow)."""
    body = Body.objects.select_related("federation").get(pk=pk)
    rules = rules_of(body)
    if rules is None:
        return ""
    is_staff = has_role(request.user, request.federation, *STAFF_ROLES)
    own = _own_person(request)
    requests = open_requests(body)
    context = {
        "body": body,
        "rules": rules,
        "standing": standing_of(body, rules=rules),
        "requests": requests,
        "can_edit": can_edit_register(request.user, request.federation),
        "is_staff": is_staff,
        "may_ask": own is not None
        and _seated(body).filter(pk=own.pk).exists()
        and all(r.person_id != own.pk for r in requests),
        "form": ExtraMeetingForm(persons=_seated(body) if is_staff else None),
        "dispatches": ProtokollDispatch.objects.filter(minutes__meeting__body=body)
        .select_related("recipient", "document", "minutes__meeting")
        .order_by("-sent_at")[:20],
    }
    return render_to_string("federation/partials/obligations.html", context, request)


@federation_view(can_edit_register)
def body_rules(request: FederationRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk, federation=request.federation)
    form = BodyRulesForm(request.POST or None, instance=rules_of(body), body=body)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        expedite_to = list(values.pop("expedite_to"))
        lead = values.pop("kallelse_lead_days")
        try:
            save_rules(
                body,
                values=values,
                expedite_to=expedite_to,
                kallelse_lead_days=lead,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The obligations of the body are saved."))
            return redirect(body)
    return render(request, "federation/body_rules.html", {"body": body, "form": form})


@require_POST
@federation_view(can_view_register)
def extra_meeting_request(request: FederationRequest, pk: int) -> HttpResponse:
    """A ledamot asks for themself; the secretariat records who asked."""
    body = get_object_or_404(Body, pk=pk, federation=request.federation)
    is_staff = has_role(request.user, request.federation, *STAFF_ROLES)
    form = ExtraMeetingForm(request.POST, persons=_seated(body) if is_staff else None)
    person = _own_person(request)
    if not form.is_valid():
        messages.error(request, _("Choose who asked for the extra meeting."))
        return redirect(body)
    person = form.cleaned_data.get("person") or person
    if person is None:
        messages.error(request, _("You are not a member of this body."))
        return redirect(body)
    try:
        ask_for_extra_meeting(
            body, person, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request for an extra meeting is recorded."))
    return redirect(body)
