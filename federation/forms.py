import datetime

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.forms import limit_choices

from .models import Assignment, Federation, Member, Person
from .officials import Official
from .roles import Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CompositionDateForm(forms.Form):
    datum = forms.DateField(label=_("Date"), required=False, widget=DateInput())


class AssignmentForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices)
    representing = forms.ModelChoiceField(
        label=_("Representing"), queryset=Member.objects.none(), required=False
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_to = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    decision = forms.CharField(
        label=_("Appointing decision"), max_length=200, required=False
    )
    ersattare_order = forms.IntegerField(
        label=_("Order among substitutes"), min_value=1, required=False
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(federation=federation).select_related("party")
        limit_choices(self, "person", people)
        limit_choices(
            self, "representing", Member.objects.filter(federation=federation)
        )


class FillVacancyForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Successor"), queryset=Person.objects.none()
    )
    starts_on = forms.DateField(
        label=_("Successor starts"), widget=DateInput(), initial=datetime.date.today
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=200,
        help_text=_("For example: the board, 2024-03-01 § 4."),
    )

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(federation=federation).select_related("party")
        limit_choices(self, "successor", people)


class GrantRoleForm(forms.Form):
    """A role for an existing account, named by its username."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("The account must exist; the user logs in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("There is no user with the username %(username)s."),
                params={"username": username},
            )
        return user


class OfficialForm(forms.Form):
    """A post in the officials' register: a person of the register, or a name."""

    role = forms.ChoiceField(label=_("Post"), choices=Official.Role.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        help_text=_("As printed under the signature, e.g. Director of the federation."),
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("A person of the register; or give the name below."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, federation: Federation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "person", Person.objects.filter(federation=federation))

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose a person or give a name."))
        return data


class EndOfficialForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day"), widget=DateInput(), initial=datetime.date.today
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG or JPEG, at most 2 MB. It is printed on the kallelse."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
