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
from .services import RELOAD_MESSAGE, UppropRow


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name_with_party


def _persons(attendances: list[Attendance]) -> list[int]:
    return [a.person_id for a in attendances]


class UppropForm(forms.Form):
    """The whole upprop in one form: per person present or not, for an ersättare the
    ledamot they serve for, and (once there are §§) when they came or left."""

    def __init__(
        self,
        *args,
        attendances: list[Attendance],
        paragraphs: list,
        allows_distance: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allows_distance = allows_distance or any(
            a.at_distance for a in attendances
        )
        seats = [
            (a.person_id, a.person.full_name)
            for a in attendances
            if a.is_beslutande_seat
        ]
        numbers = [(p.pk, f"§ {p.number}") for p in paragraphs]
        self.rows: list[dict[str, Any]] = []
        for a in attendances:
            row: dict[str, Any] = {"attendance": a}
            row["present"] = self._add(
                f"present_{a.pk}",
                forms.BooleanField(
                    label=_("Present"), required=False, initial=a.is_present
                ),
            )
            if self.allows_distance:
                row["distance"] = self._add(
                    f"distance_{a.pk}",
                    forms.BooleanField(
                        label=_("At a distance"),
                        required=False,
                        initial=a.at_distance,
                    ),
                )
            if a.role == Attendance.Role.ERSATTARE:
                row["serving"] = self._add(
                    f"serving_{a.pk}",
                    self._choice(_("Serving for"), seats, a.serving_for_id),
                )
            if numbers:
                row["arrived"] = self._add(
                    f"arrived_{a.pk}",
                    self._choice(_("From §"), numbers, a.arrived_at_id),
                )
                row["left"] = self._add(
                    f"left_{a.pk}", self._choice(_("To §"), numbers, a.left_after_id)
                )
            self.rows.append(row)

    def _add(self, name: str, field: forms.Field) -> forms.BoundField:
        self.fields[name] = field
        return self[name]

    @staticmethod
    def _choice(label: Any, choices: list, initial: int | None) -> forms.Field:
        return forms.TypedChoiceField(
            label=label,
            choices=[("", "–"), *choices],
            coerce=int,
            required=False,
            empty_value=None,
            initial=initial,
        )

    def upprop_rows(self) -> list[UppropRow]:
        data = self.cleaned_data
        return [
            UppropRow(
                attendance_id=a.pk,
                is_present=data[f"present_{a.pk}"],
                serving_for_id=data.get(f"serving_{a.pk}"),
                arrived_at_id=data.get(f"arrived_{a.pk}"),
                left_after_id=data.get(f"left_{a.pk}"),
                at_distance=bool(data.get(f"distance_{a.pk}", False)),
            )
            for a in (row["attendance"] for row in self.rows)
        ]


class _TokenForm(forms.Form):
    """A form that creates a row: its token makes a repeated submit find that row.

    The form that adds (`new=True`) needs its token: without one a double submit
    would store two rows, so it is refused with the "reload the page" answer. The
    same form class changing a row (`new=False`) has no token."""

    form_token = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"required": RELOAD_MESSAGE, "invalid": RELOAD_MESSAGE},
    )

    def __init__(self, *args, new: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"].required = new


class ParagraphForm(_TokenForm):
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


class YrkandeForm(_PersonForm, _TokenForm):
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


class NoteForm(_PersonForm, _TokenForm):
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

    @property
    def ballot_fields(self) -> list[dict[str, Any]]:
        """Per voter the person and the bound Ja/Nej/Avstår field (one fieldset)."""
        return [{"person": p, "field": self[f"ballot_{p.pk}"]} for p in self.voters]

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
    planned_on = forms.DateField(
        label=_("Justering date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=_("Place of the justering"), max_length=200, required=False
    )

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
