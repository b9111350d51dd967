"""The steps of one §: its beslut, jäv, yrkande, votering, reservation,
protokollsanteckning, omedelbar justering, rättelse and expediering."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from federation.http import FederationRequest
from federation.selectors import federation_view
from minutes import expedition, forms, services
from minutes.models import MinutesNote, Paragraph, Reservation, Yrkande
from minutes.permissions import can_edit_minutes
from minutes.quorum import quorum_for

from .common import detail_url, invalid, minutes_or_404, paragraph_or_404, refused


def _back(request: FederationRequest, paragraph: Paragraph) -> HttpResponse:
    """To the § on the protokoll's page."""
    return redirect(
        detail_url(request, paragraph.minutes.meeting_id, f"p{paragraph.pk}")
    )


@require_POST
@federation_view(can_edit_minutes)
def decision(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    try:
        services.record_decision(paragraph, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def jav(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.JavForm(request.POST, minutes=paragraph.minutes)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    data = form.cleaned_data
    try:
        services.add_disqualification(
            paragraph,
            person=data["person"],
            replaced_by=data["replaced_by"],
            reason=data["reason"],
            by=request.user,
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def yrkande(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.YrkandeForm(request.POST, minutes=paragraph.minutes, new=True)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    data = form.cleaned_data
    try:
        services.add_yrkande(
            paragraph,
            proposer=data["person"],
            text=data["text"],
            form_token=data["form_token"],
            by=request.user,
        )
    except services.AlreadySaved:
        messages.info(request, _("Already saved."))
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def edit_yrkande(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """Change a yrkande until the protokoll is sent for justering."""
    minutes = minutes_or_404(request, meeting_pk)
    row = get_object_or_404(Yrkande, pk=pk, paragraph__minutes=minutes)
    form = forms.YrkandeForm(request.POST, minutes=minutes)
    if not form.is_valid():
        invalid(request, form)
    else:
        data = form.cleaned_data
        try:
            services.update_yrkande(
                row, proposer=data["person"], text=data["text"], by=request.user
            )
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The yrkande is changed."))
    return _back(request, row.paragraph)


@require_POST
@federation_view(can_edit_minutes)
def remove_yrkande(
    request: FederationRequest, meeting_pk: int, pk: int
) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    row = get_object_or_404(Yrkande, pk=pk, paragraph__minutes=minutes)
    try:
        services.remove_yrkande(row, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The yrkande is removed."))
    return _back(request, row.paragraph)


@require_POST
@federation_view(can_edit_minutes)
def edit_note(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """Change a protokollsanteckning until the protokoll is sent for justering."""
    minutes = minutes_or_404(request, meeting_pk)
    row = get_object_or_404(MinutesNote, pk=pk, paragraph__minutes=minutes)
    form = forms.NoteForm(request.POST, minutes=minutes)
    if not form.is_valid():
        invalid(request, form)
    else:
        data = form.cleaned_data
        try:
            services.update_note(
                row, person=data["person"], text=data["text"], by=request.user
            )
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(request, _("The minutes note is changed."))
    return _back(request, row.paragraph)


@require_POST
@federation_view(can_edit_minutes)
def remove_note(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    minutes = minutes_or_404(request, meeting_pk)
    row = get_object_or_404(MinutesNote, pk=pk, paragraph__minutes=minutes)
    try:
        services.remove_note(row, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The minutes note is removed."))
    return _back(request, row.paragraph)


@federation_view(can_edit_minutes)
def open_vote(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A named votering: one Ja / Nej / Avstår per member taking part in the §."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    voters = quorum_for(paragraph).participants
    yrkanden = list(paragraph.yrkanden.select_related("proposer"))
    form = forms.OpenVoteForm(request.POST or None, voters=voters, yrkanden=yrkanden)
    if request.method == "POST" and form.is_valid():
        by_pk = {y.pk: y for y in yrkanden}
        data = form.cleaned_data
        try:
            services.record_open_vote(
                paragraph,
                ballots=form.ballots(),
                by=request.user,
                ja_yrkande=by_pk.get(data["ja_yrkande"]),
                nej_yrkande=by_pk.get(data["nej_yrkande"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The votering is recorded."))
            return _back(request, paragraph)
    return render(
        request,
        "minutes/open_vote.html",
        {"form": form, "paragraph": paragraph, "meeting": paragraph.minutes.meeting},
    )


@require_POST
@federation_view(can_edit_minutes)
def closed_vote(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A sluten omröstning: only the counts and the result."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.ClosedVoteForm(request.POST)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    try:
        services.record_closed_vote(paragraph, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def reservation(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A reservation announced at the meeting, with its motivation if given."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.ReservationForm(request.POST, minutes=paragraph.minutes)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    data = form.cleaned_data
    try:
        services.announce_reservation(
            paragraph,
            person=data["person"],
            motivation=data["motivation"],
            by=request.user,
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def reservation_motivation(
    request: FederationRequest, meeting_pk: int, pk: int
) -> HttpResponse:
    """The secretary adds the written motivation that came after the meeting."""
    minutes = minutes_or_404(request, meeting_pk)
    row = get_object_or_404(Reservation, pk=pk, paragraph__minutes=minutes)
    back = redirect(detail_url(request, meeting_pk, f"p{row.paragraph_id}"))
    form = forms.MotivationForm(request.POST)
    if not form.is_valid():
        invalid(request, form)
        return back
    try:
        services.update_reservation_motivation(
            row, motivation=form.cleaned_data["motivation"], by=request.user
        )
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return back


@require_POST
@federation_view(can_edit_minutes)
def note(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A protokollsanteckning of a member."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.NoteForm(request.POST, minutes=paragraph.minutes, new=True)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    data = form.cleaned_data
    try:
        services.add_note(
            paragraph,
            person=data["person"],
            text=data["text"],
            form_token=data["form_token"],
            by=request.user,
        )
    except services.AlreadySaved:
        messages.info(request, _("Already saved."))
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def justera_now(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """Omedelbar justering of the § at the meeting."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    try:
        services.justera_immediately(paragraph, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The § is approved at the meeting."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def remove_paragraph(
    request: FederationRequest, meeting_pk: int, pk: int
) -> HttpResponse:
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    try:
        services.remove_paragraph(paragraph, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("The § is removed."))
    return redirect(detail_url(request, meeting_pk))


@require_POST
@federation_view(can_edit_minutes)
def correction(request: FederationRequest, meeting_pk: int, pk: int) -> HttpResponse:
    """A rättelse of a justerat §."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        invalid(request, form)
        return _back(request, paragraph)
    try:
        services.record_correction(paragraph, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Saved."))
    return _back(request, paragraph)


@require_POST
@federation_view(can_edit_minutes)
def expedite_paragraph(
    request: FederationRequest, meeting_pk: int, pk: int
) -> HttpResponse:
    """The protokollsutdrag of one justerad § sent and registered in the diarium."""
    paragraph = paragraph_or_404(request, meeting_pk, pk)
    try:
        expedition.expedite_paragraph(paragraph, by=request.user)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(
            request, _("The minutes extract is sent and registered in the diarium.")
        )
    return _back(request, paragraph)
