"""Forms of the protokoll page; each one feeds a single service."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import second_factor, throttle
from core.client_address import client_address
from federation.http import FederationRequest
from federation.models import Person

from .models import Approval, Attendance, Ballot, Paragraph, Vote


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name_with_party


def _persons(attendances: list[Attendance]) -> list[int]:
    return [a.person_id for a in attendances]


class AttendanceForm(forms.Form):
    is_present = forms.BooleanField(label=_("Present"), required=False)
    serving_for = PersonChoice(
        label=_("Serving for"), queryset=Person.objects.none(), required=False
    )
    arrived_at = forms.ModelChoiceField(
        label=_("Arrived at §"), queryset=Paragraph.objects.none(), required=False
    )
    left_after = forms.ModelChoiceField(
        label=_("Left after §"), queryset=Paragraph.objects.none(), required=False
    )

    def __init__(self, *args, minutes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        seats = [a.person_id for a in minutes.attendances.all() if a.is_beslutande_seat]
        self._choices("serving_for").queryset = Person.objects.filter(pk__in=seats)
        paragraphs = minutes.paragraphs.all()
        self._choices("arrived_at").queryset = paragraphs
        self._choices("left_after").queryset = paragraphs

    def _choices(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class ParagraphForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Paragraph.Outcome.choices)
    decision_text = forms.CharField(
        label=_("Decision item"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)
    expected_version = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput
    )


class _PersonForm(forms.Form):
    person = PersonChoice(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args, minutes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = _persons(list(minutes.attendances.all()))
        for name, field in self.fields.items():
            if isinstance(field, PersonChoice):
                field.queryset = Person.objects.filter(pk__in=ids)
                field.label_suffix = ""
                self.fields[name] = field


class JavForm(_PersonForm):
    replaced_by = PersonChoice(
        label=_("Substitute serving for the §"),
        queryset=Person.objects.none(),
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class YrkandeForm(_PersonForm):
    text = forms.CharField(label=_("Yrkande"), widget=forms.Textarea(attrs={"rows": 2}))


class ReservationForm(_PersonForm):
    motivation = forms.CharField(
        label=_("Written motivation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class MotivationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Written motivation"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(_PersonForm):
    text = forms.CharField(
        label=_("Minutes note"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenVoteForm(forms.Form):
    """One Ja/Nej/Avstår field per member taking part in the §."""

    def __init__(self, *args, voters: list[Person], yrkanden: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "–"), *((y.pk, f"{y.proposer}: {y.text}") for y in yrkanden)]
        self.fields["ja_yrkande"] = forms.TypedChoiceField(
            label=_("Yes means"), choices=choices, coerce=int, required=False
        )
        self.fields["nej_yrkande"] = forms.TypedChoiceField(
            label=_("No means"), choices=choices, coerce=int, required=False
        )
        self.voters = voters
        for person in voters:
            self.fields[f"ballot_{person.pk}"] = forms.ChoiceField(
                label=person.name_with_party,
                choices=Ballot.Choice.choices,
                widget=forms.RadioSelect,
            )

    def ballots(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data[f"ballot_{p.pk}"] for p in self.voters}


class ClosedVoteForm(forms.Form):
    ja_count = forms.IntegerField(label=_("Yes"), min_value=0)
    nej_count = forms.IntegerField(label=_("No"), min_value=0)
    avstar_count = forms.IntegerField(label=_("Abstains"), min_value=0, initial=0)
    result = forms.ChoiceField(label=_("Result"), choices=Vote.Result.choices)
    result_text = forms.CharField(label=_("Result in words"), required=False)


class JusterareForm(forms.Form):
    persons = forms.ModelMultipleChoiceField(
        label=_("Justerare"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    planned_on = forms.DateField(label=_("Justering date"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, minutes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        present = [
            a.person_id
            for a in minutes.attendances.all()
            if a.is_present and a.person_id != minutes.chair_id
        ]
        persons = cast(forms.ModelMultipleChoiceField, self.fields["persons"])
        persons.queryset = Person.objects.filter(pk__in=present)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    decision_text = forms.CharField(
        label=_("Corrected decision"), widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(label=_("Why"), max_length=500)


class JusteringForm(forms.Form):
    """A justering is a deliberate act: the password again, and the one-time code
    where the account has a device; `method` then says which was given."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("One-time code from your app"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
    shown_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, request: FederationRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.has_device = second_factor.confirmed_device(request.user) is not None
        if not self.has_device:
            del self.fields["code"]
        self.method = ""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        user = self.request.user
        # A password typed here is a password guessed as at the login: it counts
        # against the login's own throttle (a stolen session must not test
        # passwords freely here).
        try:
            attempt = throttle.begin_attempt(
                user.get_username(),
                client_address(self.request),
                known_device=throttle.is_known_device(
                    self.request, user.get_username()
                ),
            )
        except throttle.Throttled as throttled:
            raise forms.ValidationError(
                ngettext(
                    "Too many attempts. Wait %(seconds)s second and try again.",
                    "Too many attempts. Wait %(seconds)s seconds and try again.",
                    throttled.seconds,
                )
                % {"seconds": throttled.seconds}
            ) from throttled
        if not user.check_password(data.get("password", "")):
            raise forms.ValidationError(_("The password is wrong."))
        throttle.record_success(attempt)
        self.method = Approval.Method.PASSWORD
        if self.has_device:
            try:
                second_factor.verify(self.request, data.get("code", ""))
            except second_factor.CodeRejected as error:
                raise forms.ValidationError(str(error)) from error
            self.method = Approval.Method.PASSWORD_TOTP
        return data
