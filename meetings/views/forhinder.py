"""Förhinder and distansdeltagande from Mina sammanträden, the ersättare's answer
link, and the secretary's chain on the meeting page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federation.http import FederationRequest, PublicRequest
from federation.models import Body, Person
from federation.selectors import federation_view
from meetings import services
from meetings.forhinder_selectors import chain_context
from meetings.forms import ForhinderSettingsForm
from meetings.models import DistanceRequest, Forhinder, Meeting
from meetings.permissions import can_manage_meetings, can_view_meetings
from meetings.selectors import get_meeting_for_user
from meetings.services import distance, forhinder
from meetings.services.inkallelse_mail import inkallelse_from_token

ANSWERS = {"kommer": True, "kan-inte": False}


def _back(request: FederationRequest, meeting: Meeting) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("meetings:meeting_detail", request.federation.slug, meeting.pk)


def _own_person(request: FederationRequest) -> Person:
    person = Person.objects.filter(
        federation=request.federation, user=request.user
    ).first()
    if person is None:
        raise Http404
    return person


def _act(request: FederationRequest, pk: int, act, done: str) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    try:
        act(meeting, _own_person(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(request, meeting)


@require_POST
@federation_view(can_view_meetings)
def forhinder_report(request: FederationRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        lambda m, p: forhinder.report_forhinder(m, p, comment=comment, by=request.user),
        _("Your forhinder is reported. We ask a substitute to come in your place."),
    )


@require_POST
@federation_view(can_view_meetings)
def forhinder_withdraw(request: FederationRequest, pk: int) -> HttpResponse:
    def act(meeting: Meeting, person: Person) -> None:
        row = get_object_or_404(Forhinder, meeting=meeting, person=person)
        forhinder.withdraw_forhinder(row, by=request.user)

    return _act(request, pk, act, _("Your forhinder is withdrawn. Welcome!"))


@require_POST
@federation_view(can_view_meetings)
def distance_request(request: FederationRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        lambda m, p: distance.request_distance(m, p, comment=comment, by=request.user),
        _("You have asked to take part at a distance."),
    )


@require_POST
@federation_view(can_view_meetings)
def distance_withdraw(request: FederationRequest, pk: int) -> HttpResponse:
    def act(meeting: Meeting, person: Person) -> None:
        row = get_object_or_404(DistanceRequest, meeting=meeting, person=person)
        distance.withdraw_distance(row, by=request.user)

    return _act(request, pk, act, _("You take part in the room."))


@federation_view(public=True)
def inkallelse_answer(request: PublicRequest, token: str, answer: str) -> HttpResponse:
    """The link of an ersättare's e-mail: GET shows the question and a button (mail
    scanners follow links), POST answers. The signed token is the credential."""
    inkallelse = inkallelse_from_token(token)
    meeting = inkallelse.forhinder.meeting if inkallelse else None
    if (
        inkallelse is None
        or meeting is None
        or answer not in ANSWERS
        or meeting.body.federation_id != request.federation.pk
    ):
        raise Http404
    context = {"inkallelse": inkallelse, "meeting": meeting, "answer": answer}
    if request.method == "POST":
        comes = request.POST.get("answer") == "kommer"
        result = forhinder.answer_inkallelse(inkallelse, comes=comes)
        context["result"] = result.value
    return render(request, "meetings/inkallelse_answer.html", context)


def _forhinder_of(request: FederationRequest, pk: int, forhinder_pk: int) -> Forhinder:
    meeting = get_meeting_for_user(request, pk)
    return get_object_or_404(
        Forhinder.objects.select_related("meeting__body"),
        pk=forhinder_pk,
        meeting=meeting,
    )


def _chosen_person(request: FederationRequest) -> Person:
    return get_object_or_404(
        Person, pk=request.POST.get("person") or 0, federation=request.federation
    )


def _override(request: FederationRequest, pk: int, forhinder_pk: int, act, done):
    row = _forhinder_of(request, pk, forhinder_pk)
    try:
        act(row)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("meetings:meeting_detail", request.federation.slug, row.meeting_id)


@require_POST
@federation_view(can_manage_meetings)
def inkallelse_ask(request: FederationRequest, pk: int, forhinder_pk: int):
    """The secretary asks another ersättare as well."""
    person = _chosen_person(request)
    return _override(
        request,
        pk,
        forhinder_pk,
        lambda row: forhinder.ask_ersattare(row, person, by=request.user),
        _("%(person)s is asked.") % {"person": person.full_name},
    )


@require_POST
@federation_view(can_manage_meetings)
def inkallelse_fill(request: FederationRequest, pk: int, forhinder_pk: int):
    """The secretary has an ersättare's yes by other means."""
    person = _chosen_person(request)
    return _override(
        request,
        pk,
        forhinder_pk,
        lambda row: forhinder.fill_seat(row, person, by=request.user),
        _("%(person)s serves in the seat.") % {"person": person.full_name},
    )


@require_POST
@federation_view(can_manage_meetings)
def inkallelse_stop(request: FederationRequest, pk: int, forhinder_pk: int):
    return _override(
        request,
        pk,
        forhinder_pk,
        lambda row: forhinder.stop_inkallelse(row, by=request.user),
        _("The calling in is stopped."),
    )


@federation_view(can_manage_meetings)
def forhinder_chain(request: FederationRequest, pk: int) -> HttpResponse:
    """The chain as it stands, for the meeting page's regular refresh (htmx)."""
    meeting = get_meeting_for_user(request, pk)
    return render(
        request,
        "meetings/partials/forhinder_chain.html",
        chain_context(meeting),
    )


@federation_view(can_manage_meetings)
def forhinder_settings(request: FederationRequest, body_pk: int) -> HttpResponse:
    """A body's order of calling in ersättare and its distansdeltagande."""
    body = get_object_or_404(Body, pk=body_pk, federation=request.federation)
    current = services.meeting_settings_for(body)
    steps = {f"step_{i}": s for i, s in enumerate(current.ersattare_steps, start=1)}
    form = ForhinderSettingsForm(
        request.POST or None,
        initial={
            **steps,
            "allows_distance": current.allows_distance,
            "answer_hours": current.answer_hours,
            "party_groups": "\n".join(", ".join(g) for g in current.party_groups),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_forhinder(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect(
                "meetings:forhinder_settings", request.federation.slug, body.pk
            )
    return render(
        request, "meetings/forhinder_settings.html", {"body": body, "form": form}
    )
